import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../model/errors';
import type { Migration } from '../../model/migration';
import { alembicMigrationSource, type AlembicFixture, writeAlembicProject } from '../../testing/alembic';
import { loadAlembicMigrations, parseAlembicFile } from './index';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function project(migrations: AlembicFixture[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'alembic-load-'));
  dirs.push(dir);
  await writeAlembicProject(dir, migrations);
  return dir;
}

/** Parses one migration whose upgrade() body is `upgrade`. */
async function one(upgrade: string, downgrade = 'pass', header = ''): Promise<Migration> {
  const m = await parseAlembicFile('/v/r1_x.py', alembicMigrationSource({ rev: 'r1', down: null, message: 'x', upgrade, downgrade, header }));
  return m!;
}

const sqlOf = (m: Migration) => m.statements.map((s) => s.sql.replace(/\s+/g, ' '));

describe('revision header', () => {
  it('reads revision, down_revision tuple, branch_labels, depends_on, docstring and checksum', async () => {
    const dir = await project([
      { rev: 'a1', down: null, message: 'create users', upgrade: 'pass', branchLabels: ['core'] },
      { rev: 'b2', down: 'a1', message: 'left', upgrade: 'pass' },
      { rev: 'c3', down: 'a1', message: 'right', upgrade: 'pass', dependsOn: ['core'] },
      { rev: 'd4', down: ['b2', 'c3'], message: 'merge heads', upgrade: 'pass' },
    ]);
    const set = await loadAlembicMigrations(dir);
    expect(set.migrations.map((m) => m.id)).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(set.heads).toEqual(['d4']);
    expect(set.diagnostics).toEqual([]);
    const [a1, , c3, d4] = set.migrations;
    expect(a1).toMatchObject({ description: 'create users', parents: [], branchLabels: ['core'], tool: 'alembic' });
    expect(c3.dependsOn).toEqual(['a1']);
    expect(d4.parents).toEqual(['b2', 'c3']);
    expect(d4.file).toBe(join(dir, 'd4_merge_heads.py'));
    const bytes = alembicMigrationSource({ rev: 'd4', down: ['b2', 'c3'], message: 'merge heads', upgrade: 'pass' });
    expect(d4.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('falls back to the file name without a docstring, accepts annotated assignments', async () => {
    const m = await parseAlembicFile('/v/0001_init.py', `from alembic import op\nrevision: str = "0001"\ndown_revision: str | None = None\n\ndef upgrade() -> None:\n    op.drop_table("t")\n`);
    expect(m).toMatchObject({ id: '0001', description: '0001_init', parents: [], reversible: false, downStatements: null });
    expect(sqlOf(m!)).toEqual(['DROP TABLE t']);
  });

  it('reports graph problems with file:line', async () => {
    const dir = await project([
      { rev: 'a1', down: null, message: 'one', upgrade: 'pass' },
      { rev: 'b2', down: 'zz', message: 'two', upgrade: 'pass' },
      { rev: 'c3', down: 'a1', message: 'three', upgrade: 'pass' },
    ]);
    await writeFile(join(dir, 'dup.py'), alembicMigrationSource({ rev: 'c3', down: 'a1', message: 'dup', upgrade: 'pass' }));
    const set = await loadAlembicMigrations(dir);
    const byCode = Object.fromEntries(set.diagnostics.map((d) => [d.code, d]));
    // The fixture writes `revision = ...` on line 14 and `down_revision = ...` on line 15.
    expect(byCode['dangling-down-revision']).toMatchObject({ level: 'error', file: join(dir, 'b2_two.py'), line: 15 });
    expect(byCode['duplicate-revision']).toMatchObject({ level: 'error', file: join(dir, 'dup.py'), line: 14 });
    expect(byCode['multiple-heads']).toMatchObject({ level: 'warning' });
  });

  it('reports a cycle between files', async () => {
    const dir = await project([
      { rev: 'a1', down: 'b2', message: 'one', upgrade: 'pass' },
      { rev: 'b2', down: 'a1', message: 'two', upgrade: 'pass' },
    ]);
    const set = await loadAlembicMigrations(dir);
    expect(set.diagnostics).toEqual([expect.objectContaining({ code: 'cycle', level: 'error', message: 'revision cycle: a1 -> b2 -> a1', line: 15 })]);
  });
});

describe('bad input', () => {
  it('keeps a migration whose upgrade() does not parse in the graph, its upgrade reported with file:line', async () => {
    const dir = await project([{ rev: 'a1', down: null, message: 'ok', upgrade: 'pass' }]);
    await writeFile(join(dir, 'b2_broken.py'), `revision = 'b2'\ndown_revision = 'a1'\n\ndef upgrade():\n    op.add_column('t', sa.Column('x', sa.Integer()\n\ndef downgrade():\n    pass\n`);
    const set = await loadAlembicMigrations(dir);
    const b2 = set.migrations.find((m) => m.id === 'b2')!;
    expect(b2).toMatchObject({ parents: ['a1'], statements: [] });
    expect(b2.unanalyzed).toEqual([expect.objectContaining({ file: join(dir, 'b2_broken.py'), reason: expect.stringMatching(/^upgrade\(\): Python syntax error/) })]);
  });

  it('throws one UserInputError naming every file whose header cannot be read', async () => {
    const dir = await project([{ rev: 'a1', down: null, message: 'ok', upgrade: 'pass' }]);
    await writeFile(join(dir, 'b2_broken.py'), `revision = ('b2'\ndown_revision = 'a1'\n\ndef upgrade():\n    pass\n`);
    await writeFile(join(dir, 'c3_broken.py'), `import uuid\nrevision = str(uuid.uuid4())\ndown_revision = 'a1'\n`);
    const err = await loadAlembicMigrations(dir).catch((e) => e);
    expect(err).toBeInstanceOf(UserInputError);
    const lines = err.message.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${join(dir, 'b2_broken.py')}:\\d+: Python syntax error`));
    expect(lines[1]).toBe(`${join(dir, 'c3_broken.py')}:2: revision must be a string literal, None or a tuple of strings`);
  });

  it('throws for a non-literal revision', async () => {
    const err = await parseAlembicFile('/v/x.py', `import uuid\nrevision = str(uuid.uuid4())\ndown_revision = None\n`).catch((e) => e);
    expect(err).toBeInstanceOf(UserInputError);
    expect(err.message).toBe('/v/x.py:2: revision must be a string literal, None or a tuple of strings');
  });

  it('throws for a missing directory', async () => {
    await expect(loadAlembicMigrations('/nonexistent/versions')).rejects.toThrow('/nonexistent/versions: Alembic versions directory not found');
  });
});

describe('op.* translation', () => {
  it('create_table with serial PK, FK, unique, index, enum, defaults', async () => {
    const m = await one(`
      op.create_table('users',
          sa.Column('id', sa.Integer(), nullable=False),
          sa.Column('email', sa.String(length=255), nullable=False, unique=True),
          sa.Column('org_id', sa.Integer(), sa.ForeignKey('orgs.id', ondelete='CASCADE'), index=True),
          sa.Column('status', sa.Enum('active', 'off', name='user_status'), server_default='active'),
          sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now()),
          sa.PrimaryKeyConstraint('id'),
      )`);
    expect(sqlOf(m)).toEqual([
      "CREATE TYPE user_status AS ENUM ('active', 'off')",
      "CREATE TABLE users ( id SERIAL NOT NULL, email VARCHAR(255) NOT NULL, org_id INTEGER, status user_status DEFAULT 'active', created_at TIMESTAMP WITH TIME ZONE DEFAULT now(), PRIMARY KEY (id), UNIQUE (email), FOREIGN KEY(org_id) REFERENCES orgs (id) ON DELETE CASCADE )",
      'CREATE INDEX ix_users_org_id ON users (org_id)',
    ]);
    expect(m.statements.map((s) => [s.line, s.origin])).toEqual([
      [21, 'op.create_table'],
      [21, 'op.create_table'],
      [21, 'op.create_table'],
    ]);
    expect(m.unanalyzed).toEqual([]);
  });

  it('the other ops, batch mode and quoting', async () => {
    const m = await one(`
      op.add_column('users', sa.Column('user', sa.Text(), nullable=True))
      op.drop_column('users', 'legacy')
      op.alter_column('users', 'email', existing_type=sa.String(255), type_=sa.Text(), nullable=True, server_default=None, new_column_name='mail')
      op.create_index('ix_live', 'users', [sa.text('lower(mail)')], unique=True, postgresql_where=sa.text('deleted_at IS NULL'))
      op.create_index(op.f('ix_users_org'), 'users', ['org_id'], postgresql_concurrently=True, postgresql_using='btree')
      op.drop_index('ix_old', table_name='users')
      op.create_foreign_key('fk_users_org', 'users', 'orgs', ['org_id'], ['id'], ondelete='SET NULL')
      op.create_unique_constraint('uq_users_mail', 'users', ['mail'])
      op.create_check_constraint('ck_users_age', 'users', 'age >= 0')
      op.drop_constraint('uq_old', 'users', type_='unique')
      op.create_primary_key('pk_t', 't', ['id'])
      op.rename_table('users', 'people')
      op.drop_table('old', schema='Core')
      with op.batch_alter_table('people', schema='core') as batch_op:
          batch_op.add_column(sa.Column('nick', sa.String(50)))
          batch_op.alter_column('nick', nullable=False)
          batch_op.create_index('ix_nick', ['nick'])
          batch_op.drop_constraint('ck_x')
    `);
    expect(sqlOf(m)).toEqual([
      'ALTER TABLE users ADD COLUMN "user" TEXT',
      'ALTER TABLE users DROP COLUMN legacy',
      'ALTER TABLE users ALTER COLUMN email TYPE TEXT',
      'ALTER TABLE users ALTER COLUMN email DROP NOT NULL',
      'ALTER TABLE users ALTER COLUMN email DROP DEFAULT',
      'ALTER TABLE users RENAME email TO mail',
      'CREATE UNIQUE INDEX ix_live ON users (lower(mail)) WHERE deleted_at IS NULL',
      'CREATE INDEX CONCURRENTLY ix_users_org ON users USING btree (org_id)',
      'DROP INDEX ix_old',
      'ALTER TABLE users ADD CONSTRAINT fk_users_org FOREIGN KEY(org_id) REFERENCES orgs (id) ON DELETE SET NULL',
      'ALTER TABLE users ADD CONSTRAINT uq_users_mail UNIQUE (mail)',
      'ALTER TABLE users ADD CONSTRAINT ck_users_age CHECK (age >= 0)',
      'ALTER TABLE users DROP CONSTRAINT uq_old',
      'ALTER TABLE t ADD CONSTRAINT pk_t PRIMARY KEY (id)',
      'ALTER TABLE users RENAME TO people',
      'DROP TABLE "Core"."old"', // "old" is reserved in SQLAlchemy's PG list
      'ALTER TABLE core.people ADD COLUMN nick VARCHAR(50)',
      'ALTER TABLE core.people ALTER COLUMN nick SET NOT NULL',
      'CREATE INDEX ix_nick ON core.people (nick)',
      'ALTER TABLE core.people DROP CONSTRAINT ck_x',
    ]);
    expect(m.statements.at(-1)!.origin).toBe('batch_op.drop_constraint');
    expect(m.unanalyzed).toEqual([]);
  });

  it('execute passes SQL through; autocommit_block runs outside the transaction; enum helpers', async () => {
    const m = await one(`
      op.execute("UPDATE users SET active = true WHERE active IS NULL")
      op.execute(sa.text("""
          CREATE VIEW v AS SELECT 1
      """))
      status = postgresql.ENUM('a', 'b', name='status')
      status.create(op.get_bind(), checkfirst=True)
      with op.get_context().autocommit_block():
          op.execute("ALTER TYPE status ADD VALUE 'c'")
      bind = op.get_bind()
      bind.execute(sa.text("DROP VIEW v"))
    `);
    expect(m.statements.map((s) => [s.sql, s.inTransaction, s.origin])).toEqual([
      ['UPDATE users SET active = true WHERE active IS NULL', true, 'op.execute'],
      ['CREATE VIEW v AS SELECT 1', true, 'op.execute'],
      ["CREATE TYPE status AS ENUM ('a', 'b')", true, 'Enum.create'],
      ["ALTER TYPE status ADD VALUE 'c'", false, 'op.execute'],
      ['DROP VIEW v', true, 'bind.execute'],
    ]);
    expect(m.unanalyzed).toEqual([]);
  });

  it('module-level names are resolved', async () => {
    const m = await one(`op.add_column('t', sa.Column('k', kind))`, 'pass', `kind = postgresql.ENUM('x', name='kind', create_type=False)`);
    expect(sqlOf(m)).toEqual(['ALTER TABLE t ADD COLUMN k kind']);
  });

  it('reports what it cannot understand with file:line, never silently', async () => {
    const m = await one(`
      op.create_table('ok', sa.Column('id', sa.Integer(), primary_key=True))
      backfill_users(op)
      for t in ['a', 'b']:
          op.drop_table(t)
      conn = op.get_bind()
      rows = conn.execute(sa.text("SELECT id FROM a")).fetchall()
      op.bulk_insert(tbl, [{'id': 1}])
      op.execute(f"DROP TABLE {name}")
    `);
    // (Unknown column types are the type resolver's tests.) The loop over a literal list is unrolled; the two data lines are one finding.
    expect(sqlOf(m)).toEqual(['CREATE TABLE ok ( id SERIAL NOT NULL, PRIMARY KEY (id) )', 'DROP TABLE a', 'DROP TABLE b']);
    expect(m.unanalyzed.map((u) => [u.line, u.code, u.reason])).toEqual([
      [22, 'backfill_users(op)', 'call to backfill_users() not analyzed'],
      [26, 'rows = conn.execute(sa.text("SELECT id FROM a")).fetchall()', 'data-migration code (lines 26–27) not analyzed: no schema effect assumed'],
      [28, 'op.execute(f"DROP TABLE {name}")', expect.stringContaining('op.execute() of something other than a SQL string')],
    ]);
    expect(m.unanalyzed.every((u) => u.file === '/v/r1_x.py')).toBe(true);
  });

  it('reversible only when downgrade does something', async () => {
    expect((await one('pass', 'pass')).reversible).toBe(false);
    expect((await one('pass', '"""nothing"""\nraise NotImplementedError()')).reversible).toBe(false);
    const m = await one("op.create_table('t', sa.Column('id', sa.Integer()))", "op.drop_table('t')");
    expect(m.reversible).toBe(true);
    expect(m.downStatements!.map((s) => s.sql)).toEqual(['DROP TABLE t']);
  });
});
