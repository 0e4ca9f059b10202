import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftboardConfig } from '../model/config';
import { checkEnvironment } from '../status';
import { listEvents, listPolls, openStore } from '../store';
import type { Store } from '../store/types';
import { DEMO_HEAD, GHOST_MIGRATION, finalVersion, seedDemoHistory, startDemo } from './index';

let config: DriftboardConfig;
let store: Store;
let dataDir: string;
const now = new Date();

beforeAll(async () => {
  config = await startDemo();
  dataDir = await mkdtemp(join(tmpdir(), 'driftboard-demo-history-'));
  store = await openStore({ databaseUrl: null, dataDir });
});

afterAll(async () => {
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('seedDemoHistory', () => {
  it('records a past of real checks for each environment, ending where the live database is', async () => {
    expect(await seedDemoHistory(store, config, checkEnvironment, now)).toEqual({ seeded: ['local', 'staging', 'production'] });

    for (const env of config.environments) {
      const polls = await listPolls(store, env.name);
      expect(polls.length).toBeGreaterThan(5);
      expect(polls.every((p) => new Date(p.startedAt) < now)).toBe(true);
      const last = polls[polls.length - 1];
      expect(last.version).toBe(finalVersion(env.name as 'local'));
      expect(last.head).toBe(DEMO_HEAD);
      // The replayed past ends with the very schema the live database has: the poller continues it seamlessly.
      const live = await checkEnvironment(config, env);
      expect(live.status.status).toBe('ok');
      expect(last.schemaHash).toBe(live.snapshot!.hash);
    }
  }, 180_000); // three scenarios replayed with real checks, and the live databases started on first use: a minute on a loaded machine

  it("tells production's story: migrations applied, the columns dropped by hand, an outage", async () => {
    const events = await listEvents(store, { environment: 'production', limit: 100 });
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'migration-applied').length).toBeGreaterThanOrEqual(5);
    expect(types).toContain('changed-outside-migrations');
    expect(types).toContain('unreachable');
    expect(types).toContain('recovered');
    const unreachable = events.find((e) => e.type === 'unreachable')!;
    expect(unreachable.detail ?? '').not.toContain('demo-Secret');

    const polls = await listPolls(store, 'production');
    const dropped = polls.find((p) => p.version === finalVersion('production') && (p.driftCount ?? 0) > 0);
    expect(dropped).toBeDefined();
    const applied = events.find((e) => e.type === 'migration-applied' && e.toVersion === GHOST_MIGRATION);
    expect(applied).toBeDefined();
  });

  it('does nothing for environments that already have polls', async () => {
    const before = (await listPolls(store, 'staging')).length;
    expect(await seedDemoHistory(store, config, checkEnvironment)).toEqual({ seeded: [] });
    expect((await listPolls(store, 'staging')).length).toBe(before);
  });
});
