import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openTarget } from '../../db';
import { diffSchemas } from '../../diff';
import { introspect } from '../../introspect';
import type { Migration, SchemaModel } from '../../model';
import { type AlembicFixture, runAlembic, writeAlembicProject } from '../../testing/alembic';
import { createTestDatabase, type TestDatabase } from '../../testing/pg-test-db';
import { loadAlembicMigrations } from './index';

/**
 * The translation is only right if it builds the schema real Alembic builds: run Alembic on one database,
 * replay Driftboard's SQL on another, and compare the two catalogs.
 */

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'alembic-real-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase('alembic');
  cleanup.push(() => db.drop());
  return db;
}

async function schemaOf(url: string): Promise<SchemaModel> {
  const db = await openTarget(url);
  try {
    return (await introspect(db)).schema;
  } finally {
    await db.close();
  }
}

/** Runs each statement on its own (autocommit), as a shadow-database replay would. */
async function replay(url: string, migrations: Migration[], pick: (m: Migration) => Migration['statements']): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const m of migrations) {
      for (const s of pick(m)) {
        await c.query(s.sql).catch((e: Error) => {
          throw new Error(`${m.file}:${s.line}: ${e.message}\n${s.sql}`);
        });
      }
    }
  } finally {
    await c.end();
  }
}

