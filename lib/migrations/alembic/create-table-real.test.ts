import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/pg-test-db';
import { alembicMigrationSource } from '../../testing/alembic';
import { parseAlembicFile } from './load';
import { compareWithAlembic } from './real-replay.test-helpers';

/** create_table and constraint names as real projects write them, checked against real Alembic 1.8. */

const LONG = 'a_really_long_constraint_name_that_goes_on_and_on_past_the_limit';

describe('create_table against real Alembic', () => {
  it('op.f() / conv() names, truncated over 63 characters as SQLAlchemy does; sa.Index inside create_table', async () => {
    const out = await compareWithAlembic({}, [
      {
        rev: 'n1',
        down: null,
        message: 'names',
        header: 'from sqlalchemy.sql.elements import conv',
        upgrade: `
          op.create_table('accounts',
              sa.Column('id', sa.Integer(), nullable=False),
              sa.Column('owner_id', sa.Integer(), nullable=True),
              sa.Column('email', sa.String(100), nullable=False),
              sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
              sa.UniqueConstraint('email', name=op.f('uq_${LONG}')),
              sa.CheckConstraint("email <> ''", name=conv('ck_${LONG}_email')),
              sa.ForeignKeyConstraint(['owner_id'], ['accounts.id'], name=op.f('fk_${LONG}_owner')),
              sa.Index('ix_accounts_lower_email', sa.text('lower(email)'), unique=True),
          )
          op.create_index(op.f('ix_${LONG}_owner'), 'accounts', ['owner_id'])
          op.create_foreign_key(op.f('fk2_${LONG}'), 'accounts', 'accounts', ['owner_id'], ['id'])
          op.create_unique_constraint(op.f('uq2_${LONG}'), 'accounts', ['email', 'owner_id'])
          op.drop_constraint(op.f('uq2_${LONG}'), 'accounts', type_='unique')
        `,
      },
    ]);
    expect(out.migrations[0].unanalyzed).toEqual([]);
    expect(out.changes).toEqual([]);
    const accounts = out.expected.tables.find((t) => t.name === 'accounts')!;
    expect(accounts.constraints.map((c) => c.name).filter((n) => n.length > 55)).toHaveLength(4);
  });

  it('use_alter foreign keys (a circular pair) and one named enum shared by several tables', async () => {
    const out = await compareWithAlembic({}, [
      {
        rev: 'c1',
        down: null,
        message: 'circular',
        upgrade: `
          op.execute("CREATE TYPE player_kind AS ENUM ('pro', 'amateur')")
          op.create_table('teams',
              sa.Column('id', sa.Integer(), primary_key=True),
              sa.Column('captain_id', sa.Integer(), sa.ForeignKey('players.id', use_alter=True, name='fk_teams_captain')),
              sa.Column('state', sa.Enum('active', 'retired', name='membership_state'), nullable=False),
          )
          op.create_table('players',
              sa.Column('id', sa.Integer(), primary_key=True),
              sa.Column('team_id', sa.Integer()),
              sa.Column('state', sa.Enum('active', 'retired', name='membership_state'), nullable=False),
              sa.Column('kind', postgresql.ENUM('pro', 'amateur', name='player_kind', create_type=False)),
              sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name='fk_players_team', use_alter=True),
          )
          op.create_table('coaches',
              sa.Column('id', sa.Integer(), primary_key=True),
              sa.Column('state', postgresql.ENUM('active', 'retired', name='membership_state'), nullable=False),
          )
          op.create_foreign_key('fk_players_team2', 'players', 'teams', ['team_id'], ['id'])
        `,
      },
    ]);
    expect(out.changes).toEqual([]);
    const sql = out.migrations[0].statements.map((s) => s.sql);
    expect(sql.filter((s) => s.startsWith('CREATE TYPE membership_state'))).toHaveLength(1);
    // Real Alembic leaves use_alter foreign keys out of create_table altogether; the reader says so.
    expect(out.migrations[0].unanalyzed.map((u) => u.reason)).toEqual([
      expect.stringContaining('foreign key fk_teams_captain has use_alter=True'),
      expect.stringContaining('foreign key fk_players_team has use_alter=True'),
    ]);
  });

  it('a constraint or index element it does not understand: the table is still created, the gap reported', async () => {
    const out = await compareWithAlembic({}, [
      {
        rev: 'd1',
        down: null,
        message: 'degrade',
        header: "def qty_rule():\n    return sa.column('qty') < 1000\n",
        upgrade: `
          op.create_table('items',
              sa.Column('id', sa.Integer(), primary_key=True),
              sa.Column('qty', sa.Integer(), nullable=False),
              sa.CheckConstraint((sa.column('qty') > 0) & (sa.column('qty') != 13), name='ck_items_qty'),
              sa.CheckConstraint(qty_rule(), name='ck_items_rule'),
              sa.UniqueConstraint('qty', name='uq_items_qty'),
          )
          op.create_index('ix_items_expr', 'items', [sa.column('qty').desc()])
          op.create_index('ix_items_qty', 'items', ['qty'])
        `,
      },
    ]);
    const items = out.expected.tables.find((t) => t.name === 'items')!;
    expect(items.columns.map((c) => c.name).sort()).toEqual(['id', 'qty']);
    expect(out.unverified.map((u) => [u.kind, u.table, u.attribute])).toEqual([
      ['table', 'items', 'constraints'],
      ['table', 'items', 'indexes'],
    ]);
    // What is missing is exactly what was reported as not understood.
    expect(out.changes.map((c) => [c.kind, c.change, c.name])).toEqual([
      ['constraint', 'missing', 'ck_items_rule'],
      ['index', 'missing', 'ix_items_expr'],
    ]);
    expect(out.migrations[0].unanalyzed.map((u) => u.reason)).toEqual([
      expect.stringContaining('create_table: an argument not understood, the table is created without it'),
      expect.stringContaining('index "ix_items_expr" is not created'),
    ]);
  });
});

