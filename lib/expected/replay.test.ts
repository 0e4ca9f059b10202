import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Migration, MigrationSet, UnverifiedAttribute } from '../model/migration';
import { ADMIN_URL } from '../testing/pg-test-db';
import { clearExpectedCache, closeShadowTemplate, expectedSchemaAt } from '.';
import { openPgliteShadow } from './shadow';
import { linearSet, sqlMigration } from '../testing/sql-migration';

type Statement = string | { sql: string; inTransaction: boolean };

let checksum = 0;
/** A SQL migration whose statements sit on lines 10, 20, 30, … (the problems below name them). */
function migration(id: string, statements: Statement[], unverified?: UnverifiedAttribute[]): Migration {
  const m = sqlMigration(id, statements, { unverified, checksum: `c${++checksum}` });
  return { ...m, statements: m.statements.map((st, i) => ({ ...st, line: 10 * (i + 1) })) };
}

const set = linearSet;
const all = (s: MigrationSet) => s.migrations.map((m) => m.id);

const placeholder = (over: Partial<UnverifiedAttribute>): UnverifiedAttribute => ({
  kind: 'column',
  schema: null,
  table: 'users',
  name: 'guid',
  attribute: 'type',
  file: '/project/migrations/V1__m.sql',
  line: 10,
  reason: 'type GUID from app/types.py could not be resolved',
  ...over,
});

// Boot PGlite's template once, under the hook timeout: on a busy machine it takes longer than a test's.
beforeAll(async () => (await openPgliteShadow()).dispose());

afterAll(async () => {
  clearExpectedCache();
  await closeShadowTemplate();
});

describe.each([
  ['PGlite', null],
  ['PostgreSQL (shadowUrl)', ADMIN_URL],
])('replay degrades per statement on %s', (_label, shadowUrl) => {
  const at = (s: MigrationSet, schemas: string[] | null = null) => expectedSchemaAt(s, all(s), { shadowUrl, schemas });

  it('rolls back only the failing statement of a middle migration and replays every later one', async () => {
    const s = set(
      migration('1', ['CREATE TABLE users (id serial PRIMARY KEY)']),
      migration('2', [
        'ALTER TABLE users ADD COLUMN a integer',
        'ALTER TABLE users ADD COLUMN broken integer REFERENCES nowhere (id)',
        'CREATE INDEX ix_users_a ON users (a)',
      ]),
      migration('3', ['CREATE TABLE posts (id serial PRIMARY KEY, user_id integer REFERENCES users (id))']),
    );
    const expected = await at(s);
    expect(expected.replayProblems).toEqual([
      {
        migrationId: '2',
        file: '/project/migrations/V2__m.sql',
        line: 20,
        statement: 'ALTER TABLE users ADD COLUMN broken integer REFERENCES nowhere (id)',
        error: 'relation "nowhere" does not exist',
      },
    ]);
    expect(expected.statements).toEqual({ run: 4, failed: 1 });
    expect(expected.model.tables.map((t) => t.name)).toEqual(['posts', 'users']);
    const users = expected.model.tables.find((t) => t.name === 'users')!;
    expect(users.columns.map((c) => c.name)).toEqual(['a', 'id']);
    expect(users.indexes.map((i) => i.name)).toEqual(['ix_users_a', 'users_pkey']);
    expect(expected.createdBy['public.posts']).toBe('3');
  });

  it('runs a migration inside one transaction, so LOCK TABLE works; its own BEGIN/COMMIT are left to the replay', async () => {
    const s = set(
      migration('1', ['CREATE TABLE users (id serial PRIMARY KEY)']),
      migration('2', ['BEGIN', 'LOCK TABLE users IN ACCESS EXCLUSIVE MODE', 'ALTER TABLE users ADD COLUMN b text', 'COMMIT']),
    );
    const expected = await at(s);
    expect(expected.replayProblems).toEqual([]);
    expect(expected.statements).toEqual({ run: 3, failed: 0 });
    expect(expected.model.tables[0].columns.map((c) => c.name)).toEqual(['b', 'id']);
  });

  it('runs non-transactional statements outside the transaction, in order', async () => {
    const s = set(
      migration('1', [
        'CREATE TABLE users (id serial PRIMARY KEY, email text)',
        { sql: 'CREATE INDEX CONCURRENTLY ix_users_email ON users (email)', inTransaction: false },
        'ALTER INDEX ix_users_email RENAME TO ix_email',
      ]),
    );
    const expected = await at(s);
    expect(expected.replayProblems).toEqual([]);
    expect(expected.model.tables[0].indexes.map((i) => i.name)).toEqual(['ix_email', 'users_pkey']);
  });

  it('counts a replay where every statement failed', async () => {
    const s = set(migration('1', ['ALTER TABLE nowhere ADD COLUMN a integer', 'CREATE INDEX ix ON nowhere (a)']));
    const expected = await at(s);
    expect(expected.statements).toEqual({ run: 0, failed: 2 });
    expect(expected.replayProblems.map((p) => p.line)).toEqual([10, 20]);
  });

  it('keeps a placeholder attribute unverified until a later statement sets it, and follows renames', async () => {
    const s = set(
      migration('1', ['CREATE TABLE users (id serial PRIMARY KEY, guid TEXT, other TEXT, gone TEXT)'], [
        placeholder({}),
        placeholder({ name: 'other', line: 10 }),
        placeholder({ name: 'gone', attribute: 'default' }),
      ]),
      migration('2', ['ALTER TABLE users ALTER COLUMN other TYPE varchar(20)', 'ALTER TABLE users DROP COLUMN gone', 'ALTER TABLE users RENAME guid TO uid']),
    );
    const expected = await at(s);
    expect(expected.unverified).toEqual([
      {
        kind: 'column',
        schema: 'public',
        table: 'users',
        name: 'uid',
        attribute: 'type',
        reason: 'type GUID from app/types.py could not be resolved',
        file: '/project/migrations/V1__m.sql',
        line: 10,
      },
    ]);
  });

  it('drops a placeholder when a later migration creates the object again', async () => {
    const s = set(
      migration('1', ['CREATE TABLE users (id serial PRIMARY KEY, guid TEXT)'], [placeholder({})]),
      migration('2', ['DROP TABLE users', 'CREATE TABLE users (id serial PRIMARY KEY, guid uuid)']),
    );
    expect((await at(s)).unverified).toEqual([]);
  });

  it('marks the version of an extension created without VERSION as unverified, and respects the schemas filter', async () => {
    const s = set(migration('1', ['CREATE SCHEMA ext', 'CREATE EXTENSION citext', 'CREATE EXTENSION hstore SCHEMA ext']));
    const expected = await at(s);
    expect(expected.replayProblems).toEqual([]);
    expect(expected.unverified.map((u) => `${u.kind} ${u.schema}.${u.name} ${u.attribute} ${u.file}:${u.line}`)).toEqual([
      'extension ext.hstore version /project/migrations/V1__m.sql:30',
      'extension public.citext version /project/migrations/V1__m.sql:20',
    ]);
    // plpgsql comes with every database: its version is compared.
    expect(expected.model.extensions.map((e) => e.name)).toEqual(['citext', 'hstore', 'plpgsql']);
    const onlyPublic = await at(s, ['public']);
    expect(onlyPublic.model.extensions.map((e) => e.name)).toEqual(['citext']);
    expect(onlyPublic.unverified.map((u) => u.name)).toEqual(['citext']);
  });
});

