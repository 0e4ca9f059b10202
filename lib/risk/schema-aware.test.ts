import { describe, expect, it } from 'vitest';
import type { Finding, RiskContext } from '../model/risk';
import type { SchemaModel } from '../model/schema';
import { analyzeMigration, analyzeMigrations } from './analyze';
import { contextWith, migrationFromSql, stats } from './fixtures';
import { lintMigrations } from '../lint';

const LARGE = contextWith([stats('users', 5_000_000, 2 * 1024 ** 3)]);

function set(...sqls: string[][]) {
  return sqls.map((s, i) => migrationFromSql(s, { id: String(i + 1) }));
}

const rules = (fs: Finding[]) => fs.map((f) => [f.rule, f.level]);

function liveSchema(columns: Record<string, string>): SchemaModel {
  return {
    schemas: ['public'],
    extensions: [],
    enums: [],
    sequences: [],
    views: [],
    tables: [
      {
        schema: 'public',
        name: 'users',
        kind: 'table',
        partitionOf: null,
        partitionKey: null,
        comment: null,
        constraints: [],
        indexes: [],
        columns: Object.entries(columns).map(([name, type]) => ({
          name,
          type,
          nullable: true,
          default: null,
          identity: null,
          generated: null,
          collation: null,
          comment: null,
        })),
      },
    ],
  };
}

describe('ALTER COLUMN … TYPE with the old type known from earlier migrations', () => {
  const create = ['CREATE TABLE users (id serial PRIMARY KEY, name varchar(50), price numeric(10,2), n integer, ip cidr)'];

  it.each([
    ['ALTER TABLE users ALTER COLUMN name TYPE varchar(200)'],
    ['ALTER TABLE users ALTER COLUMN name TYPE text'],
    ['ALTER TABLE users ALTER COLUMN price TYPE numeric(12,2)'],
    ['ALTER TABLE users ALTER COLUMN price TYPE numeric'],
    ['ALTER TABLE users ALTER COLUMN ip TYPE inet'],
    ['ALTER TABLE users ALTER COLUMN name TYPE text USING name::text'],
  ])('%s is catalog-only (no finding)', async (sql) => {
    const r = await lintMigrations({ tool: 'sql', path: '/m', heads: ['2'], diagnostics: [], migrations: set(create, [sql]) });
    expect(r.migrations[1].findings).toEqual([]);
  });

  it.each([
    ['ALTER TABLE users ALTER COLUMN n TYPE numeric(12,2)', 'int4'],
    ['ALTER TABLE users ALTER COLUMN n TYPE text', 'int4'],
    ['ALTER TABLE users ALTER COLUMN id TYPE text', 'serial'],
    ['ALTER TABLE users ALTER COLUMN name TYPE varchar(20)', 'varchar(50)'],
    ['ALTER TABLE users ALTER COLUMN price TYPE numeric(12,3)', 'numeric(10,2)'],
    ['ALTER TABLE users ALTER COLUMN name TYPE text USING upper(name)', 'varchar(50)'],
  ])('%s is a proven rewrite (old type %s, from migration 1)', async (sql, old) => {
    const r = await lintMigrations({ tool: 'sql', path: '/m', heads: ['2'], diagnostics: [], migrations: set(create, [sql]) });
    const [f] = r.migrations[1].findings;
    expect(f).toMatchObject({ rule: 'alter-column-type', level: 'high', rewrite: true });
    expect(f.message).toContain(`from ${old} (as migration 1 has it)`);
  });

  it('follows ADD COLUMN, ALTER TYPE, RENAME COLUMN, RENAME TABLE and DROP across migrations', async () => {
    const ms = set(
      create,
      ['ALTER TABLE users ADD COLUMN bio varchar(10)', 'ALTER TABLE users ALTER COLUMN name TYPE varchar(80)'],
      ['ALTER TABLE users RENAME COLUMN bio TO about', 'ALTER TABLE users RENAME TO members'],
      ['ALTER TABLE members ALTER COLUMN about TYPE varchar(11)', 'ALTER TABLE members ALTER COLUMN name TYPE varchar(60)'],
      ['DROP TABLE members', 'CREATE TABLE members (about text)'],
      ['ALTER TABLE members ALTER COLUMN about TYPE varchar(5)'],
    );
    const r = await lintMigrations({ tool: 'sql', path: '/m', heads: ['6'], diagnostics: [], migrations: ms });
    expect(rules(r.migrations[3].findings)).toEqual([['alter-column-type', 'high']]);
    expect(r.migrations[3].findings[0].message).toContain('column name from varchar(80) (as migration 2 has it)');
    expect(r.migrations[5].findings[0].message).toContain('from text (as migration 5 has it)');
    // lint rates history: a table created by an earlier migration is not "new" (size unknown)
    expect(r.migrations[5].findings[0].level).toBe('high');
  });

  it('an old type not known stays a possible rewrite', async () => {
    const r = await analyzeMigration(migrationFromSql(['ALTER TABLE users ALTER COLUMN name TYPE varchar(200)']), LARGE);
    expect(rules(r.findings)).toEqual([['alter-column-type-possible-rewrite', 'high']]);
  });
});

