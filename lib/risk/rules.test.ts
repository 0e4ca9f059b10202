import { describe, expect, it } from 'vitest';
import type { Finding, RiskContext } from '../model/risk';
import { analyzeMigration, analyzeMigrations } from './analyze';
import { contextWith, migrationFromSql, stats } from './fixtures';
import type { MigrationOptions } from './fixtures';

const SMALL = contextWith([stats('users', 10, 8192)]);
const LARGE = contextWith([stats('users', 5_000_000, 2 * 1024 ** 3)]);
const EMPTY = contextWith([stats('users', 0, 0)]);
const PG10 = (ctx: RiskContext): RiskContext => ({ ...ctx, serverVersion: 100023 });

async function findings(sql: string | string[], ctx?: RiskContext, o?: MigrationOptions): Promise<Finding[]> {
  const r = await analyzeMigration(migrationFromSql(Array.isArray(sql) ? sql : [sql], o), ctx);
  return r.findings;
}

/** The level the given rule gives the statement, or null when it does not fire. */
async function level(rule: string, sql: string | string[], ctx?: RiskContext, o?: MigrationOptions) {
  const f = (await findings(sql, ctx, o)).filter((x) => x.rule === rule);
  expect(f.length).toBeLessThanOrEqual(1);
  return f[0]?.level ?? null;
}

describe('table rewrite under ACCESS EXCLUSIVE', () => {
  it('ALTER COLUMN TYPE to a different type: low on a small table, critical on a large one', async () => {
    const sql = 'ALTER TABLE users ALTER COLUMN id TYPE bigint';
    expect(await level('alter-column-type', sql, SMALL)).toBe('low');
    expect(await level('alter-column-type', sql, LARGE)).toBe('critical');
    expect(await level('alter-column-type', sql)).toBe('high');
    const [f] = await findings(sql, LARGE);
    expect(f).toMatchObject({ lock: 'ACCESS EXCLUSIVE', rewrite: true, table: 'users', file: '/migrations/m1.sql', line: 1 });
    expect(f.message).toContain('users');
    expect(f.suggestion).toMatch(/backfill/);
  });

  it('binary-coercible changes are not rewrites when the old type is known', async () => {
    const origin = (t: string) => `op.alter_column('users', 'name', type_=..., existing_type=${t})`;
    const widen = 'ALTER TABLE users ALTER COLUMN name TYPE varchar(200)';
    expect(await findings(widen, LARGE, { origin: origin('sa.String(length=50)') })).toEqual([]);
    expect(await findings('ALTER TABLE users ALTER COLUMN name TYPE text', LARGE, { origin: origin('sa.VARCHAR(50)') })).toEqual([]);
    expect(await findings('ALTER TABLE users ALTER COLUMN name TYPE varchar', LARGE, { origin: origin('sa.String(50)') })).toEqual([]);
    expect(await findings('ALTER TABLE users ALTER COLUMN p TYPE numeric(12,2)', LARGE, { origin: origin('sa.Numeric(10, 2)') })).toEqual([]);
    expect(await findings('ALTER TABLE users ALTER COLUMN ip TYPE inet /* existing_type: cidr */', LARGE)).toEqual([]);
    // the old type as a loader may render it into the SQL
    expect(await findings('ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(80) /* existing_type: VARCHAR(50) */', LARGE)).toEqual([]);
    expect(await findings('ALTER TABLE users ALTER COLUMN name TYPE text /* existing_type: character varying(50) */', LARGE)).toEqual([]);
    expect(await level('alter-column-type', 'ALTER TABLE users ALTER COLUMN n TYPE BIGINT /* existing_type: INTEGER */', LARGE)).toBe('critical');
    // narrowing or a scale change is a rewrite
    expect(await level('alter-column-type', 'ALTER TABLE users ALTER COLUMN name TYPE varchar(20)', LARGE, { origin: origin('sa.String(50)') })).toBe('critical');
    expect(await level('alter-column-type', 'ALTER TABLE users ALTER COLUMN p TYPE numeric(12,3)', LARGE, { origin: origin('sa.Numeric(10, 2)') })).toBe('critical');
  });

  it('a widening-looking target with no known old type is a possible rewrite, one step milder', async () => {
    const sql = 'ALTER TABLE users ALTER COLUMN name TYPE varchar(200)';
    expect(await level('alter-column-type-possible-rewrite', sql, LARGE)).toBe('high');
    expect(await level('alter-column-type-possible-rewrite', sql, SMALL)).toBe('low');
    expect(await level('alter-column-type-possible-rewrite', sql)).toBe('medium');
  });

  it('ADD COLUMN with a volatile default rewrites; now() and constants do not (PG >= 11)', async () => {
    const volatile = 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()';
    expect(await level('add-column-rewrite', volatile, LARGE)).toBe('critical');
    expect(await level('add-column-rewrite', volatile, SMALL)).toBe('low');
    expect(await level('add-column-rewrite', 'ALTER TABLE users ADD COLUMN r float8 DEFAULT random()', LARGE)).toBe('critical');
    expect(await level('add-column-rewrite', 'ALTER TABLE users ADD COLUMN t timestamptz DEFAULT clock_timestamp()', LARGE)).toBe('critical');
    expect(await level('add-column-rewrite', 'ALTER TABLE users ADD COLUMN s bigserial', LARGE)).toBe('critical');
    expect(await findings('ALTER TABLE users ADD COLUMN t timestamptz DEFAULT now()', LARGE)).toEqual([]);
    expect(await findings('ALTER TABLE users ADD COLUMN t timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP', LARGE)).toEqual([]);
    expect(await findings("ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT 'true'::boolean", LARGE)).toEqual([]);
  });

  it('a constant default rewrites before PG 11 and not from PG 11 on', async () => {
    const sql = 'ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true';
    expect(await level('add-column-rewrite', sql, PG10(LARGE))).toBe('critical');
    expect(await level('add-column-rewrite', sql, PG10(SMALL))).toBe('low');
    expect(await level('add-column-rewrite', sql, { ...LARGE, serverVersion: 110000 })).toBeNull();
    // DEFAULT NULL is no default at all, even on PG 10
    expect(await level('add-column-rewrite', 'ALTER TABLE users ADD COLUMN x int DEFAULT NULL', PG10(LARGE))).toBeNull();
  });

  it('SET LOGGED / UNLOGGED, VACUUM FULL and CLUSTER rewrite the table', async () => {
    for (const sql of ['ALTER TABLE users SET LOGGED', 'ALTER TABLE users SET UNLOGGED', 'CLUSTER users USING users_pkey']) {
      expect(await level('table-rewrite', sql, LARGE)).toBe('critical');
      expect(await level('table-rewrite', sql, SMALL)).toBe('low');
    }
    expect(await level('table-rewrite', 'VACUUM FULL users', LARGE, { inTransaction: false })).toBe('critical');
    expect(await level('table-rewrite', 'VACUUM (FULL, ANALYZE) users', SMALL, { inTransaction: false })).toBe('low');
    expect(await findings('VACUUM users', LARGE, { inTransaction: false })).toEqual([]);
  });
});

