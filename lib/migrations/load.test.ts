import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectTool, loadMigrationSet } from './load';
import { UserInputError } from '../model/errors';
import type { MigrationTool } from '../model/migration';
import { fixtureDirs } from '../testing/fixture-dir';

const fixtures = fixtureDirs('load-');
const fixture = fixtures.write;
afterAll(fixtures.cleanup);

const ALEMBIC_REVISION = `"""create users

Revision ID: 1a2b3c4d5e6f
Revises:
Create Date: 2024-01-01 12:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '1a2b3c4d5e6f'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('users', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table('users')
`;

describe('detectTool', () => {
  it('recognizes each tool from its files', async () => {
    expect(await detectTool(await fixture({ '1a2b3c4d5e6f_create_users.py': ALEMBIC_REVISION, '__init__.py': '' }))).toBe('alembic');
    expect(await detectTool(await fixture({ '20240101000000_init/migration.sql': 'SELECT 1;' }))).toBe('prisma');
    expect(await detectTool(await fixture({ 'migration_lock.toml': 'provider = "postgresql"' }))).toBe('prisma');
    expect(await detectTool(await fixture({ 'V1__init.sql': 'SELECT 1;' }))).toBe('sql');
    expect(await detectTool(await fixture({ '1_init.up.sql': 'SELECT 1;' }))).toBe('sql');
    expect(await detectTool(await fixture({ 'notes.txt': 'hello' }))).toBeNull();
  });
});

describe('loadMigrationSet', () => {
  it('dispatches to the alembic, prisma and sql loaders', async () => {
    const alembic = await fixture({ '1a2b3c4d5e6f_create_users.py': ALEMBIC_REVISION });
    const a = await loadMigrationSet({ tool: 'alembic', path: alembic });
    expect(a.tool).toBe('alembic');
    expect(a.migrations.map((m) => [m.id, m.description])).toEqual([['1a2b3c4d5e6f', 'create users']]);
    const prisma = await fixture({ '20240101000000_init/migration.sql': 'CREATE TABLE a (id int);' });
    expect((await loadMigrationSet({ tool: 'prisma', path: prisma })).migrations.map((m) => m.id)).toEqual(['20240101000000_init']);
    const sql = await fixture({ '1_init.up.sql': 'CREATE TABLE a (id int);', '2_b.up.sql': 'CREATE TABLE b (id int);' });
    const set = await loadMigrationSet({ tool: 'sql', path: sql });
    expect(set.tool).toBe('sql');
    expect(set.migrations.map((m) => [m.id, m.meta.scheme])).toEqual([['1', 'golang-migrate'], ['2', 'golang-migrate']]);
  });

  it('refuses an unknown tool, a missing directory and a file, naming them', async () => {
    const dir = await fixture({ 'V1__a.sql': 'SELECT 1;' });
    await expect(loadMigrationSet({ tool: 'liquibase' as MigrationTool, path: dir })).rejects.toThrow(
      new UserInputError('unknown migration tool "liquibase" (expected one of: alembic, prisma, sql)'),
    );
    const missing = join(dir, 'nope');
    await expect(loadMigrationSet({ tool: 'sql', path: missing })).rejects.toThrow(`migrations directory ${missing} does not exist`);
    await expect(detectTool(missing)).rejects.toThrow(UserInputError);
    await expect(loadMigrationSet({ tool: 'sql', path: join(dir, 'V1__a.sql') })).rejects.toThrow(`migrations path ${join(dir, 'V1__a.sql')} is not a directory`);
  });

  it('names file:line of malformed SQL', async () => {
    const dir = await fixture({ 'V1__a.sql': 'CREATE TABLE a (id int);', 'V2__b.sql': '-- fix\nALTER TABLE a ADD COLUMN b int,;\n' });
    const err = await loadMigrationSet({ tool: 'sql', path: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserInputError);
    expect((err as Error).message).toBe(`${join(dir, 'V2__b.sql')}:2: syntax error at or near ";"`);
  });
});
