import { resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { registerPglite } from '../db';
import { loadAlembicMigrations } from '../migrations/alembic';
import type { DriftboardConfig, EnvironmentConfig } from '../model/config';
import { UserInputError } from '../model/errors';
import { DemoDatabase } from './build';
import { claimCachedDemo, demoCacheKey, demoCacheRoot, markCacheDamaged, openCachedDatabase, saveDemoCache } from './cache';
import type { ClaimedDemo } from './cache';
import { lazyPglite } from './lazy';
import { freshDemoDatabase } from './template';
import { DEMO_ENVIRONMENTS, DEMO_SCENARIO, UNREACHABLE_URL } from './scenario';
import type { DemoEnvironment } from './scenario';

export { seedDemoHistory } from './history';
export type { CheckEnvironmentFn } from './history';
export * from './scenario';

/** Where the bundled example project lives; the app and the CLI run from the repository root. */
export function demoMigrationsPath(): string {
  return resolve(process.cwd(), 'lib/demo/project/versions');
}

/** Registered name of a demo environment's in-process database (`pglite://demo-production`). */
export function demoDatabaseName(env: DemoEnvironment): string {
  return `demo-${env}`;
}

export interface StartDemoOptions {
  /** Demo environments to show as unreachable (their database is not built). */
  unreachable?: string[];
}

interface BuiltDemo {
  config: DriftboardConfig;
  databases: Map<DemoEnvironment, PGlite>;
}

const HOLDER_KEY = Symbol.for('driftboard.demo');
const holder = ((globalThis as Record<symbol, unknown>)[HOLDER_KEY] ??= { promise: null, saving: null }) as {
  promise: Promise<BuiltDemo> | null;
  /** The background save of freshly built databases to the demo cache, if one is running. */
  saving: Promise<void> | null;
};

/** Resolves once freshly built demo databases are saved (at once if nothing is being saved). */
export async function demoCacheSaved(): Promise<void> {
  await holder.saving;
}

/**
 * Builds the embedded demo once per process: three in-memory PGlite databases (local, staging,
 * production) brought to their drifted state from the bundled Alembic project, registered as
 * `pglite://demo-<env>`. Options only count on the first call.
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<DriftboardConfig> {
  const unreachable = unreachableSet(options.unreachable ?? []);
  if (!holder.promise) {
    holder.promise = buildDemo(unreachable);
    holder.promise.catch(() => {
      holder.promise = null;
    });
  }
  const built = await holder.promise;
  // Registered on every call: a bundler may have given this caller its own copy of lib/db's registry.
  for (const [env, db] of built.databases) registerPglite(demoDatabaseName(env), db);
  return built.config;
}

function unreachableSet(names: string[]): Set<DemoEnvironment> {
  for (const name of names) {
    if (!(DEMO_ENVIRONMENTS as readonly string[]).includes(name)) {
      throw new UserInputError(
        `DRIFTBOARD_DEMO_UNREACHABLE: unknown demo environment "${name}" (expected ${DEMO_ENVIRONMENTS.join(', ')})`,
      );
    }
  }
  return new Set(names as DemoEnvironment[]);
}

async function buildDemo(unreachable: Set<DemoEnvironment>): Promise<BuiltDemo> {
  const path = demoMigrationsPath();
  const live = DEMO_ENVIRONMENTS.filter((name) => !unreachable.has(name));
  const root = demoCacheRoot();
  const key = root ? await demoCacheKey(path) : null;
  const claim = root && key ? await claimCachedDemo(root, key, live) : null;
  let databases: Map<DemoEnvironment, PGlite>;
  if (claim) {
    // Saved databases start when first polled: the first overview is answered from the stored state meanwhile.
    databases = new Map(live.map((env) => [env, lazyPglite(() => reopenOrBuild(claim, env, path))]));
  } else {
    databases = await buildDatabases(path, live);
    // Only a full set is kept: a start with an environment made unreachable must not leave a cache without it.
    if (root && key && live.length === DEMO_ENVIRONMENTS.length) {
      // Not awaited: this start serves the in-memory databases at once; the next one reopens the saved copy.
      holder.saving = saveDemoCache(root, key, databases).catch((err: unknown) =>
        console.error(`driftboard: could not keep the demo databases in ${root}: ${(err as Error).message}`),
      );
    }
  }
  const environments: EnvironmentConfig[] = DEMO_ENVIRONMENTS.map((name) => {
    const db = databases.get(name);
    return { name, url: db ? registerPglite(demoDatabaseName(name), db) : UNREACHABLE_URL, schemas: null, pollIntervalSeconds: 60 };
  });
  return {
    config: { file: null, migrations: { tool: 'alembic', path }, environments, shadowUrl: null },
    databases,
  };
}

/** A saved database, or, when it does not open or is not the one saved, this environment built in memory. */
async function reopenOrBuild(claim: ClaimedDemo, env: DemoEnvironment, path: string): Promise<PGlite> {
  try {
    return await openCachedDatabase(claim, env);
  } catch (err) {
    await markCacheDamaged(claim, `${env}: ${(err as Error).message}`);
    return (await buildDatabases(path, [env])).get(env)!;
  }
}

/** Three in-memory databases brought to their scenario state (tens of seconds: production has a million rows). */
async function buildDatabases(path: string, names: readonly DemoEnvironment[]): Promise<Map<DemoEnvironment, PGlite>> {
  const set = await loadAlembicMigrations(path);
  const databases = new Map<DemoEnvironment, PGlite>();
  // One after the other: PGlite runs on this thread, so building in parallel would gain nothing.
  for (const name of names) {
    const db = await freshDemoDatabase();
    const demo = new DemoDatabase(db, set.migrations);
    for (const step of DEMO_SCENARIO[name]) await demo.apply(step);
    databases.set(name, db);
  }
  return databases;
}
