import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSqlMigrations } from './load';
import { compareVersions, versionKey } from './scheme';
import { UserInputError } from '../../model/errors';
import { fixtureDirs } from '../../testing/fixture-dir';

const fixtures = fixtureDirs('sql-mig-');
const fixture = fixtures.write;
afterEach(fixtures.cleanup);

describe('versions', () => {
  it('compares Flyway versions part by part', () => {
    expect(['1.2.10', '1.10', '1.2.9', '2', '1.2'].sort(compareVersions)).toEqual(['1.2', '1.2.9', '1.2.10', '1.10', '2']);
    expect(compareVersions('1.0', '1')).toBe(0);
    expect(versionKey('001.2.0')).toBe('1.2');
  });
});

describe('loadSqlMigrations: Flyway', () => {
  it('orders V files numerically, pairs U undo files, warns about R__ and foreign names', async () => {
    const d = await fixture({
      'V1__create_users.sql': 'CREATE TABLE users (\n  id bigserial PRIMARY KEY,\n  email text NOT NULL\n);\n',
      'V1.2.10__add_name.sql': 'ALTER TABLE users ADD COLUMN name text;\n',
      'V1_2_9__add_note.sql': '-- note column\nALTER TABLE users ADD COLUMN note text;\n',
      'U1.2.10__add_name.sql': 'ALTER TABLE users DROP COLUMN name;\n',
      'V2__index_email.sql': 'CREATE INDEX CONCURRENTLY users_email ON users (email);\n',
      'V3__no_tx.sql': 'CREATE TABLE t (id int);\n',
      'V3__no_tx.sql.conf': 'executeInTransaction=false\n',
      'R__refresh_views.sql': 'CREATE OR REPLACE VIEW v AS SELECT 1;\n',
      'notes.sql': 'SELECT 1;\n',
      'sub/V4__nested.sql': 'CREATE TABLE nested (id int);\n',
    });
    const set = await loadSqlMigrations(d);
    expect(set.tool).toBe('sql');
    expect(set.migrations.map((m) => m.id)).toEqual(['1', '1.2.9', '1.2.10', '2', '3', '4']);
    expect(set.migrations.map((m) => m.parents)).toEqual([[], ['1'], ['1.2.9'], ['1.2.10'], ['2'], ['3']]);
    expect(set.heads).toEqual(['4']);
    const [v1, v129, v1210, v2, v3, v4] = set.migrations;
    expect(v1.meta.scheme).toBe('flyway');
    expect(v1.description).toBe('create users');
    expect(v129.statements).toEqual([{ sql: 'ALTER TABLE users ADD COLUMN note text', line: 2, origin: null, inTransaction: true }]);
    expect(v1210.reversible).toBe(true);
    expect(v1210.downStatements?.map((s) => s.sql)).toEqual(['ALTER TABLE users DROP COLUMN name']);
    expect(v1.reversible).toBe(false);
    expect(v1.downStatements).toBeNull();
    // Flyway runs a migration with CONCURRENTLY, or one configured so, without a transaction.
    expect(v2.statements[0].inTransaction).toBe(false);
    expect(v3.statements[0].inTransaction).toBe(false);
    expect(v4.file).toBe(join(d, 'sub', 'V4__nested.sql'));
    expect(set.diagnostics.map((x) => [x.level, x.code, x.file])).toEqual([
      ['warning', 'unrecognized-file', join(d, 'notes.sql')],
      ['warning', 'repeatable-migration', join(d, 'R__refresh_views.sql')],
    ]);
  });

  it('parses scripts that use Flyway placeholders', async () => {
    const d = await fixture({ 'V1__init.sql': 'CREATE TABLE ${flyway:defaultSchema}.users (id int);\nGRANT SELECT ON ${flyway:defaultSchema}.users TO ${appRole};\n' });
    const [m] = (await loadSqlMigrations(d)).migrations;
    expect(m.statements.map((s) => [s.sql, s.line])).toEqual([
      ['CREATE TABLE flyway_defaultSchema.users (id int)', 1],
      ['GRANT SELECT ON flyway_defaultSchema.users TO appRole', 2],
    ]);
  });

  it('reports two files of one version', async () => {
    const d = await fixture({ 'V1__a.sql': 'SELECT 1;', 'V1.0__b.sql': 'SELECT 2;', 'V2__c.sql': 'SELECT 3;' });
    const set = await loadSqlMigrations(d);
    expect(set.migrations.map((m) => m.id)).toEqual(['1.0', '2']);
    expect(set.diagnostics).toMatchObject([{ level: 'error', code: 'duplicate-version', file: join(d, 'V1__a.sql') }]);
  });
});