describe('a lock held across a full scan', () => {
  it('SET NOT NULL: low on small, high on large, with the CHECK … NOT VALID recipe on PG >= 12', async () => {
    const sql = 'ALTER TABLE users ALTER COLUMN email SET NOT NULL';
    expect(await level('set-not-null', sql, SMALL)).toBe('low');
    expect(await level('set-not-null', sql, LARGE)).toBe('high');
    const [f] = await findings(sql, LARGE);
    expect(f.suggestion).toMatch(/IS NOT NULL\) NOT VALID/);
    expect(f.lock).toBe('ACCESS EXCLUSIVE');
  });

  it('SET NOT NULL after a validated CHECK (col IS NOT NULL) needs no scan on PG >= 12, but still on PG 11', async () => {
    const recipe = [
      'ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID',
      'ALTER TABLE users VALIDATE CONSTRAINT email_nn',
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL',
    ];
    expect(await findings(recipe, LARGE)).toEqual([]);
    expect(await level('set-not-null', recipe, { ...LARGE, serverVersion: 110005 })).toBe('high');
    // without the VALIDATE it still scans
    expect(await level('set-not-null', [recipe[0], recipe[2]], LARGE)).toBe('high');
  });

  it('ADD CHECK / FOREIGN KEY without NOT VALID scan; with NOT VALID they do not', async () => {
    const check = 'ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age >= 0)';
    const fk = 'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id)';
    expect(await level('add-check-validated', check, SMALL)).toBe('low');
    expect(await level('add-check-validated', check, LARGE)).toBe('high');
    expect(await level('add-foreign-key-validated', fk, SMALL)).toBe('low');
    expect(await level('add-foreign-key-validated', fk, LARGE)).toBe('high');
    expect((await findings(fk, LARGE))[0].lock).toBe('SHARE ROW EXCLUSIVE');
    expect(await findings(`${check} NOT VALID`, LARGE)).toEqual([]);
    expect(await findings(`${fk} NOT VALID`, LARGE)).toEqual([]);
  });

  it('ADD UNIQUE / PRIMARY KEY build an index unless USING INDEX', async () => {
    expect(await level('add-unique-without-index', 'ALTER TABLE users ADD CONSTRAINT u_email UNIQUE (email)', LARGE)).toBe('high');
    expect(await level('add-unique-without-index', 'ALTER TABLE users ADD CONSTRAINT u_email UNIQUE (email)', SMALL)).toBe('low');
    expect(await level('add-primary-key-without-index', 'ALTER TABLE users ADD PRIMARY KEY (id)', LARGE)).toBe('high');
    const [f] = await findings('ALTER TABLE users ADD PRIMARY KEY (id)', LARGE);
    expect(f.suggestion).toMatch(/CONCURRENTLY.*USING INDEX/);
    expect(await findings('ALTER TABLE users ADD CONSTRAINT u_email UNIQUE USING INDEX users_email_idx', LARGE)).toEqual([]);
    expect(await findings('ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx', LARGE)).toEqual([]);
  });
});