const PROJECT: AlembicFixture[] = [
  {
    rev: 'a1b2c3d4e5f6',
    down: null,
    message: 'create orgs and users',
    upgrade: `
      op.create_table('orgs',
          sa.Column('id', sa.Integer(), nullable=False),
          sa.Column('name', sa.String(length=100), nullable=False),
          sa.Column('settings', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
          sa.PrimaryKeyConstraint('id'),
          sa.UniqueConstraint('name'),
      )
      op.create_table('users',
          sa.Column('id', sa.BigInteger(), primary_key=True),
          sa.Column('public_id', postgresql.UUID(as_uuid=True), server_default=sa.text('gen_random_uuid()'), nullable=False, unique=True),
          sa.Column('org_id', sa.Integer(), sa.ForeignKey('orgs.id', ondelete='CASCADE'), nullable=False, index=True),
          sa.Column('email', sa.String(255), nullable=False),
          sa.Column('status', sa.Enum('active', 'disabled', name='user_status'), server_default='active', nullable=False),
          sa.Column('is_admin', sa.Boolean(), server_default=sa.false(), nullable=False),
          sa.Column('balance', sa.Numeric(12, 2), sa.CheckConstraint('balance >= 0')),
          sa.Column('tags', postgresql.ARRAY(sa.String(30))),
          sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
          sa.Column('updated_at', sa.DateTime(), server_default=sa.func.current_timestamp()),
          sa.Column('birthday', sa.Date()), sa.Column('wake', sa.Time()), sa.Column('ttl', sa.Interval()),
          sa.Column('avatar', sa.LargeBinary()), sa.Column('score', sa.Float()), sa.Column('rank', sa.SmallInteger()),
          sa.Column('meta', sa.JSON()), sa.Column('bio', sa.Text(), comment="user's bio"),
          sa.UniqueConstraint('org_id', 'email', name='uq_users_org_email'),
          comment='people',
      )
    `,
    downgrade: `
      op.drop_table('users')
      op.drop_table('orgs')
      op.execute('DROP TYPE user_status')
    `,
  },
  {
    rev: 'b2c3d4e5f6a7',
    down: 'a1b2c3d4e5f6',
    message: 'soft delete and indexes',
    upgrade: `
      op.add_column('users', sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
      op.add_column('users', sa.Column('manager_id', sa.BigInteger(), sa.ForeignKey('users.id'), nullable=True))
      op.alter_column('users', 'email', existing_type=sa.String(255), type_=sa.Text(), existing_nullable=False)
      op.alter_column('orgs', 'name', existing_type=sa.String(100), nullable=True, server_default='unnamed')
      op.create_index('ix_users_email_live', 'users', [sa.text('lower(email)')], unique=True, postgresql_where=sa.text('deleted_at IS NULL'))
      op.create_index(op.f('ix_users_created_at'), 'users', ['created_at'], unique=False, postgresql_using='brin')
      op.create_index('ix_users_tags', 'users', ['tags'], postgresql_using='gin')
      op.create_check_constraint('ck_users_email_not_blank', 'users', "email <> ''")
      op.create_table('memberships',
          sa.Column('user_id', sa.BigInteger(), nullable=False),
          sa.Column('org_id', sa.Integer(), nullable=False),
          sa.Column('role', sa.String(20), server_default='member', nullable=False),
          sa.PrimaryKeyConstraint('user_id', 'org_id'),
      )
      op.create_foreign_key('fk_memberships_user', 'memberships', 'users', ['user_id'], ['id'], ondelete='CASCADE')
      op.create_foreign_key(None, 'memberships', 'orgs', ['org_id'], ['id'])
      op.create_unique_constraint('uq_memberships_role', 'memberships', ['user_id', 'role'])
    `,
    downgrade: `
      op.drop_table('memberships')
      op.drop_constraint('ck_users_email_not_blank', 'users', type_='check')
      op.drop_index('ix_users_tags', table_name='users')
      op.drop_index(op.f('ix_users_created_at'), table_name='users')
      op.drop_index('ix_users_email_live', table_name='users')
      op.alter_column('orgs', 'name', existing_type=sa.String(100), nullable=False, server_default=None)
      op.alter_column('users', 'email', existing_type=sa.Text(), type_=sa.String(255))
      op.drop_column('users', 'manager_id')
      op.drop_column('users', 'deleted_at')
    `,
  },
  {
    rev: 'c3d4e5f6a7b8',
    down: 'b2c3d4e5f6a7',
    message: 'batch changes, view, enum value',
    upgrade: `
      plan = postgresql.ENUM('free', 'pro', name='plan_kind')
      plan.create(op.get_bind())
      with op.batch_alter_table('orgs') as batch_op:
          batch_op.add_column(sa.Column('plan', postgresql.ENUM('free', 'pro', name='plan_kind', create_type=False), server_default='free', nullable=False))
          batch_op.alter_column('settings', new_column_name='config')
          batch_op.create_index('ix_orgs_plan', ['plan'])
      op.execute("""
          CREATE VIEW active_users AS
          SELECT id, email FROM users WHERE deleted_at IS NULL
      """)
      with op.get_context().autocommit_block():
          op.execute("ALTER TYPE user_status ADD VALUE 'invited' BEFORE 'active'")
    `,
    downgrade: `
      op.execute('DROP VIEW active_users')
      with op.batch_alter_table('orgs') as batch_op:
          batch_op.drop_index('ix_orgs_plan')
          batch_op.alter_column('config', new_column_name='settings')
          batch_op.drop_column('plan')
      postgresql.ENUM(name='plan_kind').drop(op.get_bind())
    `,
  },
  {
    rev: 'd4e5f6a7b8c9',
    down: 'c3d4e5f6a7b8',
    message: 'audit schema',
    upgrade: `
      op.execute('CREATE SCHEMA audit')
      op.create_table('events',
          sa.Column('id', sa.BigInteger(), sa.Identity(always=True), primary_key=True),
          sa.Column('user_id', sa.BigInteger(), sa.ForeignKey('public.users.id', ondelete='SET NULL'), index=True),
          sa.Column('kind', sa.String(50), nullable=False, index=True, unique=True),
          sa.Column('payload', postgresql.JSONB()),
          schema='audit',
      )
      op.create_index('ix_events_payload', 'events', ['payload'], schema='audit', postgresql_using='gin', postgresql_ops={'payload': 'jsonb_path_ops'})
    `,
    downgrade: `
      op.drop_table('events', schema='audit')
      op.execute('DROP SCHEMA audit')
    `,
  },
  {
    rev: 'e5f6a7b8c9d0',
    down: 'c3d4e5f6a7b8',
    message: 'rename and drop',
    upgrade: `
      op.rename_table('memberships', 'org_members')
      op.drop_column('users', 'avatar')
      op.drop_constraint('uq_memberships_role', 'org_members', type_='unique')
      op.create_table('Legacy Table', sa.Column('ID', sa.Integer(), primary_key=True), sa.Column('order', sa.Integer()))
    `,
    downgrade: `
      op.drop_table('Legacy Table')
      op.create_unique_constraint('uq_memberships_role', 'org_members', ['user_id', 'role'])
      op.add_column('users', sa.Column('avatar', postgresql.BYTEA(), nullable=True))
      op.rename_table('org_members', 'memberships')
    `,
  },
  {
    rev: 'f6a7b8c9d0e1',
    down: ['d4e5f6a7b8c9', 'e5f6a7b8c9d0'],
    message: 'merge audit and rename',
    upgrade: 'pass',
  },
];

