import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Migration, MigrationSet } from '../model/migration';
import { clearExpectedCache, closeShadowTemplate, configureCliCache, configureExpectedCache, expectedSchemaAt, prepareExpectedSchema } from '.';
import { emptyPrefixKey, hasData, prefixKeys, readData, readEntry, writeEntry } from './cache';
import { openPgliteShadow, PGLITE_VERSION } from './shadow';
import { linearSet, sqlMigration } from '../testing/sql-migration';

const migration = (id: string, statements: string[], checksum = `sum-${id}`) =>
  sqlMigration(id, statements, {
    unverified: id === '1' ? [{ kind: 'column', schema: null, table: 'users', name: 'guid', attribute: 'type', file: `/project/migrations/V1__m.sql`, line: 1, reason: 'type GUID could not be resolved' }] : undefined,
    checksum,
  });

const M = [
  migration('1', ['CREATE TABLE users (id serial PRIMARY KEY, guid text, nickname text)', "CREATE TYPE mood AS ENUM ('a')"]),
  migration('2', ['ALTER TABLE users ADD COLUMN broken integer REFERENCES nowhere (id)', 'CREATE INDEX ix_users_nick ON users (nickname)']),
  migration('3', ['ALTER TABLE users DROP COLUMN nickname', "ALTER TYPE mood ADD VALUE 'b'"]),
];
const fourth = (sql = 'ALTER TABLE users ADD COLUMN nickname varchar(40)') => migration('4', [sql], `sum-4-${sql.length}`);
const setOf = linearSet;
const ids = (s: MigrationSet) => s.migrations.map((m) => m.id);
const keysOf = (s: MigrationSet) => prefixKeys('sql', `pglite:${PGLITE_VERSION}`, null, s.migrations);

let dir: string;
let warnings: string[];
const useDir = () => configureExpectedCache({ dir, warn: (m) => warnings.push(m) });
/** A new process as far as the cache is concerned: nothing in memory, the same folder. */
const freshProcess = () => clearExpectedCache();

beforeAll(async () => (await openPgliteShadow()).dispose());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driftboard-cache-'));
  warnings = [];
  freshProcess();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterAll(async () => {
  configureExpectedCache({ dir: null });
  clearExpectedCache();
  await closeShadowTemplate();
});

describe('cache keys', () => {
  it('change with a migration checksum, and a prefix keeps its key whatever follows', () => {
    const a = keysOf(setOf(...M, fourth()));
    const b = keysOf(setOf(migration('1', M[0].statements.map((s) => s.sql), 'other'), ...M.slice(1), fourth()));
    const c = keysOf(setOf(...M, fourth('SELECT 1')));
    expect(a[0]).not.toBe(b[0]);
    expect(a[3]).not.toBe(b[3]);
    expect(c.slice(0, 3)).toEqual(a.slice(0, 3));
    expect(c[3]).not.toBe(a[3]);
    expect(prefixKeys('sql', `pglite:${PGLITE_VERSION}`, ['public'], M)[2]).not.toBe(keysOf(setOf(...M))[2]);
  });
});

