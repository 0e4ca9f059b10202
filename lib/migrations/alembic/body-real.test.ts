import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSchemas } from '../../diff';
import { type AlembicFixture, runAlembic, writeAlembicProject } from '../../testing/alembic';
import { createTestDatabase, type TestDatabase } from '../../testing/pg-test-db';
import { loadAlembicMigrations } from './index';
import { replay, schemaOf } from './real-replay.test-helpers';

/**
 * The body walk on code shaped like real projects' migrations (dialect branches, helpers, loops, data
 * migrations): real Alembic builds one database, Driftboard's SQL another, and the catalogs must match.
 */

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'alembic-body-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase('body');
  cleanup.push(() => db.drop());
  return db;
}


const HEADER = `
import logging
from alembic import context
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def is_postgres():
    return op.get_bind().dialect.name == "postgresql"


def get_db_type():
    bind = op.get_bind()
    return bind.dialect.name


def add_audit_columns(table, with_index=False):
    op.add_column(table, sa.Column("created_by", sa.String(50), nullable=True))
    op.add_column(table, sa.Column("updated_by", sa.String(50), nullable=True))
    if with_index:
        op.create_index("ix_%s_created_by" % table, table, ["created_by"])


def concurrent_index(name, table, cols):
    with op.get_context().autocommit_block():
        op.create_index(name, table, cols, postgresql_concurrently=True)
`;

const PROJECT: AlembicFixture[] = [
  {
    rev: 'b0000001',
    down: null,
    message: 'base tables',
    header: HEADER,
    upgrade: `
      op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String(200), nullable=False))
      op.create_table("orders", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("user_id", sa.Integer(), nullable=True), sa.Column("total", sa.Numeric(10, 2)))
      op.create_table("invoices", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("note", sa.Text()))
    `,
  },
  {
    rev: 'b0000002',
    down: 'b0000001',
    message: 'dialect branches',
    header: HEADER,
    upgrade: `
      if op.get_bind().dialect.name == "postgresql":
          op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
          op.create_index("ix_users_email_trgm", "users", ["email"], postgresql_using="gin", postgresql_ops={"email": "gin_trgm_ops"})
      else:
          op.create_index("ix_users_email", "users", ["email"])
      bind = op.get_bind()
      if bind.dialect.name != "sqlite":
          op.create_foreign_key("fk_orders_user", "orders", "users", ["user_id"], ["id"])
      if is_postgres():
          op.add_column("users", sa.Column("meta", postgresql.JSONB(), nullable=True))
      if get_db_type() == "postgresql":
          op.add_column("users", sa.Column("tags", postgresql.ARRAY(sa.Text()), nullable=True))
      elif get_db_type() == "mysql":
          op.add_column("users", sa.Column("tags", sa.Text(), nullable=True))
      if context.get_context().dialect.name in ("postgresql", "postgres"):
          with op.batch_alter_table("orders") as batch_op:
              batch_op.add_column(sa.Column("currency", sa.String(3), server_default="EUR", nullable=False))
      if not is_postgres():
          op.drop_table("invoices")
      dialect = op.get_bind().dialect.name
      if dialect == "sqlite":
          pass
      elif dialect.startswith("postgres"):
          op.create_check_constraint("ck_orders_total", "orders", "total >= 0")
    `,
  },
  {
    rev: 'b0000003',
    down: 'b0000002',
    message: 'helpers and loops',
    header: HEADER,
    upgrade: `
      for table in ["users", "orders"]:
          add_audit_columns(table)
      add_audit_columns("invoices", with_index=True)
      for table, column in (("users", "email"), ("orders", "currency")):
          op.alter_column(table, column, existing_type=sa.String(), nullable=False)
      def make_flag(table):
          op.add_column(table, sa.Column("flag", sa.Boolean(), server_default=sa.false(), nullable=False))
      make_flag("orders")
      concurrent_index("ix_orders_user_id", "orders", ["user_id"])
    `,
  },
  {
    rev: 'b0000004',
    down: 'b0000003',
    message: 'data migration',
    header: HEADER,
    upgrade: `
      op.add_column("users", sa.Column("status", sa.String(20), nullable=True))
      users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.String), sa.column("status", sa.String))
      op.bulk_insert(users, [{"id": 1, "email": "a@example.com", "status": "new"}, {"id": 2, "email": "b@example.com", "status": None}])
      conn = op.get_bind()
      rows = conn.execute(sa.select(users.c.id, users.c.status)).fetchall()
      for row in rows:
          if row.status is None:
              conn.execute(users.update().where(users.c.id == row.id).values(status="legacy"))
      print("backfilled %d rows" % len(rows))
      log.info("done")
      ids = [r.id for r in rows]
      session = Session(bind=conn)
      try:
          session.execute(sa.text("UPDATE users SET status = 'x' WHERE id = -1"))
          session.commit()
      except Exception:
          session.rollback()
          raise
      meta = sa.MetaData()
      meta.reflect(bind=conn, only=["users"])
      op.execute(users.update().where(users.c.status == "new").values(status="active"))
      op.alter_column("users", "status", existing_type=sa.String(20), nullable=False, server_default="active")
    `,
  },
];

describe('body walk against real Alembic', () => {
  it('dialect branches, helpers, loops and data code build the schema Alembic builds', async () => {
    const versions = await tempDir();
    await writeAlembicProject(versions, PROJECT);
    const set = await loadAlembicMigrations(versions);
    expect(set.diagnostics).toEqual([]);
    const byId = Object.fromEntries(set.migrations.map((m) => [m.id, m]));

    // Every branch here is a recognisable dialect test; the helpers are followed.
    expect(byId.b0000002.unanalyzed).toEqual([]);
    expect(byId.b0000003.unanalyzed).toEqual([]);
    // The data migration between the two schema ops is one finding, not one per line.
    expect(byId.b0000004.unanalyzed.map((u) => [u.line, u.reason])).toEqual([[50, 'data-migration code (lines 50–68) not analyzed: no schema effect assumed']]);
    const concurrent = byId.b0000003.statements.find((s) => s.sql.includes('CONCURRENTLY'))!;
    expect(concurrent.inTransaction).toBe(false);

    const [viaAlembic, viaReplay] = await Promise.all([database(), database()]);
    await runAlembic(versions, viaAlembic.url, 'upgrade', 'head');
    await replay(viaReplay.url, set.migrations);
    const expected = await schemaOf(viaAlembic.url);
    expect(expected.tables.map((t) => t.name).sort()).toEqual(['alembic_version', 'invoices', 'orders', 'users']);
    expect(diffSchemas(expected, await schemaOf(viaReplay.url), { ignoreTables: ['alembic_version'] })).toEqual([]);
  });

  it('the comparison notices a branch taken wrongly (the sqlite branch instead)', async () => {
    const versions = await tempDir();
    await writeAlembicProject(versions, PROJECT.slice(0, 2));
    const set = await loadAlembicMigrations(versions);
    const [a, b] = await Promise.all([database(), database()]);
    await runAlembic(versions, a.url, 'upgrade', 'head');
    const wrong = set.migrations.map((m) => ({ ...m, statements: m.statements.filter((s) => !s.sql.includes('ck_orders_total')) }));
    await replay(b.url, wrong);
    const changes = diffSchemas(await schemaOf(a.url), await schemaOf(b.url), { ignoreTables: ['alembic_version'] });
    expect(changes).toEqual([expect.objectContaining({ kind: 'constraint', name: 'ck_orders_total' })]);
  });
});
