import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '../testing/pg-test-db';
import type { TestDatabase } from '../testing/pg-test-db';
import {
  applyMigrations,
  getEvent,
  getSchemaByHash,
  latestPolls,
  latestStates,
  listEvents,
  listPolls,
  listSnapshots,
  openStore,
  readMigrationFiles,
  recordCheck,
  storeStats,
} from '.';
import type { Store } from '.';
import { fixtureCheck, fixtureSchema, hashOf } from './fixtures.test-helpers';

const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 12, m));

/** The same scenario against both backends: what pages and API read must not depend on the backend. */
async function exerciseHistory(store: Store) {
  const base = fixtureSchema(4);
  const drifted = fixtureSchema(4, 'added_by_hand');
  const r1 = await recordCheck(store, 'staging', fixtureCheck({ name: 'staging', version: 'v1', schema: base }), { at: minute(1) });
  const r2 = await recordCheck(store, 'staging', fixtureCheck({ name: 'staging', version: 'v1', schema: base }), { at: minute(2) });
  expect(r1.events).toEqual([]);
  expect(r2.events).toEqual([]);
  // polling an unchanged environment twice costs a row, not a copy of the schema
  expect((await storeStats(store)).schemaBlobs).toBe(1);

  const r3 = await recordCheck(store, 'staging', fixtureCheck({ name: 'staging', version: 'v1', schema: drifted, driftCount: 1 }), { at: minute(3) });
  expect(r3.events).toMatchObject([{ type: 'changed-outside-migrations', fromPollId: r2.pollId, toPollId: r3.pollId, fromHash: hashOf(base), toHash: hashOf(drifted) }]);

  const secret = 'postgres://app:hunter22@db.internal:5432/app';
  const down = fixtureCheck({ name: 'staging', status: 'unreachable', error: `connect failed for ${secret}` });
  const r4 = await recordCheck(store, 'staging', down, { at: minute(4) });
  expect(r4.events.map((e) => e.type)).toEqual(['unreachable']);
  expect(r4.events[0].detail).not.toContain('hunter22');

  const r5 = await recordCheck(store, 'staging', fixtureCheck({ name: 'staging', version: 'v2', schema: base, pendingRisk: ['low', 'high'] }), { at: minute(5) });
  expect(r5.events.map((e) => e.type)).toEqual(['recovered', 'migration-applied']);
  expect(r5.events[1]).toMatchObject({ fromPollId: r3.pollId, fromVersion: 'v1', toVersion: 'v2' });

  await recordCheck(store, 'production', fixtureCheck({ name: 'production', version: 'v1', schema: base }), { at: minute(5) });

  const states = await latestStates(store);
  expect(states.map((s) => [s.name, s.version])).toEqual([['production', 'v1'], ['staging', 'v2']]);
  const polls = await latestPolls(store);
  expect(polls.map((p) => [p.environment, p.id])).toEqual([['production', r5.pollId + 1], ['staging', r5.pollId]]);
  expect(polls[1]).toMatchObject({ status: 'ok', pendingCount: 2, maxRisk: 'high', behind: 2, startedAt: minute(5).toISOString() });

  const history = await listPolls(store, 'staging');
  expect(history.map((p) => p.id)).toEqual([r1.pollId, r2.pollId, r3.pollId, r4.pollId, r5.pollId]);
  expect(history[3]).toMatchObject({ status: 'unreachable', schemaHash: null, version: null });
  expect(history[3].error).toContain('***');
  expect(history[3].error).not.toContain('hunter22');
  expect((await listPolls(store, 'staging', { since: minute(3), limit: 2 })).map((p) => p.id)).toEqual([r4.pollId, r5.pollId]);

  const events = await listEvents(store, { environment: 'staging' });
  expect(events.map((e) => e.type)).toEqual(['migration-applied', 'recovered', 'unreachable', 'changed-outside-migrations']);
  expect(await listEvents(store, { environment: 'production' })).toEqual([]);
  expect(await getEvent(store, events[0].id)).toEqual(events[0]);
  expect(await getEvent(store, 987654)).toBeNull();

  expect(await getSchemaByHash(store, hashOf(drifted))).toEqual(drifted);
  expect(await getSchemaByHash(store, 'nope')).toBeNull();
  const snaps = await listSnapshots(store, 'staging');
  expect(snaps.map((s) => [s.hash, s.firstSeen, s.lastSeen, s.version, s.polls])).toEqual([
    [hashOf(base), minute(1).toISOString(), minute(5).toISOString(), 'v2', 3],
    [hashOf(drifted), minute(3).toISOString(), minute(3).toISOString(), 'v1', 1],
  ]);

  const stats = await storeStats(store);
  expect(stats).toMatchObject({ polls: 6, schemaBlobs: 2, events: 4, environments: 2 });
  expect(stats.tableBytes).toBeGreaterThan(0);
  expect(stats.onDiskBytes).toBeGreaterThan(stats.tableBytes);

  // nothing stored anywhere carries the password
  const dump = await store.prisma.$queryRaw<{ t: string }[]>`
    SELECT (SELECT json_agg(p)::text FROM poll p) || (SELECT json_agg(e)::text FROM event e) || (SELECT json_agg(s)::text FROM environment_state s) AS t`;
  expect(dump[0].t).not.toContain('hunter22');
}