// Each test boots PGlite from stored data folders a few times: seconds each on a busy machine.
describe('on-disk expected-schema cache (PGlite shadow)', { timeout: 240_000 }, () => {
  it('resumes from a cached prefix with the cold replay result (attribution, problems, unverified), across processes', async () => {
    const all = setOf(...M, fourth());
    configureExpectedCache({ dir: null });
    const cold = await expectedSchemaAt(all, ids(all));
    expect(cold.replayProblems.map((p) => p.migrationId)).toEqual(['2']);
    expect(cold.createdBy['public.users.nickname']).toBe('4');
    expect(cold.unverified.map((u) => u.name)).toEqual(['guid']);

    useDir();
    freshProcess();
    await expectedSchemaAt(setOf(...M), ids(setOf(...M)));
    freshProcess();
    expect(await expectedSchemaAt(all, ids(all))).toEqual(cold);

    // Proof that the last one resumed (rather than replaying all four): a marked prefix state shows through.
    const key3 = keysOf(all)[2];
    const entry = (await readEntry(key3))!;
    const data = (await readData(key3, entry))!;
    await writeEntry(key3, entry.expected, { ...entry.state, counts: { run: entry.state.counts.run + 100, failed: entry.state.counts.failed } }, data);
    freshProcess();
    const other = setOf(...M, fourth('ALTER TABLE users ADD COLUMN nick text'));
    const resumed = await expectedSchemaAt(other, ids(other));
    expect(resumed.statements.run).toBe(cold.statements.run + 100);
    expect(resumed.createdBy['public.users.nick']).toBe('4');
    // One migration past a stored shadow: the result is stored, the shadow is not (the next one resumes
    // from the same stored prefix).
    expect(await readEntry(keysOf(other)[3])).not.toBeNull();
    expect(await hasData(keysOf(other)[3])).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('takes a shadow prepared ahead of time (the stored prefix, or an empty one) with the same result', async () => {
    const all = setOf(...M, fourth());
    configureExpectedCache({ dir: null });
    const cold = await expectedSchemaAt(all, ids(all));
    freshProcess();
    // No cache: an empty shadow, taken by the replay.
    const empty = prepareExpectedSchema(all);
    expect(await expectedSchemaAt(all, ids(all))).toEqual(cold);
    await empty.release();

    useDir();
    await expectedSchemaAt(setOf(...M), ids(setOf(...M)));
    freshProcess();
    // The stored shadow of the first three, booted ahead (its state marked to prove it is the one resumed).
    const key3 = keysOf(all)[2];
    const entry = (await readEntry(key3))!;
    await writeEntry(key3, entry.expected, { ...entry.state, counts: { run: entry.state.counts.run + 100, failed: entry.state.counts.failed } }, (await readData(key3, entry))!);
    const ahead = prepareExpectedSchema(all);
    const resumed = await expectedSchemaAt(all, ids(all));
    await ahead.release();
    expect(resumed.statements.run).toBe(cold.statements.run + 100);
    expect({ ...resumed, statements: cold.statements }).toEqual(cold);
    // Cached now: nothing is booted, and releasing an unused preparation is harmless.
    freshProcess();
    const unused = prepareExpectedSchema(all);
    await unused.release();
    expect(warnings).toEqual([]);
  });

  it('caches a never-migrated environment (no migration applied) like any other list', async () => {
    useDir();
    const all = setOf(...M);
    const none = await expectedSchemaAt(all, []);
    expect(none.migrations).toEqual([]);
    const key = emptyPrefixKey('sql', `pglite:${PGLITE_VERSION}`, null);
    const entry = (await readEntry(key))!;
    expect(entry.state.applied).toBe(0);
    expect(await hasData(key)).toBe(false);
    // Answered from the folder in a new process: a marked entry shows through.
    await writeEntry(key, { ...entry.expected, statements: { run: 42, failed: 0 } }, entry.state, null);
    freshProcess();
    expect((await expectedSchemaAt(all, [])).statements.run).toBe(42);
    expect(warnings).toEqual([]);
  });

    it('answers an unchanged project from the folder without replaying; --no-cache bypasses it', async () => {
    const s = setOf(...M);
    useDir();
    const first = await expectedSchemaAt(s, ids(s));
    const key = keysOf(s)[2];
    const entry = (await readEntry(key))!;
    // A marked entry: a hit returns it as stored, which a replay never would.
    await writeEntry(key, { ...entry.expected, statements: { run: 999, failed: 0 } }, entry.state, null);
    freshProcess();
    expect((await expectedSchemaAt(s, ids(s))).statements.run).toBe(999);

    configureCliCache(join(dir, 'driftboard.config.json'), true, (m) => warnings.push(m));
    freshProcess();
    expect(await expectedSchemaAt(s, ids(s))).toEqual(first);
    configureCliCache(join(dir, 'driftboard.config.json'), false, (m) => warnings.push(m));
    expect(warnings).toEqual([]);
  });

  it('ignores a corrupt entry or data folder with a warning and replays', async () => {
    const s = setOf(...M);
    configureExpectedCache({ dir: null });
    const cold = await expectedSchemaAt(s, ids(s));
    useDir();
    freshProcess();
    await expectedSchemaAt(s, ids(s));
    const folder = join(dir, (await readdir(dir))[0]);
    for (const f of await readdir(folder)) await writeFile(join(folder, f), f.endsWith('.json') ? '{"format":3}\n{"expected":' : 'not gzip');
    freshProcess();
    expect(await expectedSchemaAt(s, ids(s))).toEqual(cold);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: expected-schema cache entry ignored \(replaying instead\): .*\.json: /);

    // A stored data folder that does not match its entry: the prefix is not used, the result is still right.
    warnings = [];
    const all = setOf(...M, fourth());
    const key3 = keysOf(all)[2];
    for (const f of await readdir(folder)) if (f.startsWith(key3) && f.endsWith('.tgz')) await writeFile(join(folder, f), 'not gzip');
    freshProcess();
    configureExpectedCache({ dir: null });
    const coldAll = await expectedSchemaAt(all, ids(all));
    useDir();
    freshProcess();
    expect(await expectedSchemaAt(all, ids(all))).toEqual(coldAll);
    expect(warnings.map((w) => w.replace(/[^ ]*\.tgz: /, 'X.tgz: '))).toEqual(['warning: expected-schema cache entry ignored (replaying instead): X.tgz: checksum mismatch']);
    await rm(dir, { recursive: true, force: true });
  });
});
