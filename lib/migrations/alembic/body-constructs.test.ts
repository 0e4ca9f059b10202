import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Migration } from '../../model/migration';
import { alembicMigrationSource } from '../../testing/alembic';
import { createTestDatabase, type TestDatabase } from '../../testing/pg-test-db';
import { parseAlembicFile } from './index';

/** Constructs of real migration files the body walk must follow, or report once, never silently skip. */

const FILE = '/v/r1_x.py';

async function one(upgrade: string, downgrade = 'pass', header = ''): Promise<Migration> {
  return (await parseAlembicFile(FILE, alembicMigrationSource({ rev: 'r1', down: null, message: 'x', upgrade, downgrade, header })))!;
}

const sqlOf = (m: Migration) => m.statements.map((s) => s.sql.replace(/\s+/g, ' ').trim());
const reasons = (m: Migration) => m.unanalyzed.map((u) => u.reason);

describe('dialect conditions', () => {
  it('a condition that is not a dialect test is one finding naming the line; its branches are not taken', async () => {
    const m = await one(`
      if op.get_bind().dialect.server_version_info >= (12,):
          op.drop_table("a")
      else:
          op.drop_table("b")
      op.drop_table("c")
    `);
    expect(sqlOf(m)).toEqual(['DROP TABLE c']);
    expect(m.unanalyzed).toEqual([
      { file: FILE, line: 21, code: 'if op.get_bind().dialect.server_version_info >= (12,):', reason: expect.stringContaining('is not a recognisable dialect test') },
    ]);
  });

  it('an imported helper is taken by its name, with a note; a defined one by its body', async () => {
    const imported = await one(`
      if is_postgresql():
          op.drop_table("pg_only")
      if is_sqlite():
          op.drop_table("sqlite_only")
    `, 'pass', 'from myapp.db import is_postgresql, is_sqlite');
    expect(sqlOf(imported)).toEqual(['DROP TABLE pg_only']);
    expect(reasons(imported)).toEqual([
      'is_postgresql() is not defined in this file: taken as a dialect test by its name',
      'is_sqlite() is not defined in this file: taken as a dialect test by its name',
    ]);
    // Defined here, named like a PostgreSQL test but testing something else: the body wins (not a dialect test).
    const defined = await one(`
      if is_postgres():
          op.drop_table("x")
    `, 'pass', 'def is_postgres():\n    return os.environ.get("DB") == "pg"');
    expect(sqlOf(defined)).toEqual([]);
    expect(reasons(defined)).toEqual([expect.stringContaining('is not a recognisable dialect test')]);
  });

  it('an early return for other dialects, and a nested batch in a branch', async () => {
    const m = await one(`
      if op.get_bind().dialect.name != "postgresql":
          return
      if True:
          with op.batch_alter_table("t", schema="s") as b:
              b.drop_column("x")
    `);
    expect(sqlOf(m)).toEqual(['ALTER TABLE s.t DROP COLUMN x']);
    const sqlite = await one(`
      if op.get_bind().dialect.name == "postgresql":
          return
      op.drop_table("never")
    `);
    expect(sqlOf(sqlite)).toEqual([]);
  });
});

describe('data-migration code and helpers', () => {
  it('a loop over a non-literal iterable that calls op.* is one finding, not a guess', async () => {
    const m = await one(`
      for name in sa.inspect(op.get_bind()).get_table_names():
          op.drop_table(name)
    `);
    expect(sqlOf(m)).toEqual([]);
    expect(reasons(m)).toEqual(['loop over something other than a literal list not analyzed: the schema changes it makes are unknown']);
  });

  it('op.bulk_insert alone is one data-only note', async () => {
    const m = await one(`
      t = sa.table("t", sa.column("id"))
      op.bulk_insert(t, [{"id": 1}])
      op.bulk_insert(t, [{"id": 2}])
    `);
    expect(sqlOf(m)).toEqual([]);
    expect(reasons(m)).toEqual(['data only (op.bulk_insert / DML): no schema effect']);
  });

  it('a module-level helper taking the connection runs its SQL; a non-literal argument is noted', async () => {
    const m = await one(
      `
      conn = op.get_bind()
      add_col(conn, "users")
      add_col(conn, some_table())
    `,
      'pass',
      `def add_col(connection, table):\n    connection.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN x int"))\n    op.create_index(f"ix_{table}_x", table, ["x"])`,
    );
    expect(sqlOf(m)).toEqual(['ALTER TABLE users ADD COLUMN x int', 'CREATE INDEX ix_users_x ON users (x)']);
    expect(reasons(m)).toEqual([
      expect.stringContaining('add_col(): argument some_table() is not a literal'),
      expect.stringContaining('bind.execute() with something other than a SQL string'),
      expect.stringContaining('is not a literal'),
    ]);
  });

  it('try/except around DDL takes the try body; an except with DDL is reported', async () => {
    const m = await one(`
      try:
          op.drop_constraint("uq_a", "a", type_="unique")
      except Exception:
          op.drop_index("uq_a", table_name="a")
    `);
    expect(sqlOf(m)).toEqual(['ALTER TABLE a DROP CONSTRAINT uq_a']);
    expect(reasons(m)).toEqual(['except branch with schema changes not analyzed (the try body is assumed to succeed)']);
  });
});