describe('ALTER COLUMN … TYPE with the live schema known (status)', () => {
  const ctx = (cols: Record<string, string>): RiskContext => ({ ...LARGE, schema: liveSchema(cols) });

  it('format_type spellings of the live schema prove widening or rewrite', async () => {
    const live = ctx({ name: 'character varying(50)', at: 'timestamp(3) without time zone', n: 'integer' });
    const pending = [
      migrationFromSql(['ALTER TABLE users ALTER COLUMN name TYPE varchar(100)', 'ALTER TABLE users ALTER COLUMN at TYPE timestamp(6)'], { id: 'a' }),
      migrationFromSql(['ALTER TABLE public.users ALTER COLUMN n TYPE numeric'], { id: 'b' }),
      migrationFromSql(['ALTER TABLE users ALTER COLUMN name TYPE varchar(60)'], { id: 'c' }),
    ];
    const [a, b, c] = await analyzeMigrations(pending, live);
    expect(a.findings).toEqual([]);
    expect(b.findings[0]).toMatchObject({ rule: 'alter-column-type', level: 'critical' });
    expect(b.findings[0].message).toContain('from integer (as the live schema has it)');
    // migration a widened it to 100, so 60 narrows
    expect(c.findings[0].message).toContain('from varchar(100) (as migration a has it)');
  });
});

describe('backfills', () => {
  it('UPDATE … FROM join and DELETE … WHERE are rated by table size', async () => {
    const sql = 'UPDATE users SET plan = a.plan FROM accounts a WHERE a.id = users.account_id';
    expect(rules((await analyzeMigration(migrationFromSql([sql]), LARGE)).findings)).toEqual([['backfill-update', 'high']]);
    expect(rules((await analyzeMigration(migrationFromSql([sql]))).findings)).toEqual([['backfill-update', 'medium']]);
    expect(rules((await analyzeMigration(migrationFromSql([sql]), contextWith([stats('users', 50)]))).findings)).toEqual([['backfill-update', 'low']]);
    const del = (await analyzeMigration(migrationFromSql(['DELETE FROM users WHERE deleted']), LARGE)).findings[0];
    expect(del).toMatchObject({ rule: 'backfill-delete', level: 'high', lock: 'ROW EXCLUSIVE', table: 'users' });
    expect(del.message).toMatch(/one transaction that locks every matched row/);
  });

  it('after an ALTER TABLE in the same transaction, the backfill runs under ACCESS EXCLUSIVE', async () => {
    const m = migrationFromSql(['ALTER TABLE users ADD COLUMN plan text', "UPDATE users SET plan = 'free' WHERE plan IS NULL"]);
    const [f] = (await analyzeMigration(m, LARGE)).findings;
    expect(f).toMatchObject({ rule: 'backfill-update', level: 'critical', lock: 'ACCESS EXCLUSIVE', line: 2 });
    expect(f.message).toContain('ACCESS EXCLUSIVE lock taken at line 1');
    // outside a transaction (dbmate transaction:false) each statement commits on its own
    const auto = migrationFromSql(m.statements.map((s) => s.sql), { inTransaction: false });
    expect((await analyzeMigration(auto, LARGE)).findings[0]).toMatchObject({ level: 'high', lock: 'ROW EXCLUSIVE' });
  });
});

describe('types break running code like a table rename', () => {
  it.each([
    ['rename-type', 'ALTER TYPE mood RENAME TO feeling'],
    ['rename-enum-value', "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'"],
    ['drop-type', 'DROP TYPE mood'],
    ['drop-type', 'DROP TYPE public.mood CASCADE'],
  ])('%s: high for an existing type, low for one created in the run', async (rule, sql) => {
    const r = await analyzeMigration(migrationFromSql([sql]));
    expect(rules(r.findings)).toEqual([[rule, 'high']]);
    const fresh = await analyzeMigration(migrationFromSql(["CREATE TYPE public.mood AS ENUM ('sad')", sql]));
    expect(rules(fresh.findings)).toEqual([[rule, 'low']]);
  });

  it('DROP TYPE … CASCADE says columns are dropped with their data', async () => {
    const [f] = (await analyzeMigration(migrationFromSql(['DROP TYPE mood CASCADE']))).findings;
    expect(f.message).toMatch(/drops every column \(with its data\)/);
  });
});

describe('irreversibility is a flag, not a risk level', () => {
  it("a golang-migrate migration's empty down file says so in golang-migrate words", async () => {
    const m = migrationFromSql(['CREATE TABLE a (id int)'], { reversible: false, downStatements: [] });
    m.meta.scheme = 'golang-migrate';
    const r = await analyzeMigration(m);
    expect(r).toMatchObject({ risk: 'low', reversible: false });
    expect(r.findings[0].message).toBe('Migration m1 cannot be rolled back: its .down.sql file is empty.');
    expect(r.findings[0].message).not.toMatch(/pass|downgrade\(\)/);
  });

  it('a down file that does not parse is a finding at its file:line', async () => {
    const m = migrationFromSql(['CREATE TABLE a (id int)'], { reversible: false, downStatements: [] });
    Object.assign(m.meta, { scheme: 'dbmate', downError: 'syntax error at or near "DROPP"', downErrorFile: '/m/1_a.sql', downErrorLine: '7' });
    const r = await analyzeMigration(m);
    expect(r.findings).toEqual([
      expect.objectContaining({ rule: 'irreversible-migration', level: 'low', file: '/m/1_a.sql', line: 7 }),
    ]);
    expect(r.findings[0].message).toContain('-- migrate:down section does not parse (syntax error at or near "DROPP")');
  });
});