describe('Alembic translation against real Alembic', () => {
  it('replaying the SQL gives the schema Alembic builds, up to head and back down', async () => {
    const versions = await tempDir();
    await writeAlembicProject(versions, PROJECT);
    const set = await loadAlembicMigrations(versions);
    expect(set.diagnostics).toEqual([]);
    expect(set.heads).toEqual(['f6a7b8c9d0e1']);
    expect(set.migrations.flatMap((m) => m.unanalyzed)).toEqual([]);

    const [viaAlembic, viaReplay] = await Promise.all([database(), database()]);
    await runAlembic(versions, viaAlembic.url, 'upgrade', 'head');
    await replay(viaReplay.url, set.migrations, (m) => m.statements);
    const expected = await schemaOf(viaAlembic.url);
    const actual = await schemaOf(viaReplay.url);
    expect(expected.tables.length).toBeGreaterThan(5);
    expect(diffSchemas(expected, actual, { ignoreTables: ['alembic_version'] })).toEqual([]);

    // Down to the second revision: downgrades of everything above it, newest first.
    await runAlembic(versions, viaAlembic.url, 'downgrade', 'b2c3d4e5f6a7');
    const above = set.migrations.filter((m) => !['a1b2c3d4e5f6', 'b2c3d4e5f6a7'].includes(m.id)).reverse();
    await replay(viaReplay.url, above, (m) => m.downStatements ?? []);
    expect(diffSchemas(await schemaOf(viaAlembic.url), await schemaOf(viaReplay.url), { ignoreTables: ['alembic_version'] })).toEqual([]);
  });

  it('the comparison itself notices a difference (a column comment left out)', async () => {
    const versions = await tempDir();
    await writeAlembicProject(versions, [PROJECT[0]]);
    const set = await loadAlembicMigrations(versions);
    const [a, b] = await Promise.all([database(), database()]);
    await runAlembic(versions, a.url, 'upgrade', 'head');
    await replay(b.url, set.migrations, (m) => m.statements.filter((s) => !s.sql.startsWith('COMMENT ON COLUMN')));
    const changes = diffSchemas(await schemaOf(a.url), await schemaOf(b.url), { ignoreTables: ['alembic_version'] });
    expect(changes).toEqual([expect.objectContaining({ kind: 'column', table: 'users', name: 'bio', change: 'altered' })]);
  });
});

/** Statements of `alembic upgrade --sql` (offline mode), without the transaction and version-table noise. */
function offlineStatements(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => !l.startsWith('--'))
    .join('\n')
    .split(/;\n/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s && !/^(BEGIN|COMMIT)$/.test(s) && !s.includes('alembic_version'));
}

describe('Alembic translation against alembic --sql', () => {
  it('emits the same statements, in the same order, for a linear history', async () => {
    const versions = await tempDir();
    const linear = PROJECT.slice(0, 4);
    await writeAlembicProject(versions, linear);
    const set = await loadAlembicMigrations(versions);
    const { stdout } = await runAlembic(versions, 'postgres://postgres@127.0.0.1:5432/postgres', 'upgrade', 'head', '--sql');
    const mine = set.migrations.flatMap((m) => m.statements.map((s) => s.sql.replace(/\s+/g, ' ').trim()));
    const theirs = offlineStatements(stdout);
    // Alembic creates a table's column indexes by iterating a Python set: compare those as a multiset.
    const notIndex = (s: string) => !s.startsWith('CREATE INDEX ix_') && !s.startsWith('CREATE UNIQUE INDEX ix_');
    expect(mine.filter(notIndex)).toEqual(theirs.filter(notIndex));
    expect([...mine].sort()).toEqual([...theirs].sort());
  });
});