describe('downgrade()', () => {
  it('noise in downgrade() is one finding and makes the migration irreversible', async () => {
    const m = await one(`op.drop_table("a")`, `
      op.drop_constraint(None, "a", type_="foreignkey")
      op.drop_constraint(None, "b", type_="unique")
      op.execute(some_sql)
    `);
    expect(m.reversible).toBe(false);
    expect(m.meta.downgradeProblem).toBe('not-analyzed');
    expect(m.unanalyzed).toHaveLength(1);
    expect(m.unanalyzed[0].reason).toMatch(/^downgrade\(\): .*\(and 2 more constructs in downgrade\(\) not analyzed\)$/);
  });

  it('raise NotImplementedError: irreversible without a finding', async () => {
    const m = await one(`op.drop_table("a")`, `raise NotImplementedError("no way back")`);
    expect(m).toMatchObject({ reversible: false, unanalyzed: [] });
    expect(m.meta.downgradeProblem).toBe('raises');
  });

  it('a syntax error inside downgrade(): the header and upgrade are read, the downgrade is a finding with file:line', async () => {
    const src = alembicMigrationSource({ rev: 'r1', down: 'r0', message: 'x', upgrade: `op.drop_table("a")`, downgrade: `op.create_table("a", sa.Column("id", sa.Integer()`});
    const m = (await parseAlembicFile(FILE, src))!;
    expect(m).toMatchObject({ id: 'r1', parents: ['r0'], reversible: false, downStatements: null });
    expect(sqlOf(m)).toEqual(['DROP TABLE a']);
    expect(m.meta.downgradeProblem).toBe('syntax-error');
    expect(m.unanalyzed).toEqual([expect.objectContaining({ file: FILE, reason: expect.stringMatching(/^downgrade\(\): Python syntax error .*: not analyzed$/) })]);
    expect(m.unanalyzed[0].line).toBeGreaterThanOrEqual(24);
  });
});

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

/** Runs the statements on a fresh database (the plugins cannot run with Debian's Alembic). */
async function runOn(setup: string, m: Migration): Promise<pg.Client> {
  const db = await createTestDatabase('plugin');
  dbs.push(db);
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query(setup);
  for (const s of m.statements) await c.query(s.sql);
  return c;
}

async function labels(c: pg.Client, type: string): Promise<string[]> {
  const r = await c.query(`SELECT enumlabel FROM pg_enum WHERE enumtypid = $1::regtype ORDER BY enumsortorder`, [type]);
  return r.rows.map((x) => x.enumlabel);
}

describe('plugin ops on real PostgreSQL', () => {
  it('alembic-postgresql-enum sync_enum_values: new values, columns moved to the new type, defaults kept', async () => {
    const m = await one(`
      op.sync_enum_values(
          enum_schema="public",
          enum_name="status",
          new_values=["active", "archived", "gone"],
          affected_columns=[
              TableReference(table_schema="public", table_name="items", column_name="status", existing_server_default="'active'::status"),
              TableReference(table_schema="public", table_name="items", column_name="history", column_type=ColumnType.ARRAY),
          ],
          enum_values_to_rename=[("deleted", "gone")],
      )
    `, 'pass', 'from alembic_postgresql_enum import ColumnType, TableReference');
    expect(m.unanalyzed).toEqual([]);
    const c = await runOn(
      `CREATE TYPE status AS ENUM ('active', 'deleted');
       CREATE TABLE items (id int, status status DEFAULT 'active', history status[]);
       INSERT INTO items VALUES (1, 'deleted', ARRAY['active', 'deleted']::status[]);`,
      m,
    );
    try {
      expect(await labels(c, 'status')).toEqual(['active', 'archived', 'gone']);
      const cols = await c.query(`SELECT column_name, udt_name, column_default FROM information_schema.columns WHERE table_name = 'items' AND column_name <> 'id' ORDER BY 1`);
      expect(cols.rows).toEqual([
        { column_name: 'history', udt_name: '_status', column_default: null },
        { column_name: 'status', udt_name: 'status', column_default: "'active'::status" },
      ]);
      expect((await c.query(`SELECT status::text, history::text FROM items`)).rows).toEqual([{ status: 'gone', history: '{active,gone}' }]);
      expect((await c.query(`SELECT count(*)::int AS n FROM pg_type WHERE typname = 'status_old'`)).rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  });

  it('alembic-autogenerate-enums sync_enum_values: ADD VALUE outside the transaction, or the reverse rebuild', async () => {
    const add = await one(`op.sync_enum_values("public", "color", ["red"], ["red", "blue"], [("cars", "color")])`);
    expect(add.statements.map((s) => [s.sql, s.inTransaction])).toEqual([["ALTER TYPE public.color ADD VALUE 'blue'", false]]);
    const c = await runOn(`CREATE TYPE color AS ENUM ('red'); CREATE TABLE cars (color color);`, add);
    try {
      expect(await labels(c, 'color')).toEqual(['red', 'blue']);
      const back = await one(`op.sync_enum_values("public", "color", ["red", "blue"], ["red"], [("cars", "color")], True)`);
      for (const s of back.statements) await c.query(s.sql);
      expect(await labels(c, 'color')).toEqual(['red']);
      const col = await c.query(`SELECT udt_name FROM information_schema.columns WHERE table_name = 'cars'`);
      expect(col.rows).toEqual([{ udt_name: 'color' }]);
    } finally {
      await c.end();
    }
  });
});