describe('history store on PGlite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'driftboard-store-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates its data folder, applies migrations, records history and survives a reopen', async () => {
    const dataDir = join(dir, 'nested', 'store');
    const store = await openStore({ databaseUrl: null, dataDir });
    expect(store.kind).toBe('pglite');
    expect(await openStore({ databaseUrl: null, dataDir })).toBe(store); // one client per process
    await exerciseHistory(store);
    await store.close();

    const again = await openStore({ databaseUrl: null, dataDir });
    expect(again).not.toBe(store);
    expect((await storeStats(again)).polls).toBe(6);
    const rows = await again.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "_prisma_migrations"`;
    expect(rows[0].n).toBe((await readMigrationFiles('prisma/migrations')).length);
    await again.close();
  }, 180_000);

  it('keeps concurrent recordings of several environments apart on the single PGlite session', async () => {
    const store = await openStore({ databaseUrl: null, dataDir: join(dir, 'concurrent') });
    const envs = ['a', 'b', 'c'];
    const steps = [0, 1, 2, 3];
    // environments record interleaved, each with a read racing its write
    await Promise.all(
      envs.map(async (env) => {
        for (const step of steps) {
          await Promise.all([
            recordCheck(store, env, fixtureCheck({ name: env, version: 'v1', schema: fixtureSchema(2 + step) }), { at: minute(step) }),
            latestStates(store),
          ]);
        }
      }),
    );
    for (const env of envs) {
      const events = await listEvents(store, { environment: env });
      expect(events.map((e) => e.type)).toEqual(['changed-outside-migrations', 'changed-outside-migrations', 'changed-outside-migrations']);
      const polls = await listPolls(store, env);
      expect(events.map((e) => [e.fromPollId, e.toPollId])).toEqual([3, 2, 1].map((i) => [polls[i - 1].id, polls[i].id]));
    }
    expect(await storeStats(store)).toMatchObject({ polls: 12, schemaBlobs: 4, events: 9, environments: 3 });
    await store.close();
  }, 180_000); // creating a PGlite data folder (initdb in WASM) takes seconds on a loaded machine
});

describe('history store on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('store');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('records history through DATABASE_URL-style configuration', async () => {
    const store = await openStore({ databaseUrl: db.url });
    expect(store.kind).toBe('postgres');
    await exerciseHistory(store);
    await store.close();
  });

  it('records migrations like prisma migrate, once, even when two instances start together', async () => {
    const files = await readMigrationFiles('prisma/migrations');
    expect(files.length).toBeGreaterThan(0);
    const fresh = await createTestDatabase('storemig');
    const clients = [new pg.Client({ connectionString: fresh.url }), new pg.Client({ connectionString: fresh.url })];
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const sessions = clients.map((c) => ({
        query: async <T,>(sql: string, params?: unknown[]) => ({ rows: (await c.query(sql, params)).rows as T[] }),
        exec: async (sql: string) => void (await c.query(sql)),
      }));
      const results = await Promise.all(sessions.map((s) => applyMigrations(s, files)));
      expect(results.flatMap((r) => r.applied).sort()).toEqual(files.map((f) => f.name));
      const { rows } = await clients[0].query(
        'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs, length(id) AS id_len FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(rows.map((r) => [r.migration_name, r.checksum, r.rolled_back_at, r.applied_steps_count, r.logs, r.id_len])).toEqual(
        files.map((f) => [f.name, f.checksum, null, 1, null, 36]),
      );
      expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);

      // restarting applies nothing; an edited migration file is reported, never re-run
      const edited = files.map((f, i) => (i === 0 ? { ...f, checksum: 'x'.repeat(64) } : f));
      expect(await applyMigrations(sessions[0], edited)).toEqual({ applied: [], modified: [files[0].name] });
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      await fresh.drop();
    }
  });

  it('a failing migration is rolled back whole and stops the start with its name', async () => {
    const fresh = await createTestDatabase('storefail');
    const c = new pg.Client({ connectionString: fresh.url });
    try {
      await c.connect();
      const session = {
        query: async <T,>(sql: string, params?: unknown[]) => ({ rows: (await c.query(sql, params)).rows as T[] }),
        exec: async (sql: string) => void (await c.query(sql)),
      };
      const bad = { name: '20990101000000_bad', sql: 'CREATE TABLE half (id int); SELECT 1/0;', checksum: 'c'.repeat(64) };
      await expect(applyMigrations(session, [bad])).rejects.toThrow(/20990101000000_bad failed and was rolled back: division by zero/);
      const { rows } = await c.query(`SELECT to_regclass('half') AS t, (SELECT count(*)::int FROM "_prisma_migrations") AS n`);
      expect(rows[0]).toEqual({ t: null, n: 0 });
    } finally {
      await c.end().catch(() => {});
      await fresh.drop();
    }
  });
});
