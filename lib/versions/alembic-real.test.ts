import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { loadMigrationSet } from '../migrations/load';
import { pendingMigrations } from '../migrations/graph';
import { appliedIds, readVersionState } from '.';

const run = promisify(execFile);

const ENV_PY = `from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
connectable = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
with connectable.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
`;

function revision(id: string, down: string | null | string[], doc: string, body: string): string {
  const downRevision = down === null ? 'None' : Array.isArray(down) ? `(${down.map((d) => `'${d}'`).join(', ')})` : `'${down}'`;
  return `"""${doc}

Revision ID: ${id}
"""
from alembic import op
import sqlalchemy as sa

revision = '${id}'
down_revision = ${downRevision}
branch_labels = None
depends_on = None


def upgrade():
    ${body}


def downgrade():
    pass
`;
}

let db: TestDatabase;
let client: pg.Client;
let project: string;

async function alembic(...args: string[]): Promise<void> {
  await run('/usr/bin/python3', ['-m', 'alembic', '-c', join(project, 'alembic.ini'), ...args], { cwd: project });
}

beforeAll(async () => {
  db = await createTestDatabase('dbt_alembic_ver');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  project = await mkdtemp(join(tmpdir(), 'alembic-ver-'));
  await mkdir(join(project, 'versions'));
  const url = db.url.replace(/^postgres:/, 'postgresql:');
  await writeFile(join(project, 'alembic.ini'), `[alembic]\nscript_location = ${project}\nsqlalchemy.url = ${url}\n`);
  await writeFile(join(project, 'env.py'), ENV_PY);
  // a1 ─ b2 ─┬─ c3 ─┐
  //          └─ d4 ─┴─ e5 (merge)
  const files: Record<string, string> = {
    'a1_users.py': revision('a1', null, 'create users', "op.create_table('users', sa.Column('id', sa.Integer(), primary_key=True))"),
    'b2_email.py': revision('b2', 'a1', 'add email', "op.add_column('users', sa.Column('email', sa.Text()))"),
    'c3_posts.py': revision('c3', 'b2', 'create posts', "op.create_table('posts', sa.Column('id', sa.Integer(), primary_key=True))"),
    'd4_tags.py': revision('d4', 'b2', 'create tags', "op.create_table('tags', sa.Column('id', sa.Integer(), primary_key=True))"),
    'e5_merge.py': revision('e5', ['c3', 'd4'], 'merge posts and tags', 'pass'),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(project, 'versions', name), text);
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
  if (project) await rm(project, { recursive: true, force: true });
});

describe('alembic_version written by real Alembic', () => {
  it('follows upgrades through a branch and a merge', async () => {
    const set = await loadMigrationSet({ tool: 'alembic', path: join(project, 'versions') });
    expect(set.heads).toEqual(['e5']);
    expect((await readVersionState(client, set)).state).toBe('no-version-table');

    await alembic('upgrade', 'b2');
    let state = await readVersionState(client, set);
    expect(state).toEqual({ tool: 'alembic', table: 'public.alembic_version', state: 'ok', current: ['b2'], applied: ['b2'], problems: [] });
    expect(pendingMigrations(set, state.applied).map((m) => m.id)).toEqual(['c3', 'd4', 'e5']);

    // Two branches applied: Alembic keeps one row per branch head.
    await alembic('upgrade', 'c3');
    await alembic('upgrade', 'd4');
    state = await readVersionState(client, set);
    expect(state).toMatchObject({ state: 'ok', current: ['c3', 'd4'] });
    expect([...appliedIds(state, set)].sort()).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(pendingMigrations(set, state.applied).map((m) => m.id)).toEqual(['e5']);

    await alembic('upgrade', 'head');
    state = await readVersionState(client, set);
    expect(state).toMatchObject({ state: 'ok', current: ['e5'] });
    expect(pendingMigrations(set, state.applied)).toEqual([]);

    // The code is behind: the database was upgraded from a branch this checkout does not have.
    await client.query(`UPDATE alembic_version SET version_num = 'f6'`);
    state = await readVersionState(client, set);
    expect(state.state).toBe('unknown-version');
    expect(state.problems[0]).toContain('revision f6');
  });
});