async function translate(upgrade: string): Promise<{ sql: string[]; notes: string[] }> {
  const source = alembicMigrationSource({ rev: 'r1', down: null, message: 'x', upgrade });
  const m = (await parseAlembicFile('/v/r1_x.py', source, '/nonexistent/versions'))!;
  return { sql: m.statements.map((s) => s.sql.replace(/\s+/g, ' ').trim()), notes: m.unanalyzed.map((u) => u.reason) };
}

describe('names and newer keyword arguments (translation)', () => {
  it('a plain name over 63 characters: SQLAlchemy raises IdentifierError, noted', async () => {
    const { sql, notes } = await translate(`op.create_index('ix_${LONG}_x', 't', ['a'])`);
    expect(sql).toEqual([`CREATE INDEX ix_${LONG}_x ON t (a)`.replace(`ix_${LONG}_x`, `ix_${LONG}_x`.slice(0, 63))]);
    expect(notes).toEqual([expect.stringContaining('SQLAlchemy raises IdentifierError')]);
  });

  it('if_not_exists / if_exists / postgresql_nulls_not_distinct / use_alter (Alembic >= 1.13, SQLAlchemy 2), valid on PostgreSQL', async () => {
    const { sql, notes } = await translate(`
      op.create_table('t', sa.Column('id', sa.Uuid(), primary_key=True), sa.Column('a', sa.Double()), sa.Column('b', sa.UUID()),
          sa.Column('c', sa.DOUBLE_PRECISION()), sa.UniqueConstraint('a', 'b', name='uq_t_ab', postgresql_nulls_not_distinct=True), if_not_exists=True)
      op.create_table('t', sa.Column('id', sa.Integer()), if_not_exists=True)
      op.create_index('ix_t_a', 't', ['a'], unique=True, if_not_exists=True, postgresql_nulls_not_distinct=True)
      op.create_unique_constraint('uq_t_c', 't', ['c'], postgresql_nulls_not_distinct=True)
      op.create_foreign_key('fk_t_self', 't', 't', ['b'], ['id'], use_alter=True)
      op.drop_constraint('fk_t_self', 't', type_='foreignkey', if_exists=True)
      op.drop_constraint('fk_t_self', 't', type_='foreignkey', if_exists=True)
      op.drop_index('ix_t_a', table_name='t', if_exists=True)
      op.drop_index('ix_t_a', table_name='t', if_exists=True)
      op.drop_table('t', if_exists=True)
      op.drop_table('t', if_exists=True)
    `);
    expect(notes).toEqual([]);
    expect(sql).toEqual([
      'CREATE TABLE IF NOT EXISTS t ( id UUID NOT NULL, a DOUBLE PRECISION, b UUID, c DOUBLE PRECISION, PRIMARY KEY (id), CONSTRAINT uq_t_ab UNIQUE NULLS NOT DISTINCT (a, b) )',
      'CREATE TABLE IF NOT EXISTS t ( id INTEGER )',
      'CREATE UNIQUE INDEX IF NOT EXISTS ix_t_a ON t (a) NULLS NOT DISTINCT',
      'ALTER TABLE t ADD CONSTRAINT uq_t_c UNIQUE NULLS NOT DISTINCT (c)',
      'ALTER TABLE t ADD CONSTRAINT fk_t_self FOREIGN KEY(b) REFERENCES t (id)',
      'ALTER TABLE t DROP CONSTRAINT IF EXISTS fk_t_self',
      'ALTER TABLE t DROP CONSTRAINT IF EXISTS fk_t_self',
      'DROP INDEX IF EXISTS ix_t_a',
      'DROP INDEX IF EXISTS ix_t_a',
      'DROP TABLE IF EXISTS t',
      'DROP TABLE IF EXISTS t',
    ]);
    // The statements run, in order, on PostgreSQL 15 (the second of each pair is a no-op there).
    const db = await createTestDatabase('types');
    try {
      for (const s of sql) await db.exec(s);
    } finally {
      await db.drop();
    }
  });

  it('add_column with a new sa.Enum does not create the type (as Alembic 1.8); a shared enum is created once per migration', async () => {
    const { sql } = await translate(`
      op.add_column('t', sa.Column('s', sa.Enum('x', name='st')))
      op.create_table('a', sa.Column('s', sa.Enum('x', name='st2')))
      op.create_table('b', sa.Column('s', sa.Enum('x', name='st2')))
    `);
    expect(sql.filter((s) => s.startsWith('CREATE TYPE'))).toEqual(["CREATE TYPE st2 AS ENUM ('x')"]);
  });
});