describe('pinned extension versions (PostgreSQL shadow)', () => {
  it('compares a pinned version, also after ALTER EXTENSION … UPDATE TO; UPDATE without TO unpins it', async () => {
    const pinned = set(migration('1', ["CREATE EXTENSION citext VERSION '1.4'"]), migration('2', ["ALTER EXTENSION citext UPDATE TO '1.5'"]));
    const expected = await expectedSchemaAt(pinned, all(pinned), { shadowUrl: ADMIN_URL });
    expect(expected.model.extensions.find((e) => e.name === 'citext')?.version).toBe('1.5');
    expect(expected.unverified).toEqual([]);
    const unpinned = set(migration('1', ["CREATE EXTENSION citext VERSION '1.4'"]), migration('2', ['ALTER EXTENSION citext UPDATE']));
    const later = await expectedSchemaAt(unpinned, all(unpinned), { shadowUrl: ADMIN_URL });
    expect(later.unverified.map((u) => `${u.name} ${u.attribute}`)).toEqual(['citext version']);
  });
});

describe('the PGlite shadow cluster', () => {
  it('has no template databases: a CREATE DATABASE is a replay problem, and every other statement still applies', async () => {
    const s = set(
      migration('1', ['CREATE TABLE users (id bigint PRIMARY KEY)']),
      migration('2', [{ sql: 'CREATE DATABASE reporting', inTransaction: false }, 'ALTER TABLE users ADD COLUMN email text']),
    );
    const expected = await expectedSchemaAt(s, all(s));
    expect(expected.replayProblems.map((p) => `${p.migrationId}:${p.line} ${p.error}`)).toEqual(['2:10 template database "template1" does not exist']);
    expect(expected.model.tables[0].columns.map((c) => c.name)).toEqual(['email', 'id']);
  });
});
