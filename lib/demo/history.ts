import { registerPglite, unregisterPglite } from '../db';
import { loadAlembicMigrations } from '../migrations/alembic';
import type { DriftboardConfig, EnvironmentConfig } from '../model/config';
import type { MigrationSet } from '../model/migration';
import type { EnvironmentCheck } from '../model/status';
import { listPolls, recordCheck } from '../store';
import type { Store } from '../store/types';
import { DemoDatabase } from './build';
import { freshDemoDatabase } from './template';
import { DEMO_ENVIRONMENTS, DEMO_SCENARIO, UNREACHABLE_URL } from './scenario';
import type { DemoEnvironment, DemoStep } from './scenario';

/** lib/status's checkEnvironment, passed in so this module does not depend on the whole engine. */
export type CheckEnvironmentFn = (
  config: DriftboardConfig,
  env: EnvironmentConfig,
  options?: { set?: MigrationSet },
) => Promise<EnvironmentCheck>;

const HOUR_MS = 3_600_000;
/** Between two steps the past poller is shown polling this often (one row each: the schema is unchanged). */
const REPEAT_EVERY_HOURS = 12;

/**
 * Gives a fresh store a believable past for the demo environments it has no polls of yet: each
 * environment's scenario is replayed step by step on a scratch PGlite, and after every step a REAL
 * check (checkEnvironment on that database) is recorded. Only the timestamps are simulated: they are
 * backdated to when the scenario says the step happened. Outages are real checks of a refused URL.
 * Must run before the poller records its first poll, so the live polls continue this history.
 */
export async function seedDemoHistory(
  store: Store,
  config: DriftboardConfig,
  check: CheckEnvironmentFn,
  now: Date = new Date(),
): Promise<{ seeded: string[] }> {
  const seeded: string[] = [];
  const targets = config.environments.filter((e): e is EnvironmentConfig & { name: DemoEnvironment } =>
    (DEMO_ENVIRONMENTS as readonly string[]).includes(e.name),
  );
  let set: MigrationSet | null = null;
  for (const env of targets) {
    if ((await listPolls(store, env.name, { limit: 1 })).length > 0) continue;
    const loaded = (set ??= await loadAlembicMigrations(config.migrations.path));
    await replay(store, config, check, env, loaded, now);
    seeded.push(env.name);
  }
  return { seeded };
}

async function replay(
  store: Store,
  config: DriftboardConfig,
  check: CheckEnvironmentFn,
  env: EnvironmentConfig & { name: DemoEnvironment },
  set: MigrationSet,
  now: Date,
): Promise<void> {
  const scratchName = `demo-history-${env.name}`;
  const db = await freshDemoDatabase();
  try {
    const scratch = { ...env, url: registerPglite(scratchName, db) };
    const demo = new DemoDatabase(db, set.migrations);
    const steps = DEMO_SCENARIO[env.name].filter((s): s is Exclude<DemoStep, { kind: 'data' }> => s.kind !== 'data');
    const record = async (result: EnvironmentCheck, at: Date) =>
      recordCheck(store, env.name, backdate(result, at), { at });

    for (const [i, step] of steps.entries()) {
      const at = new Date(now.getTime() - step.hoursAgo * HOUR_MS);
      const nextHoursAgo = i + 1 < steps.length ? steps[i + 1].hoursAgo : 0;
      if (step.kind === 'outage') {
        await record(await check(config, { ...env, url: UNREACHABLE_URL }, { set }), at);
        const back = new Date(at.getTime() + step.hours * HOUR_MS);
        await repeatUntil(record, await check(config, scratch, { set }), back, nextHoursAgo, now);
        continue;
      }
      await demo.apply(step);
      await repeatUntil(record, await check(config, scratch, { set }), at, nextHoursAgo, now);
    }
  } finally {
    unregisterPglite(scratchName);
    await db.close();
  }
}

/** Records `result` at `from`, then every REPEAT_EVERY_HOURS until the next step (or an hour before now). */
async function repeatUntil(
  record: (result: EnvironmentCheck, at: Date) => Promise<unknown>,
  result: EnvironmentCheck,
  from: Date,
  nextHoursAgo: number,
  now: Date,
): Promise<void> {
  const until = now.getTime() - Math.max(nextHoursAgo, 1) * HOUR_MS;
  let t = from.getTime();
  do {
    await record(result, new Date(t));
    t += REPEAT_EVERY_HOURS * HOUR_MS;
  } while (t < until);
}

function backdate(result: EnvironmentCheck, at: Date): EnvironmentCheck {
  const iso = at.toISOString();
  return {
    status: { ...result.status, checkedAt: iso },
    snapshot: result.snapshot ? { ...result.snapshot, takenAt: iso } : null,
  };
}
