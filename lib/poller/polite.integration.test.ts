import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDbError, openTarget, passwordOf } from '../db';
import { introspect } from '../introspect';
import type { EnvironmentCheck, EnvironmentConfig } from '../model';
import { listPolls, openStore } from '../store';
import type { Store } from '../store';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { startPoller, serverKeyOf } from '.';
import type { CheckGrant, Poller } from '.';

/**
 * The poller's manners against real PostgreSQL: many environments on one server share a small
 * connection budget, and a server that refuses for lack of connection slots is retried, not "down".
 */

/** A real read of the environment (catalog only), opening as many sessions as it was granted. */
async function readEnvironment(env: EnvironmentConfig, grant: CheckGrant): Promise<EnvironmentCheck> {
  const started = Date.now();
  const base = { name: env.name, tool: 'sql' as const, head: null, pending: [], drift: null, versionState: null, tableStats: [], version: null, behind: null };
  const sessions: Awaited<ReturnType<typeof openTarget>>[] = [];
  try {
    for (let i = 0; i < grant.sessions; i++) sessions.push(await openTarget(env.url, { timeoutMs: 5_000 }));
    const snapshot = await introspect(sessions[0], { schemas: env.schemas });
    const status = { ...base, status: 'ok' as const, error: null, schemaHash: snapshot.hash, serverVersion: snapshot.serverVersion };
    return { status: { ...status, checkedAt: new Date().toISOString(), durationMs: Date.now() - started }, snapshot };
  } catch (err) {
    const { message } = describeDbError(err, [passwordOf(env.url)]);
    const status = { ...base, status: 'unreachable' as const, error: message, schemaHash: null, serverVersion: null };
    return { status: { ...status, checkedAt: new Date().toISOString(), durationMs: Date.now() - started }, snapshot: null };
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}

describe('a polite poller against real PostgreSQL', () => {
  let target: TestDatabase;
  let dataDir: string;
  let store: Store;
  const role = `driftboard_full_${randomBytes(4).toString('hex')}`;
  const pollers: Poller[] = [];

  beforeAll(async () => {
    target = await createTestDatabase('polite');
    await target.exec('CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL)');
    await target.exec(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 0`);
    dataDir = await mkdtemp(join(tmpdir(), 'driftboard-polite-'));
    store = await openStore({ databaseUrl: null, dataDir });
  });

  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await store?.close();
    await target?.exec(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
    await target?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('never holds more connections on one server than its budget, however many environments poll', async () => {
    const environments: EnvironmentConfig[] = Array.from({ length: 12 }, (_, i) => ({
      name: `tenant-${String(i).padStart(2, '0')}`,
      url: target.url,
      schemas: ['public'],
      pollIntervalSeconds: 3600,
    }));
    let open = 0;
    let peak = 0;
    const check = async (env: EnvironmentConfig, grant: CheckGrant) => {
      open += grant.sessions;
      peak = Math.max(peak, open);
      try {
        return await readEnvironment(env, grant);
      } finally {
        open -= grant.sessions;
      }
    };
    const poller = startPoller({ store, environments, check, initialDelayMs: 3_600_000, maxConcurrent: 6, connectionsPerServer: 2 });
    pollers.push(poller);
    const outcomes = await Promise.all(environments.map((e) => poller.pollNow(e.name)));
    expect(outcomes.every((o) => o.recorded && o.status === 'ok')).toBe(true);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('retries a server that refuses for lack of connection slots instead of calling it unreachable', async () => {
    const full: EnvironmentConfig = { name: 'full', url: urlAs(role, target.name), schemas: null, pollIntervalSeconds: 3600 };
    const logs: string[] = [];
    const poller = startPoller({ store, environments: [full], check: readEnvironment, initialDelayMs: 3_600_000, log: (_l, m) => void logs.push(m) });
    pollers.push(poller);
    for (let i = 1; i < 5; i++) expect(await poller.pollNow('full')).toEqual({ recorded: false, reason: 'refused' });
    expect(await listPolls(store, 'full')).toEqual([]);
    expect(logs.at(-1)).toMatch(/too many clients/);
    // Persisting, it is recorded so the page shows it — as an error naming the cause, never "unreachable".
    expect(await poller.pollNow('full')).toMatchObject({ recorded: true, status: 'error' });
    const [poll] = await listPolls(store, 'full');
    expect(poll.error).toMatch(/too many clients/);
  });
});

describe('serverKeyOf', () => {
  it('groups environments by host:port, and leaves in-process PGlite out of every budget', () => {
    expect(serverKeyOf('postgres://u:p@DB.internal/app')).toBe('db.internal:5432');
    expect(serverKeyOf('postgresql://u@10.0.0.5:6432/app?sslmode=require')).toBe('10.0.0.5:6432');
    expect(serverKeyOf('pglite://demo-production')).toBeNull();
  });
});

function urlAs(user: string, database: string): string {
  const u = new URL(ADMIN_URL);
  u.username = user;
  u.password = '';
  u.pathname = `/${database}`;
  return u.toString();
}