describe('loadSqlMigrations: golang-migrate', () => {
  it('pairs up and down files, orders by number, models the implicit transaction', async () => {
    const d = await fixture({
      '000001_create_users.up.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY);\nCREATE TABLE roles (id int);\n',
      '000001_create_users.down.sql': 'DROP TABLE roles;\nDROP TABLE users;\n',
      '000010_add_index.up.sql': 'CREATE INDEX CONCURRENTLY users_id ON users (id);\n',
      '000010_add_index.down.sql': '-- nothing to undo\n',
      '000002_add_email.up.sql': 'ALTER TABLE users ADD COLUMN email text;\n',
      'V9__flyway_stray.sql': 'SELECT 1;\n',
    });
    const set = await loadSqlMigrations(d);
    expect(set.migrations.map((m) => m.id)).toEqual(['1', '2', '10']);
    const [one, two, ten] = set.migrations;
    expect(one.meta).toMatchObject({ scheme: 'golang-migrate', version: '000001' });
    expect(one.description).toBe('create users');
    expect(one.file).toBe(join(d, '000001_create_users.up.sql'));
    expect(one.statements.map((s) => [s.line, s.inTransaction])).toEqual([[1, true], [2, true]]);
    expect(one.downStatements?.map((s) => s.sql)).toEqual(['DROP TABLE roles', 'DROP TABLE users']);
    expect(one.reversible).toBe(true);
    expect(two.reversible).toBe(false);
    expect(two.downStatements).toBeNull();
    expect(ten.reversible).toBe(false); // down file holds only a comment
    expect(ten.statements[0].inTransaction).toBe(false);
    expect(set.diagnostics).toMatchObject([{ level: 'error', code: 'mixed-scheme', file: join(d, 'V9__flyway_stray.sql') }]);
  });
});

describe('loadSqlMigrations: dbmate', () => {
  it('reads up/down sections with file lines and the transaction option', async () => {
    const d = await fixture({
      '20240101120000_create_users.sql': [
        '-- migrate:up',
        'CREATE TABLE users (',
        '  id bigserial PRIMARY KEY',
        ');',
        '',
        '-- migrate:down',
        'DROP TABLE users;',
        '',
      ].join('\n'),
      '20240102120000_index_users.sql': [
        '-- migrate:up transaction:false',
        'CREATE INDEX CONCURRENTLY users_id ON users (id);',
        '',
        '-- migrate:down',
        '',
      ].join('\n'),
    });
    const set = await loadSqlMigrations(d);
    expect(set.migrations.map((m) => m.id)).toEqual(['20240101120000', '20240102120000']);
    const [create, index] = set.migrations;
    expect(create.meta.scheme).toBe('dbmate');
    expect(create.description).toBe('create users');
    expect(create.statements).toEqual([{ sql: 'CREATE TABLE users (\n  id bigserial PRIMARY KEY\n)', line: 2, origin: null, inTransaction: true }]);
    expect(create.downStatements).toEqual([{ sql: 'DROP TABLE users', line: 7, origin: null, inTransaction: true }]);
    expect(create.reversible).toBe(true);
    expect(index.statements[0]).toMatchObject({ line: 2, inTransaction: false });
    expect(index.reversible).toBe(false);
    expect(index.parents).toEqual(['20240101120000']);
  });

  it('names file:line for a missing up section, stray SQL and SQL errors in the up section', async () => {
    let d = await fixture({ '20240101120000_x.sql': 'CREATE TABLE x (id int);\n' });
    await expect(loadSqlMigrations(d)).rejects.toThrow(UserInputError);
    await expect(loadSqlMigrations(d)).rejects.toThrow(`${join(d, '20240101120000_x.sql')}:1: dbmate migration has no "-- migrate:up" section`);
    await rm(d, { recursive: true });
    d = await fixture({ '20240101120000_x.sql': '-- header\n\nCREATE TABLE x (id int);\n-- migrate:up\nSELECT 1;\n' });
    await expect(loadSqlMigrations(d)).rejects.toThrow(`${join(d, '20240101120000_x.sql')}:3: SQL before the first`);
    await rm(d, { recursive: true });
    d = await fixture({ '20240101120000_x.sql': '-- migrate:up\nCREATE TABLE x (id int)\nCREATE TABLE y (id int);\n' });
    await expect(loadSqlMigrations(d)).rejects.toThrow(`${join(d, '20240101120000_x.sql')}:3: syntax error at or near "CREATE"`);
  });

  it('a -- migrate:down section that does not parse leaves the way up readable: irreversible, with file:line', async () => {
    const d = await fixture({ '20240101120000_x.sql': '-- migrate:up\nCREATE TABLE x (id int);\n\n-- migrate:down\nDROP TABLE x\nDROP TABLE y;\n' });
    const set = await loadSqlMigrations(d);
    const [m] = set.migrations;
    const file = join(d, '20240101120000_x.sql');
    expect(m.statements.map((s) => s.sql)).toEqual(['CREATE TABLE x (id int)']);
    expect(m).toMatchObject({ reversible: false, downStatements: [] });
    expect(m.meta).toMatchObject({ downError: 'syntax error at or near "DROP"', downErrorFile: file, downErrorLine: '6' });
    expect(set.diagnostics).toEqual([expect.objectContaining({ level: 'warning', code: 'down-parse-error', file, line: 6 })]);
  });
});

