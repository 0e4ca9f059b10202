import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTarget, describeDbError, passwordOf } from '../db';
import { introspect } from '../introspect';
import type { EnvironmentCheck, EnvironmentConfig } from '../model';
import { createTestDatabase } from '../testing/pg-test-db';
import type { TestDatabase } from '../testing/pg-test-db';
import { runAlembic, writeAlembicProject } from '../testing/alembic';
import { getSchemaByHash, listEvents, listPolls, listSnapshots, openStore, storeStats } from '../store';
import type { Store } from '../store';
import { startPoller } from '.';
import type { Poller } from '.';

/**
 * The poller against real PostgreSQL: the store in one test database, the polled environment in
 * another, migrated by the real Alembic. Each step waits on pollNow(), never on a timer.
 */

const REVISIONS = ['0001', '0002'];

/**
 * A real check: the catalog through lib/introspect and the version from alembic_version.
 * (The app wires lib/status checkEnvironment in; this keeps the test to the poller and the store.)
 */
async function checkAlembicEnvironment(env: EnvironmentConfig): Promise<EnvironmentCheck> {
  const startedAt = Date.now();
  const base = { name: env.name, tool: 'alembic' as const, head: REVISIONS.at(-1)!, pending: [], drift: null, versionState: null, tableStats: [] };
  let db;
  try {
    db = await openTarget(env.url, { timeoutMs: 5_000 });
  } catch (err) {
    const { message } = describeDbError(err, [passwordOf(env.url)]);
    return {
      status: { ...base, status: 'unreachable', error: message, version: null, behind: null, schemaHash: null, serverVersion: null, checkedAt: new Date().toISOString(), durationMs: Date.now() - startedAt },
      snapshot: null,
    };
  }
  try {
    const snapshot = await introspect(db, { schemas: env.schemas });
    const { rows } = await db.query<{ version_num: string }>('SELECT version_num FROM public.alembic_version');
    const version = rows[0]?.version_num ?? null;
    return {
      status: {
        ...base,
        status: 'ok',
        error: null,
        version,
        behind: REVISIONS.length - 1 - REVISIONS.indexOf(version ?? ''),
        schemaHash: snapshot.hash,
        serverVersion: snapshot.serverVersion,
        checkedAt: new Date().toISOString(),
        durationMs: Date.now() - startedAt,
      },
      snapshot,
    };
  } finally {
    await db.close();
  }
}