describe('blocking index work', () => {
  it('CREATE INDEX without CONCURRENTLY: low on 10 rows, high on 5 million', async () => {
    const sql = 'CREATE INDEX users_email_idx ON users (email)';
    expect(await level('create-index-not-concurrently', sql, SMALL)).toBe('low');
    expect(await level('create-index-not-concurrently', sql, LARGE)).toBe('high');
    expect(await level('create-index-not-concurrently', sql)).toBe('medium');
    expect((await findings(sql, LARGE))[0].lock).toBe('SHARE');
  });

  it('CONCURRENTLY outside a transaction is fine; inside one it fails (critical, nonTransactional)', async () => {
    const sql = 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email)';
    expect(await findings(sql, LARGE, { inTransaction: false })).toEqual([]);
    const [f] = await findings(sql, SMALL, { inTransaction: true });
    expect(f).toMatchObject({ rule: 'concurrently-in-transaction', level: 'critical', nonTransactional: true, table: 'users' });
    expect(await level('concurrently-in-transaction', 'DROP INDEX CONCURRENTLY users_email_idx', undefined, { inTransaction: true })).toBe('critical');
    expect(await findings('DROP INDEX CONCURRENTLY users_email_idx', undefined, { inTransaction: false })).toEqual([]);
  });

  it('DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE; low when the index was created in the same run', async () => {
    expect(await level('drop-index-not-concurrently', 'DROP INDEX users_email_idx', LARGE)).toBe('medium');
    expect(await level('drop-index-not-concurrently', ['CREATE INDEX tmp_idx ON users (a)', 'DROP INDEX tmp_idx'], LARGE)).toBe('low');
  });

  it('an index on a table the migration itself creates is low', async () => {
    const sqls = ['CREATE TABLE users (id bigint PRIMARY KEY, email text)', 'CREATE INDEX users_email_idx ON users (email)'];
    expect(await level('create-index-not-concurrently', sqls, LARGE)).toBe('low');
  });

  it('a table created by an earlier migration of the same run is empty for later ones', async () => {
    const create = migrationFromSql(['CREATE TABLE users (id bigint)'], { id: 'a' });
    const index = migrationFromSql(['CREATE INDEX users_id_idx ON users (id)'], { id: 'b' });
    const [, r] = await analyzeMigrations([create, index], LARGE);
    expect(r.risk).toBe('low');
    expect((await analyzeMigration(index, LARGE)).risk).toBe('high');
  });
});

describe('fails on existing rows', () => {
  const sql = 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL';
  it('ADD COLUMN NOT NULL without default: low on an empty table, critical on a populated one, high when unknown', async () => {
    expect(await level('add-column-not-null-no-default', sql, EMPTY)).toBe('low');
    expect(await level('add-column-not-null-no-default', sql, SMALL)).toBe('critical');
    expect(await level('add-column-not-null-no-default', sql, LARGE)).toBe('critical');
    expect(await level('add-column-not-null-no-default', sql)).toBe('high');
  });
  it('with a default, an identity or a serial it does not fail', async () => {
    expect(await findings('ALTER TABLE users ADD COLUMN n int NOT NULL DEFAULT 0', LARGE)).toEqual([]);
    expect(await level('add-column-not-null-no-default', 'ALTER TABLE users ADD COLUMN n bigint NOT NULL GENERATED ALWAYS AS IDENTITY', LARGE)).toBeNull();
    expect(await level('add-column-not-null-no-default', 'ALTER TABLE users ADD COLUMN n int NOT NULL DEFAULT NULL', SMALL)).toBe('critical');
  });
});

