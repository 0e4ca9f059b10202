import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PROJECT, keyOf, type DriftboardConfig, type DriftboardSetup, type EnvironmentConfig } from '../model/config';
import type { MigrationSet } from '../model/migration';
import { passwordOf, redactUrl } from '../db/redact';
import { loadSetup, DEFAULT_CONFIG_FILE } from '../config';
import { loadMigrationSet } from '../migrations/load';
import { openStore } from '../store';
import type { Store } from '../store/types';
import { startPoller } from '../poller';
import { createAlerter } from '../alerts';
import type { Alerter } from '../alerts';
import type { Poller } from '../poller';
import { checkEnvironment } from '../status';
import { configureExpectedCache } from '../expected';
import { expectedCacheStore } from '../store/expected-cache';
import { BadRequestError } from '../auth/errors';
import { AppStartError, NotFoundError } from './errors';

/** One project of the dashboard: its config (migrations, models, environments) and migration set. */
export interface ProjectEntry {
  /** `projects[].name`; DEFAULT_PROJECT in a one-project config. */
  name: string;
  config: DriftboardConfig;
  migrations: MigrationSet;
}

/**
 * Everything the server-side reads share, built once per process, seen from one project: `config` and
 * `migrations` are that project's (the only one in a one-project config); `projects` holds every project.
 */
export interface AppContext {
  config: DriftboardConfig;
  /** The project this view is of. */
  project: ProjectEntry;
  /** Every project, in config order. */
  projects: ProjectEntry[];
  /** True for a `projects: [...]` config: pages and the API carry `?project=` and environment keys are `project/name`. */
  multiProject: boolean;
  /** True when no driftboard.config.json was found and the embedded demo runs. */
  demo: boolean;
  store: Store;
  migrations: MigrationSet;
  /** Every password the config holds: scrubbed from anything the app serves. */
  secrets: string[];
  poller: Poller;
  /** Null without an `alerts` config. */
  alerter: Alerter | null;
  startedAt: string;
  /** Change counts between two stored schemas, by hash pair: stored schemas never change, so neither do they. */
  caches: { diffCounts: Map<string, number> };
}

interface Holder {
  promise: Promise<AppContext> | null;
  failedAt: number;
}

/** A failed start is retried after this long, so fixing the config file recovers without a restart. */
const RETRY_AFTER_MS = 5_000;

const GLOBAL_KEY = Symbol.for('driftboard.app-context');
const holder: Holder = ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] as Holder | undefined) ??
  ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] = { promise: null, failedAt: 0 } satisfies Holder) as Holder;

/**
 * The process-wide context: config (or the demo), history store, migration set and the running poller.
 * Cached on globalThis so dev-server reloads do not start a second poller. A start failure (bad config)
 * rejects with an AppStartError carrying the config's one-line message; pages and the API show it.
 */
export function getAppContext(): Promise<AppContext> {
  if (holder.promise && !(holder.failedAt && Date.now() - holder.failedAt > RETRY_AFTER_MS)) return holder.promise;
  holder.failedAt = 0;
  const promise = createContext().catch((err: unknown) => {
    holder.failedAt = Date.now();
    throw err instanceof AppStartError ? err : new AppStartError(err instanceof Error ? err.message : String(err), { cause: err });
  });
  holder.promise = promise;
  return promise;
}

/**
 * The context seen from one project: `project` by name (404 naming the known ones), else the one project
 * holding `environment` (when only one does), else the only project; several candidates are a 400 asking
 * for `?project=`.
 */
export async function getProjectContext(project?: string | null, environment?: string | null): Promise<AppContext> {
  return projectView(await getAppContext(), project, environment);
}

export function projectView(ctx: AppContext, project?: string | null, environment?: string | null): AppContext {
  const names = ctx.projects.map((p) => p.name);
  let entry: ProjectEntry | undefined;
  if (project) {
    entry = ctx.projects.find((p) => p.name === project);
    if (!entry) throw new NotFoundError(`no project named "${project}" (configured: ${names.join(', ')})`);
  } else if (ctx.projects.length === 1) {
    entry = ctx.projects[0];
  } else {
    const holding = projectsHolding(ctx, environment);
    if (holding.length === 1) entry = holding[0];
    else {
      const which = environment && holding.length > 1 ? `environment "${environment}" is in ${holding.length} projects` : `${names.length} projects are configured`;
      throw new BadRequestError(`${which}: pass ?project= (one of ${names.join(', ')})`);
    }
  }
  return entry === ctx.project ? ctx : { ...ctx, project: entry, config: entry.config, migrations: entry.migrations };
}

/** Every configured environment of every project, with its project. */
export function allEnvironments(ctx: AppContext): Array<{ project: ProjectEntry; env: EnvironmentConfig }> {
  return ctx.projects.flatMap((project) => project.config.environments.map((env) => ({ project, env })));
}