describe('poller against real PostgreSQL', () => {
  let storeDb: TestDatabase;
  let target: TestDatabase;
  let versionsDir: string;
  let env: EnvironmentConfig;
  const broken: EnvironmentConfig = { name: 'broken', url: 'postgres://postgres:s3cr3t-pw@127.0.0.1:1/nowhere', schemas: null, pollIntervalSeconds: 3600 };
  const logs: string[] = [];
  const log = (level: string, message: string) => void logs.push(`${level} ${message}`);
  const started: Poller[] = [];
  const start = (store: Store, environments: EnvironmentConfig[]) => {
    const p = startPoller({ store, environments, check: checkAlembicEnvironment, log, initialDelayMs: 3_600_000 });
    started.push(p);
    return p;
  };

  beforeAll(async () => {
    [storeDb, target] = await Promise.all([createTestDatabase('pollstore'), createTestDatabase('polltarget')]);
    versionsDir = await mkdtemp(join(tmpdir(), 'driftboard-poller-'));
    await writeAlembicProject(versionsDir, [
      { rev: '0001', down: null, message: 'create accounts', upgrade: `op.create_table('accounts', sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('email', sa.Text, nullable=False))` },
      { rev: '0002', down: '0001', message: 'create invoices', upgrade: `op.create_table('invoices', sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('account_id', sa.BigInteger, sa.ForeignKey('accounts.id')), sa.Column('total', sa.Numeric(12, 2)))` },
    ]);
    await runAlembic(versionsDir, target.url, 'upgrade', '0001');
    env = { name: 'staging', url: target.url, schemas: ['public'], pollIntervalSeconds: 3600 };
  });

  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await rm(versionsDir, { recursive: true, force: true }).catch(() => {});
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  it('records snapshots and events as the environment changes, and keeps history across a restart', async () => {
    const store = await openStore({ databaseUrl: storeDb.url });
    const poller = start(store, [env, broken]);

    // an unchanged environment polled twice: two polls, ONE stored schema
    const first = await poller.pollNow('staging');
    const second = await poller.pollNow('staging');
    expect(first).toMatchObject({ recorded: true, status: 'ok', events: [] });
    expect(second).toMatchObject({ recorded: true, status: 'ok', events: [] });
    expect(await storeStats(store)).toMatchObject({ polls: 2, schemaBlobs: 1 });

    // a migration applied by Alembic → a new snapshot and a "migration-applied" event
    await runAlembic(versionsDir, target.url, 'upgrade', 'head');
    const migrated = await poller.pollNow('staging');
    expect(migrated).toMatchObject({ recorded: true, events: [{ type: 'migration-applied', fromVersion: '0001', toVersion: '0002' }] });
    const applied = migrated.recorded ? migrated.events[0] : null;
    expect((await getSchemaByHash(store, applied!.toHash!))!.tables.map((t) => t.name)).toEqual(['accounts', 'alembic_version', 'invoices']);
    expect((await getSchemaByHash(store, applied!.fromHash!))!.tables.map((t) => t.name)).toEqual(['accounts', 'alembic_version']);

    // ALTER TABLE by hand → "changed-outside-migrations", version unchanged
    await target.exec('ALTER TABLE accounts ADD COLUMN nickname text');
    const altered = await poller.pollNow('staging');
    expect(altered).toMatchObject({ recorded: true, events: [{ type: 'changed-outside-migrations', fromVersion: '0002', toVersion: '0002' }] });
    const outside = altered.recorded ? altered.events[0] : null;
    const accounts = (await getSchemaByHash(store, outside!.toHash!))!.tables.find((t) => t.name === 'accounts')!;
    expect(accounts.columns.map((c) => c.name)).toEqual(['email', 'id', 'nickname']);
    expect((await listSnapshots(store, 'staging')).map((s) => s.version)).toEqual(['0001', '0002', '0002']);

    // an unreachable environment is recorded with its reason, and no password anywhere
    expect(await poller.pollNow('broken')).toMatchObject({ recorded: true, status: 'unreachable' });
    const [brokenPoll] = await listPolls(store, 'broken');
    expect(brokenPoll.error).toMatch(/connection refused/);
    const dump = await store.prisma.$queryRaw<{ t: string }[]>`
      SELECT (SELECT json_agg(p)::text FROM poll p) || (SELECT json_agg(s)::text FROM environment_state s) AS t`;
    expect(dump[0].t).not.toContain('s3cr3t-pw');
    expect(logs.join('\n')).not.toContain('s3cr3t-pw');

    const pollsBefore = await listPolls(store, 'staging');
    const eventsBefore = await listEvents(store, { environment: 'staging' });
    expect(eventsBefore.map((e) => e.type)).toEqual(['changed-outside-migrations', 'migration-applied']);

    // stop and restart on a new store instance: history intact, and the next poll continues it
    await poller.stop();
    await store.close();
    const reopened = await openStore({ databaseUrl: storeDb.url });
    expect(reopened).not.toBe(store);
    expect(await listPolls(reopened, 'staging')).toEqual(pollsBefore);
    expect(await listEvents(reopened, { environment: 'staging' })).toEqual(eventsBefore);
    const restarted = start(reopened, [env]);
    expect(await restarted.pollNow('staging')).toMatchObject({ recorded: true, events: [] });
    expect((await listPolls(reopened, 'staging')).length).toBe(pollsBefore.length + 1);
    expect((await storeStats(reopened)).schemaBlobs).toBe(3);
    await restarted.stop();
  });

  it('two instances on one PostgreSQL store never both poll an environment; the survivor takes over', async () => {
    const store = await openStore({ databaseUrl: storeDb.url });
    const a = start(store, [env]);
    const b = start(store, [env]);
    const before = (await listPolls(store, 'staging', { limit: 100_000 })).length;
    expect(await a.pollNow('staging')).toMatchObject({ recorded: true });
    expect(await b.pollNow('staging')).toEqual({ recorded: false, reason: 'not-leader' });
    expect(await Promise.all([a.pollNow('staging'), b.pollNow('staging')])).toMatchObject([{ recorded: true }, { recorded: false }]);
    expect((await listPolls(store, 'staging', { limit: 100_000 })).length).toBe(before + 2);

    await a.stop(); // its lease connection closes with it
    expect(await b.pollNow('staging')).toMatchObject({ recorded: true });
    await b.stop();
  });

  it('polls on its own timer, one poll in flight at a time', async () => {
    const store = await openStore({ databaseUrl: storeDb.url });
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const check = async (e: EnvironmentConfig) => {
      inFlight++;
      calls++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await checkAlembicEnvironment(e);
      } finally {
        inFlight--;
      }
    };
    const fast: EnvironmentConfig = { ...env, name: 'fast', pollIntervalSeconds: 0.05 };
    const poller = startPoller({ store, environments: [fast], check, log, initialDelayMs: 0 });
    started.push(poller);
    await Promise.all([poller.pollNow('fast'), poller.pollNow('fast'), poller.pollNow('fast')]);
    await vi.waitFor(async () => expect((await listPolls(store, 'fast')).length).toBeGreaterThanOrEqual(5), { timeout: 30_000, interval: 50 });
    await poller.stop();
    const after = calls;
    expect(maxInFlight).toBe(1);
    // a check that finished while stopping is still recorded; nothing starts after stop()
    expect((await listPolls(store, 'fast')).length).toBe(after);
  });
});
