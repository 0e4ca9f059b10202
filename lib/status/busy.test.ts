import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftboardConfig, EnvironmentConfig } from '../model/config';
import { closeShadowTemplate } from '../expected';
import { deriveEvents, openStore, recordCheck, type PollFacts, type Store } from '../store';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { checkEnvironment } from '.';

/** A migration holding ACCESS EXCLUSIVE on a table: the poll is `busy` naming table and pid, not `error`. */
let dir: string;
let db: TestDatabase;
let store: Store;
let config: DriftboardConfig;
let env: EnvironmentConfig;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driftboard-busy-'));
  await mkdir(join(dir, 'sql'));
  const ddl = 'CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL DEFAULT lower(\'X\'));\nCREATE INDEX users_email ON users (lower(email));\n';
  await writeFile(join(dir, 'sql', 'V1__users.sql'), ddl);
  db = await createTestDatabase('dbt_busy');
  await db.exec(ddl);
  store = await openStore({ databaseUrl: null, dataDir: join(dir, 'store') });
  env = { name: 'busy-env', url: db.url, schemas: null, pollIntervalSeconds: 60 };
  config = { file: null, migrations: { tool: 'sql', path: join(dir, 'sql') }, environments: [env] } as unknown as DriftboardConfig;
});

afterAll(async () => {
  await store?.close();
  await closeShadowTemplate();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('a poll behind a migration lock', () => {
  it('is busy (table and pid named), records no schema, and emits no unreachable/recovered event', async () => {
    const first = await checkEnvironment(config, env, { sessions: 1 });
    expect(first.status.error).toBeNull();
    expect(first.status.status).toBe('ok');
    const okPoll = await recordCheck(store, env.name, first);

    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    let busy;
    try {
      const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE users IN ACCESS EXCLUSIVE MODE');
      busy = await checkEnvironment(config, env, { sessions: 1 });
      expect(busy.status.status).toBe('busy');
      expect(busy.status.error).toMatch(new RegExp(`^busy: a lock on public\\.users held by pid ${rows[0].pid} for \\d+ s$`));
      expect(busy.snapshot).toBeNull();
      expect(busy.status.schemaHash).toBeNull();
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
    const busyPoll = await recordCheck(store, env.name, busy);
    expect(busyPoll.events).toEqual([]);

    const after = await checkEnvironment(config, env, { sessions: 1 });
    expect(after.status.status).toBe('ok');
    expect(after.snapshot?.hash).toBe(first.snapshot?.hash);
    const afterPoll = await recordCheck(store, env.name, after);
    expect(afterPoll.events).toEqual([]);

    const polls = await store.prisma.poll.findMany({ where: { environment: env.name }, orderBy: { id: 'asc' } });
    expect(polls.map((p) => [p.id, p.status, p.schemaHash])).toEqual([
      [okPoll.pollId, 'ok', first.snapshot!.hash],
      [busyPoll.pollId, 'busy', null],
      [afterPoll.pollId, 'ok', first.snapshot!.hash],
    ]);
  }, 60_000);
});

describe('events around busy polls', () => {
  const poll = (id: number, status: PollFacts['status']): PollFacts => ({ id, at: new Date(id * 60_000), status, error: status === 'ok' ? null : status, version: null, schemaHash: status === 'ok' ? 'h' : null });
  it('busy counts as reachable: only a real outage starts or ends one', () => {
    const types = (a: PollFacts['status'], b: PollFacts['status']) => deriveEvents(poll(1, a), poll(2, b)).map((e) => e.type);
    expect(types('ok', 'busy')).toEqual([]);
    expect(types('busy', 'ok')).toEqual([]);
    expect(types('busy', 'busy')).toEqual([]);
    expect(types('unreachable', 'busy')).toEqual(['recovered']);
    expect(types('busy', 'unreachable')).toEqual(['unreachable']);
  });
});