/** Which config file the app uses: DRIFTBOARD_CONFIG when set (it must exist), else ./driftboard.config.json if present. */
export function configFilePath(): string | null {
  const explicit = process.env.DRIFTBOARD_CONFIG;
  if (explicit) return path.resolve(explicit);
  const fallback = path.resolve(DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : null;
}

async function createContext(): Promise<AppContext> {
  const file = configFilePath();
  const setup: DriftboardSetup = file ? await loadSetup(file) : await startEmbeddedDemo();
  const demo = setup.file === null;
  // The demo keeps its made-up history apart from a real store (unless the data folder is chosen explicitly).
  const dataDir = demo ? process.env.DRIFTBOARD_DATA_DIR || 'data/demo-store' : undefined;
  const store = await (demo ? openStore({ databaseUrl: null, dataDir }) : openStore()).catch((err: unknown) => {
    const where = dataDir ?? (process.env.DATABASE_URL ? 'DATABASE_URL' : process.env.DRIFTBOARD_DATA_DIR || 'data/store');
    throw new AppStartError(`cannot open the history store (${where}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  // Expected schemas are kept by content between starts (shared by instances on one machine), and in the
  // PostgreSQL history store when there is one (shared by every instance): through the app's own store, so no
  // second pool; never the demo's made-up projects.
  const shareThrough = !demo && process.env.DATABASE_URL ? expectedCacheStore(store) : null;
  configureExpectedCache({ dir: path.resolve(process.env.DRIFTBOARD_CACHE_DIR || 'data/cache'), store: shareThrough });
  if (demo) {
    const { seedDemoHistory } = await import('../demo');
    await seedDemoHistory(store, setup.projects[0], checkEnvironment);
  }
  const projects: ProjectEntry[] = [];
  for (const config of setup.projects) {
    projects.push({ name: config.project ?? DEFAULT_PROJECT, config, migrations: await loadMigrationSet(config.migrations) });
  }
  const secrets = secretsOf(setup);
  const byKey = new Map(projects.flatMap((p) => p.config.environments.map((env) => [keyOf(env), { project: p, env }] as const)));
  // Deliveries run in the alerter's own queue: the poller only hands each recorded poll over.
  const alerter = setup.alerts
    ? createAlerter({ store, config: setup.alerts, migrations: (key) => byKey.get(key)?.project.migrations ?? null, secrets })
    : null;
  const poller = startPoller({
    store,
    // The poller knows environments by their store key (`project/name` when there are projects).
    environments: [...byKey.entries()].map(([key, { env }]) => ({ ...env, name: key })),
    onRecorded: alerter ? (poll) => alerter.onRecorded(poll) : undefined,
    // The set the pages show (head, pending) is the one every poll rates against: read once per process.
    // The poller's grant is the connection budget: with 1 session the catalog is read on one connection.
    check: (keyed, grant) => {
      const { project, env } = byKey.get(keyed.name)!;
      return checkEnvironment(project.config, env, { set: project.migrations, sessions: grant.sessions });
    },
  });
  return {
    config: projects[0].config,
    project: projects[0],
    projects,
    multiProject: setup.multiProject,
    demo,
    store,
    migrations: projects[0].migrations,
    secrets,
    poller,
    alerter,
    startedAt: new Date().toISOString(),
    caches: { diffCounts: new Map() },
  };
}

async function startEmbeddedDemo(): Promise<DriftboardSetup> {
  const { startDemo } = await import('../demo');
  const unreachable = process.env.DRIFTBOARD_DEMO_UNREACHABLE?.split(',').map((s) => s.trim()).filter(Boolean);
  const config = await startDemo({ unreachable });
  return { file: null, projects: [config], multiProject: false, alerts: config.alerts ?? null };
}

/** Passwords, and whole connection URLs (raw and redacted), longest first: none may reach a response. */
function secretsOf(setup: DriftboardSetup): string[] {
  const urls = [
    ...setup.projects.flatMap((p) => [...p.environments.map((e) => e.url), p.shadowUrl ?? '']),
    process.env.DATABASE_URL ?? '',
  ].filter(Boolean);
  const all = urls.flatMap((u) => [u, redactUrl(u), passwordOf(u)]).filter((s) => s.length >= 3);
  return [...new Set(all)].sort((a, b) => b.length - a.length);
}

/**
 * The project a page shows: the one asked for (`?project=`), else the one holding `environment`, else the
 * first. Pages carry a project picker when there are several, so a default is visible, never silent.
 */
export async function pageProject(asked?: string | null, environment?: string | null): Promise<string | undefined> {
  if (asked) return asked;
  const ctx = await getAppContext();
  if (!ctx.multiProject) return undefined;
  const holding = projectsHolding(ctx, environment);
  return holding.length === 1 ? holding[0].name : ctx.projects[0].name;
}

/** The projects with an environment called `environment` (none without a name). */
function projectsHolding(ctx: AppContext, environment: string | null | undefined): ProjectEntry[] {
  return environment ? ctx.projects.filter((p) => p.config.environments.some((e) => e.name === environment)) : [];
}

/** The project pages and links carry (`?project=`): null in a one-project config. */
export function shownProject(ctx: AppContext): string | null {
  return ctx.multiProject ? ctx.project.name : null;
}

/** The project shown and every project's name (empty with one project), as pickers need them. */
export function projectChoice(ctx: AppContext): { project: string | null; projects: string[] } {
  return { project: shownProject(ctx), projects: ctx.multiProject ? ctx.projects.map((p) => p.name) : [] };
}
