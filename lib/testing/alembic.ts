import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * Test harness around the real Alembic (Debian python3-alembic 1.8 + SQLAlchemy 1.4 + psycopg2).
 * Scenario tests build databases with it and compare Driftboard's understanding against it.
 */

const run = promisify(execFile);
export const ALEMBIC_PYTHON = process.env.DRIFTBOARD_ALEMBIC_PYTHON ?? '/usr/bin/python3';

const ENV_PY = `import os
from alembic import context
from sqlalchemy import create_engine, pool

def run_migrations_offline():
    context.configure(url=os.environ["DRIFTBOARD_ALEMBIC_URL"], literal_binds=True,
                      dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()

def run_migrations_online():
    engine = create_engine(os.environ["DRIFTBOARD_ALEMBIC_URL"], poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()

if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;

/** `postgres://u@h/db` → `postgresql+psycopg2://u@h/db` (SQLAlchemy's spelling). */
export function toSqlAlchemyUrl(dbUrl: string): string {
  return dbUrl.replace(/^postgres(ql)?(\+\w+)?:\/\//, 'postgresql+psycopg2://');
}

/**
 * Runs `alembic <args>` (e.g. `upgrade head`, `downgrade -1`, `stamp abc`, `upgrade head --sql`) on a
 * throwaway project whose version_locations is `versionsDir`. Throws with Alembic's stderr on failure.
 */
export async function runAlembic(versionsDir: string, dbUrl: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const project = await mkdtemp(join(tmpdir(), 'driftboard-alembic-'));
  try {
    await writeFile(join(project, 'env.py'), ENV_PY);
    // configparser interpolates '%': the path is written with '%%'; the URL travels in the environment.
    const ini = `[alembic]\nscript_location = ${project.replace(/%/g, '%%')}\nversion_locations = ${resolve(versionsDir).replace(/%/g, '%%')}\n`;
    await writeFile(join(project, 'alembic.ini'), ini);
    try {
      return await run(ALEMBIC_PYTHON, ['-m', 'alembic', '-c', join(project, 'alembic.ini'), ...args], {
        env: { ...process.env, DRIFTBOARD_ALEMBIC_URL: toSqlAlchemyUrl(dbUrl), PYTHONDONTWRITEBYTECODE: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`alembic ${args.join(' ')} failed: ${(err.stderr || err.message).trim()}`);
    }
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}

/** A checked-in Alembic project: its own alembic.ini and env.py, run the way its developers run it. */
export interface AlembicProject {
  /** The project root: Alembic's working directory and the head of PYTHONPATH (so `from app.db.types import GUID` works). */
  root: string;
  /** The project's alembic.ini, relative to `root`. Default `alembic.ini`. */
  ini?: string;
}

/**
 * Runs `alembic <args>` with the project's own configuration. The database URL is handed over as
 * `DATABASE_URL` (SQLAlchemy spelling), the variable the project's env.py reads. Throws with stderr on failure.
 */
export async function runAlembicProject(project: AlembicProject, dbUrl: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const root = resolve(project.root);
  const pythonPath = [root, process.env.PYTHONPATH].filter(Boolean).join(':');
  try {
    return await run(ALEMBIC_PYTHON, ['-m', 'alembic', '-c', join(root, project.ini ?? 'alembic.ini'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: toSqlAlchemyUrl(dbUrl), PYTHONPATH: pythonPath, PYTHONDONTWRITEBYTECODE: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`alembic ${args.join(' ')} (in ${root}) failed: ${(err.stderr || err.message).trim()}`);
  }
}

export interface AlembicFixture {
  rev: string;
  /** down_revision: null for the first, a string, or several ids for a merge. */
  down: string | string[] | null;
  message: string;
  /** Body of upgrade() (Python, any indentation; re-indented by 4). Empty → `pass`. */
  upgrade: string;
  /** Body of downgrade(); empty → `pass`. */
  downgrade?: string;
  branchLabels?: string[];
  dependsOn?: string[];
  /** Extra module-level Python placed after the imports. */
  header?: string;
}

function dedentIndent(body: string, pad: string): string {
  const lines = body.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  const out = lines.map((l) => (l.trim() ? pad + l.slice(Number.isFinite(indent) ? indent : 0) : ''));
  return out.join('\n') || `${pad}pass`;
}

function pyRepr(v: string | string[] | null | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `(${v.map((x) => `'${x}'`).join(', ')}${v.length === 1 ? ',' : ''})`;
  return `'${v}'`;
}

/** The text of a migration file in the shape `alembic revision` writes. */
export function alembicMigrationSource(m: AlembicFixture): string {
  const revises = Array.isArray(m.down) ? m.down.join(', ') : (m.down ?? '');
  return `"""${m.message}

Revision ID: ${m.rev}
Revises: ${revises}
Create Date: 2024-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
${m.header ?? ''}

# revision identifiers, used by Alembic.
revision = '${m.rev}'
down_revision = ${pyRepr(m.down)}
branch_labels = ${m.branchLabels ? pyRepr(m.branchLabels) : 'None'}
depends_on = ${m.dependsOn ? pyRepr(m.dependsOn) : 'None'}


def upgrade():
${dedentIndent(m.upgrade, '    ')}


def downgrade():
${dedentIndent(m.downgrade ?? '', '    ')}
`;
}

/** Writes one `<rev>_<slug>.py` per fixture into `dir` (created if needed); returns the file paths. */
export async function writeAlembicProject(dir: string, migrations: AlembicFixture[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const m of migrations) {
    const slug = m.message.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40);
    const file = join(dir, `${m.rev}_${slug}.py`);
    await writeFile(file, alembicMigrationSource(m));
    files.push(file);
  }
  return files;
}