describe('loadSqlMigrations: unknown names', () => {
  it('returns no migrations and names each unrecognized file', async () => {
    const d = await fixture({ 'schema.sql': 'SELECT 1;', 'seed.sql': 'SELECT 2;' });
    const set = await loadSqlMigrations(d);
    expect(set.migrations).toEqual([]);
    expect(set.diagnostics.map((x) => x.file)).toEqual([join(d, 'schema.sql'), join(d, 'seed.sql')]);
  });
});

describe('bad files: down files never block, every bad up file is reported', () => {
  it('golang-migrate: a broken .down.sql is a finding-to-be on its migration; the up files load', async () => {
    const d = await fixture({
      '1_users.up.sql': 'CREATE TABLE users (id int);\n',
      '1_users.down.sql': '\nDROP TABLEE users;\n',
      '2_posts.up.sql': 'CREATE TABLE posts (id int);\n',
      '2_posts.down.sql': 'DROP TABLE posts;\n',
    });
    const set = await loadSqlMigrations(d);
    const [one, two] = set.migrations;
    expect(one).toMatchObject({ reversible: false, downStatements: [] });
    expect(one.meta).toMatchObject({ downErrorFile: join(d, '1_users.down.sql'), downErrorLine: '2' });
    expect(one.meta.downError).toMatch(/syntax error at or near "TABLEE"/);
    expect(two.reversible).toBe(true);
  });

  it('Flyway: a broken U undo file makes its V migration irreversible, nothing more', async () => {
    const d = await fixture({ 'V1__a.sql': 'CREATE TABLE a (id int);\n', 'U1__a.sql': 'DROP TABLE a b;\n' });
    const [m] = (await loadSqlMigrations(d)).migrations;
    expect(m).toMatchObject({ reversible: false, statements: [expect.objectContaining({ sql: 'CREATE TABLE a (id int)' })] });
    expect(m.meta).toMatchObject({ downErrorFile: join(d, 'U1__a.sql'), downErrorLine: '1' });
  });

  it.each([
    ['golang-migrate', { '1_a.up.sql': 'CREATE TABLE a (id int;\n', '2_b.up.sql': 'SELECT 1;\n', '3_c.up.sql': '\nCREATE TABEL c (id int);\n' }, ['1_a.up.sql:1', '3_c.up.sql:2']],
    ['flyway', { 'V1__a.sql': 'CREATE TABLE a (id int;\n', 'V2__b.sql': 'SELECT 1;\n', 'V3__c.sql': '\nCREATE TABEL c (id int);\n' }, ['V1__a.sql:1', 'V3__c.sql:2']],
    ['dbmate', { '1_a.sql': 'CREATE TABLE a (id int);\n', '2_b.sql': '-- migrate:up\nSELECT 1;\n', '3_c.sql': '-- migrate:up\nCREATE TABEL c (id int);\n' }, ['1_a.sql:1', '3_c.sql:2']],
  ] as const)('%s: one error lists every bad up file as file:line: message', async (_tool, files, where) => {
    const d = await fixture(files);
    const err = await loadSqlMigrations(d).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserInputError);
    const lines = (err as Error).message.split('\n');
    expect(lines[0]).toBe('2 migration files cannot be read:');
    expect(lines.slice(1).map((l) => l.trim().slice(0, l.trim().indexOf(': ')))).toEqual(where.map((w) => join(d, w)));
  });
});
