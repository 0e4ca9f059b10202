import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Migration, MigrationSet } from '../model/migration';
import { clearExpectedCache, closeShadowTemplate, configureExpectedCache, expectedSchemaAt } from '../expected';
import { prefixKeys } from '../expected/cache';
import { PGLITE_VERSION } from '../expected/shadow';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { expectedCacheStore, openStore, type Store } from '.';
import { linearSet, sqlMigration } from '../testing/sql-migration';

const migration = (id: string, statements: string[]) => sqlMigration(id, statements, { checksum: `sum-${id}-${statements.join().length}` });
const setOf = linearSet;
const ids = (s: MigrationSet) => s.migrations.map((m) => m.id);
const keysOf = (s: MigrationSet) => prefixKeys('sql', `pglite:${PGLITE_VERSION}`, null, s.migrations);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const M = [
  migration('1', ['CREATE TABLE users (id serial PRIMARY KEY, email text)', "CREATE TYPE mood AS ENUM ('a')"]),
  migration('2', ['ALTER TABLE users ADD COLUMN broken integer REFERENCES nowhere (id)', 'CREATE INDEX ix_users_email ON users (email)']),
];
const third = migration('3', ['ALTER TABLE users ADD COLUMN nickname text']);

let db: TestDatabase;
let store: Store;
const folders: string[] = [];
const warnings: string[] = [];
/** Another instance: its own cache folder (another machine), nothing in memory, the same store database. */
async function instance(useEnv = false): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'driftboard-store-cache-'));
  folders.push(dir);
  clearExpectedCache();
  configureExpectedCache({ dir, warn: (m) => warnings.push(m), ...(useEnv ? {} : { store: expectedCacheStore(store) }) });
  return dir;
}

/** Changes a stored entry's body in place (re-hashed), so a reader that gets it shows it was read, not replayed. */
async function mark(key: string, edit: (body: { expected: { statements: { run: number } }; state: { counts: { run: number } } }) => void): Promise<void> {
  const row = await store.prisma.expectedCacheEntry.findUniqueOrThrow({ where: { key } });
  const body = JSON.parse(row.body);
  edit(body);
  const text = JSON.stringify(body);
  await store.prisma.expectedCacheEntry.update({ where: { key }, data: { body: text, bodySha256: sha256(text) } });
}

beforeAll(async () => {
  db = await createTestDatabase('dbt_replay_store');
  store = await openStore({ databaseUrl: db.url });
});
afterAll(async () => {
  configureExpectedCache({ dir: null });
  clearExpectedCache();
  await closeShadowTemplate();
  await store?.close();
  await db?.drop();
  await Promise.all(folders.map((d) => rm(d, { recursive: true, force: true })));
});

describe('expected-schema cache shared through the PostgreSQL store', { timeout: 240_000 }, () => {
  it('a second instance gets the first one’s entry without replaying, and resumes from its stored shadow', async () => {
    const s = setOf(...M);
    await instance();
    const first = await expectedSchemaAt(s, ids(s));
    expect(first.replayProblems.map((p) => p.migrationId)).toEqual(['2']);
    const key = keysOf(s)[1];
    const row = await store.prisma.expectedCacheEntry.findUniqueOrThrow({ where: { key } });
    expect(row.data).not.toBeNull();

    // Instance B (through DATABASE_URL, as the app configures it): a marked entry shows it was read, not replayed.
    await mark(key, (b) => (b.expected.statements.run = 999));
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = db.url;
    try {
      const dirB = await instance(true);
      expect((await expectedSchemaAt(s, ids(s))).statements.run).toBe(999);
      // …and kept in B's own folder for next time.
      expect((await readdir(join(dirB, 'expected-v4'))).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }

    // Instance C, one migration later: resumes from A's shadow in the store (the marked state shows through).
    await mark(key, (b) => (b.state.counts.run += 100));
    await instance();
    const longer = setOf(...M, third);
    const resumed = await expectedSchemaAt(longer, ids(longer));
    expect(resumed.statements.run).toBe(first.statements.run + 1 + 100);
    expect(resumed.createdBy['public.users.nickname']).toBe('3');
    expect(resumed.replayProblems.map((p) => p.migrationId)).toEqual(['2']);
    expect(await store.prisma.expectedCacheEntry.count({ where: { key: keysOf(longer)[2] } })).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('ignores a damaged store entry with a warning, removes it and replays', async () => {
    const s = setOf(migration('1', ['CREATE TABLE solo (id int)']));
    await instance();
    const cold = await expectedSchemaAt(s, ids(s));
    const [key] = keysOf(s);
    await store.prisma.expectedCacheEntry.update({ where: { key }, data: { body: '{"tampered":true}' } });
    await instance();
    expect(await expectedSchemaAt(s, ids(s))).toEqual(cold);
    expect(warnings.splice(0)).toEqual([expect.stringMatching(/history store entry .*: checksum mismatch/)]);
  });

  it('keeps the table under the size limit, least recently used first', async () => {
    const cache = expectedCacheStore(store);
    await store.prisma.expectedCacheEntry.deleteMany();
    for (const k of ['a', 'b', 'c']) {
      const body = 'x'.repeat(1000);
      await cache.put(k.repeat(64), { format: 99, body, bodySha256: sha256(body) }, null);
    }
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await store.prisma.expectedCacheEntry.update({ where: { key: 'b'.repeat(64) }, data: { usedAt: ago(60) } });
    await store.prisma.expectedCacheEntry.update({ where: { key: 'c'.repeat(64) }, data: { usedAt: ago(30) } });
    await store.prisma.expectedCacheEntry.update({ where: { key: 'a'.repeat(64) }, data: { usedAt: ago(90) } });
    await cache.getEntry('a'.repeat(64), 99); // used now: kept
    await cache.evict(2500);
    const left = await store.prisma.expectedCacheEntry.findMany({ where: { format: 99 }, select: { key: true } });
    expect(left.map((r) => r.key[0]).sort()).toEqual(['a', 'c']);
  });
});