describe('destroys data', () => {
  const cases: [string, string][] = [
    ['drop-table', 'DROP TABLE users'],
    ['drop-column', 'ALTER TABLE users DROP COLUMN email'],
    ['truncate', 'TRUNCATE users'],
    ['update-without-where', "UPDATE users SET email = ''"],
    ['delete-without-where', 'DELETE FROM users'],
  ];
  it.each(cases)('%s: high on small, large and unknown-size tables', async (rule, sql) => {
    expect(await level(rule, sql, SMALL)).toBe('high');
    expect(await level(rule, sql, LARGE)).toBe('high');
    expect(await level(rule, sql)).toBe('high');
  });
  it('with a WHERE clause UPDATE / DELETE is a backfill rated by size; a table created in the run is low', async () => {
    expect(await level('backfill-delete', 'DELETE FROM users WHERE id = 1', LARGE)).toBe('high');
    expect(await level('backfill-update', 'UPDATE users SET a = 1 WHERE id < 100', SMALL)).toBe('low');
    expect(await findings(['CREATE TABLE scratch (a int)', 'UPDATE scratch SET a = 1 WHERE a IS NULL'], LARGE)).toEqual([]);
    expect(await level('drop-table', 'DROP TABLE users', EMPTY)).toBe('medium');
    expect(await level('drop-table', ['CREATE TABLE scratch (a int)', 'DROP TABLE scratch'])).toBe('low');
  });
  it('DROP SCHEMA … CASCADE and DROP DATABASE are critical; DROP SCHEMA without CASCADE is not flagged', async () => {
    expect(await level('drop-schema-cascade', 'DROP SCHEMA legacy CASCADE')).toBe('critical');
    expect(await level('drop-database', 'DROP DATABASE IF EXISTS legacy WITH (FORCE)')).toBe('critical');
    expect(await findings('DROP SCHEMA legacy')).toEqual([]);
  });
});

describe('breaks running code', () => {
  it('renaming a table or a column is high whatever the size', async () => {
    expect(await level('rename-table', 'ALTER TABLE users RENAME TO accounts', SMALL)).toBe('high');
    expect(await level('rename-table', 'ALTER TABLE users RENAME TO accounts', LARGE)).toBe('high');
    expect(await level('rename-column', 'ALTER TABLE users RENAME COLUMN email TO mail', SMALL)).toBe('high');
    expect(await level('rename-column', 'ALTER TABLE users RENAME COLUMN email TO mail', LARGE)).toBe('high');
    expect(await findings('ALTER INDEX users_email_idx RENAME TO users_mail_idx', LARGE)).toEqual([]);
  });
});

describe('cannot be undone', () => {
  it('ALTER TYPE … ADD VALUE is low risk but irreversible; inside a transaction before PG 12 it fails', async () => {
    const sql = "ALTER TYPE mood ADD VALUE 'meh'";
    expect(await level('enum-add-value', sql)).toBe('low');
    expect(await analyzeMigration(migrationFromSql([sql], { tool: 'alembic', reversible: true }))).toMatchObject({ risk: 'low', reversible: false });
    const [old] = await findings(sql, { serverVersion: 110000 });
    expect(old).toMatchObject({ level: 'critical', nonTransactional: true });
    expect(await level('enum-add-value', sql, { serverVersion: 110000 }, { inTransaction: false })).toBe('low');
  });

  it('an Alembic migration with an empty downgrade is irreversible; a Flyway one has no downgrade by design', async () => {
    const alembic = migrationFromSql(['CREATE TABLE a (id int)'], { tool: 'alembic', reversible: false, downStatements: [] });
    const r = await analyzeMigration(alembic);
    // irreversibility is the flag, not a risk level: nothing here hurts the running system
    expect(r).toMatchObject({ risk: 'low', reversible: false });
    expect(r.findings.map((f) => [f.rule, f.level])).toEqual([['irreversible-migration', 'low']]);
    expect(r.findings[0].message).toContain('`pass`');
    const flyway = migrationFromSql(['CREATE TABLE a (id int)'], { reversible: false, downStatements: null });
    expect((await analyzeMigration(flyway)).findings).toEqual([]);
  });
});

describe('unanalyzed and unparsable input', () => {
  it('each unanalyzed entry becomes a medium finding naming file:line', async () => {
    const m = migrationFromSql([], { unanalyzed: [{ file: '/v/abc.py', line: 12, code: 'op.bulk_insert(t, rows)', reason: 'op.bulk_insert is not understood' }] });
    const r = await analyzeMigration(m);
    expect(r.risk).toBe('medium');
    expect(r.findings[0]).toMatchObject({ rule: 'unanalyzed', level: 'medium', file: '/v/abc.py', line: 12 });
    expect(r.findings[0].message).toContain('/v/abc.py:12');
  });

  it('a statement that does not parse is a high finding at its line, and the rest is still rated', async () => {
    const m = migrationFromSql(['CREATE TABLE a (id int)', 'ALTER TABLE a\n  ADD COLUMN b itn nt', 'DROP TABLE users']);
    const r = await analyzeMigration(m);
    expect(r.findings.map((f) => [f.rule, f.line])).toEqual([
      ['parse-error', 3],
      ['drop-table', 3],
    ]);
  });

  it('a migration with nothing risky is low', async () => {
    const r = await analyzeMigration(migrationFromSql(['CREATE TABLE a (id int PRIMARY KEY)', "COMMENT ON TABLE a IS 'x'"]));
    expect(r).toMatchObject({ risk: 'low', findings: [] });
  });
});
