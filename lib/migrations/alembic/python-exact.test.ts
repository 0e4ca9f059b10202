import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget } from '../../db';
import { diffSchemas } from '../../diff';
import { clearExpectedCache, closeShadowTemplate, expectedSchemaAt } from '../../expected';
import { introspect } from '../../introspect';
import type { DriftboardConfig } from '../../model/config';
import type { MigrationSet, SchemaModel } from '../../model';
import { getStatusReport } from '../../status';
import { splitSql } from '../../sql/split';
import { ALEMBIC_PYTHON, toSqlAlchemyUrl } from '../../testing/alembic';
import { createTestDatabase, type TestDatabase } from '../../testing/pg-test-db';
import { loadMigrationSet } from '../load';
import { applyPythonExact, clearPythonExactCache, EXACT_ORIGIN } from './python-exact';
import { loadAlembicMigrations } from './index';

/**
 * A project laid out the way `alembic init` leaves it (alembic.ini, alembic/env.py unchanged, versions/),
 * with an `app/` package the migrations import, run with Debian's real Alembic as `migrations.python`.
 */

const run = promisify(execFile);
const USER_URL_PASSWORD = 'ini-Passw0rd-never-used';

const TYPES_PY = `import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import CHAR, TypeDecorator


class GUID(TypeDecorator):
    """UUID on PostgreSQL, CHAR(32) elsewhere."""
    impl = CHAR
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID())
        return dialect.type_descriptor(CHAR(32))
`;

const ENUMS_PY = `import enum


class Plan(enum.Enum):
    free = "free"
    team = "team"
    enterprise = "enterprise"
`;

function migrationFile(rev: string, down: string | string[] | null, body: string, header = ''): string {
  const downRepr = down === null ? 'None' : Array.isArray(down) ? `(${down.map((d) => `'${d}'`).join(', ')})` : `'${down}'`;
  return `"""${rev}"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
${header}
revision = '${rev}'
down_revision = ${downRepr}
branch_labels = None
depends_on = None


def upgrade():
${body.replace(/^\n/, '')}

def downgrade():
    pass
`;
}

const MIGRATIONS: Record<string, string> = {
  // Project types and a Python enum class: the exact path renders what SQLAlchemy makes of them.
  'a1_accounts.py': migrationFile(
    'a1',
    null,
    `    op.create_table('accounts',
        sa.Column('id', GUID(), primary_key=True),
        sa.Column('email', sa.String(255), nullable=False),
        sa.Column('plan', sa.Enum(Plan, name='plan'), server_default='free', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index(op.f('ix_accounts_email'), 'accounts', ['email'], unique=True)
`,
    'from app.types import GUID\nfrom app.enums import Plan\n',
  ),
  // Runs outside the transaction: Alembic emits COMMIT before and BEGIN after.
  'b2_concurrent_index.py': migrationFile(
    'b2',
    'a1',
    `    with op.get_context().autocommit_block():
        op.create_index('ix_accounts_created_at', 'accounts', ['created_at'], postgresql_concurrently=True)
    op.execute("COMMENT ON TABLE accounts IS 'one; two'")
`,
  ),
  // Needs query results: only works online, so this one falls back to the static reading.
  'c3_nickname.py': migrationFile(
    'c3',
    'b2',
    `    conn = op.get_bind()
    count = conn.execute(sa.text("SELECT count(*) FROM accounts")).scalar()
    op.add_column('accounts', sa.Column('nickname', sa.String(80), nullable=True))
`,
  ),
  // A second branch from a1 …
  'd4_projects.py': migrationFile(
    'd4',
    'a1',
    `    op.create_table('projects',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', GUID(), sa.ForeignKey('accounts.id', ondelete='CASCADE'), nullable=False),
        sa.Column('settings', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True),
    )
`,
    'from app.types import GUID\n',
  ),
  // … merged again.
  'e5_merge.py': migrationFile(
    'e5',
    ['c3', 'd4'],
    `    op.create_check_constraint('ck_projects_id_positive', 'projects', 'id > 0')
`,
  ),
};

let project: string;
let versions: string;
let ini: string;
let set: MigrationSet;
const dbs: Record<string, TestDatabase> = {};

async function alembic(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(ALEMBIC_PYTHON, ['-m', 'alembic', ...args], { cwd, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  return stdout;
}

/** What the project's Alembic CLI prints for `upgrade <range> --sql`, without the version table and BEGIN/COMMIT. */
async function cliStatements(range: string): Promise<string[]> {
  const chunks = await splitSql(await alembic(project, '-c', ini, 'upgrade', range, '--sql'));
  return chunks.map((c) => c.sql).filter((sql) => !/alembic_version|^(BEGIN|COMMIT)$/.test(sql));
}

async function schemaOf(url: string): Promise<SchemaModel> {
  const db = await openTarget(url);
  try {
    return (await introspect(db)).schema;
  } finally {
    await db.close();
  }
}

const byId = (s: MigrationSet, id: string) => s.migrations.find((m) => m.id === id)!;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'driftboard-pyexact-'));
  await alembic(project, 'init', 'alembic');
  ini = join(project, 'alembic.ini');
  // The user's own URL (with a password) stays in the ini: Driftboard overrides it with an offline dummy.
  const text = await readFile(ini, 'utf8');
  await writeFile(ini, text.replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = postgresql://app:${USER_URL_PASSWORD}@db.invalid/app`));
  await mkdir(join(project, 'app'));
  await writeFile(join(project, 'app', '__init__.py'), '');
  await writeFile(join(project, 'app', 'types.py'), TYPES_PY);
  await writeFile(join(project, 'app', 'enums.py'), ENUMS_PY);
  versions = join(project, 'alembic', 'versions');
  for (const [name, text] of Object.entries(MIGRATIONS)) await writeFile(join(versions, name), text);

  dbs.head = await createTestDatabase('dbt_pyexact_head');
  dbs.branch = await createTestDatabase('dbt_pyexact_branch');
  // The real databases: the same project, online, with a second ini that holds the real URL.
  for (const [name, target] of [['head', 'heads'], ['branch', 'd4']] as const) {
    const realIni = join(project, `alembic-${name}.ini`);
    await writeFile(realIni, text.replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${toSqlAlchemyUrl(dbs[name].url).replace(/%/g, '%%')}`));
    await alembic(project, '-c', realIni, 'upgrade', target);
  }
  set = await loadMigrationSet({ tool: 'alembic', path: versions, python: ALEMBIC_PYTHON, alembicIni: ini });
}, 120_000);

afterAll(async () => {
  clearExpectedCache();
  await closeShadowTemplate();
  await Promise.all(Object.values(dbs).map((d) => d.drop()));
  await rm(project, { recursive: true, force: true });
});

describe('migrations.python: the exact SQL from the project\'s own Alembic', () => {
  it('replaces each migration\'s statements with exactly what the project\'s Alembic emits for it', async () => {
    expect(set.migrations.map((m) => m.id)).toEqual(['a1', 'b2', 'c3', 'd4', 'e5']);
    const sqlOf = (id: string) => byId(set, id).statements.map((s) => s.sql);
    expect(sqlOf('a1')).toEqual(await cliStatements('base:a1'));
    expect(sqlOf('b2')).toEqual(await cliStatements('a1:b2'));
    expect(sqlOf('d4')).toEqual(await cliStatements('a1:d4'));
    // What only the real Alembic knows: the project's GUID is a uuid on PostgreSQL, the enum holds the names.
    expect(sqlOf('a1').join('\n')).toMatch(/id UUID NOT NULL/);
    expect(sqlOf('a1')[0]).toBe("CREATE TYPE plan AS ENUM ('free', 'team', 'enterprise')");
    expect(sqlOf('e5')).toEqual(['ALTER TABLE projects ADD CONSTRAINT ck_projects_id_positive CHECK (id > 0)']);
    for (const id of ['a1', 'b2', 'd4', 'e5']) {
      const m = byId(set, id);
      expect(m.statements.every((s) => s.origin === EXACT_ORIGIN)).toBe(true);
      expect(m.unanalyzed).toEqual([]);
      expect(m.unverified).toBeUndefined();
    }
    // The user's URL never reaches the output (offline mode gets a dummy); no version-table bookkeeping.
    expect(JSON.stringify(set)).not.toContain(USER_URL_PASSWORD);
    expect(JSON.stringify(set)).not.toContain('alembic_version');
  });

  it('keeps an autocommit_block outside the transaction and the rest inside', () => {
    const b2 = byId(set, 'b2');
    expect(b2.statements.map((s) => [s.sql, s.inTransaction])).toEqual([
      ['CREATE INDEX CONCURRENTLY ix_accounts_created_at ON accounts (created_at)', false],
      ["COMMENT ON TABLE accounts IS 'one; two'", true],
    ]);
    // The statements point at upgrade() (line 12 of a file without extra imports).
    expect(b2.statements.map((s) => s.line)).toEqual([12, 12]);
  });

  it('falls back to the static reading for a migration that only works online, with one note naming the error', async () => {
    const c3 = byId(set, 'c3');
    expect(c3.statements.map((s) => [s.origin, s.sql])).toEqual([['op.add_column', 'ALTER TABLE accounts ADD COLUMN nickname VARCHAR(80)']]);
    const notes = c3.unanalyzed.filter((u) => u.reason.includes('could not render this migration offline'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ file: c3.file, line: 14, code: 'count = conn.execute(sa.text("SELECT count(*) FROM accounts")).scalar()' });
    expect(notes[0].reason).toBe(
      `the project's Alembic (${ALEMBIC_PYTHON}) could not render this migration offline: AttributeError: 'NoneType' object has no attribute 'scalar'; the static reading is used`,
    );
    // The static reader's own findings stay, the note comes after them.
    const statik = byId(await loadAlembicMigrations(versions), 'c3');
    expect(c3.unanalyzed).toEqual([...statik.unanalyzed, notes[0]]);
    expect(c3.unverified).toEqual(statik.unverified);
  });

  it('builds an expected schema equal to the database real Alembic upgraded, at head and on a branch', async () => {
    clearExpectedCache();
    const atHead = await expectedSchemaAt(set, ['a1', 'b2', 'c3', 'd4', 'e5']);
    expect(atHead.replayProblems ?? []).toEqual([]);
    expect(diffSchemas(atHead.model, await schemaOf(dbs.head.url), { ignoreTables: ['alembic_version'] })).toEqual([]);
    const onBranch = await expectedSchemaAt(set, ['a1', 'd4']);
    expect(diffSchemas(onBranch.model, await schemaOf(dbs.branch.url), { ignoreTables: ['alembic_version'] })).toEqual([]);
  });

  it('gives status ok with zero changes through the config, at head and at a middle version', async () => {
    clearExpectedCache();
    const config: DriftboardConfig = {
      file: null,
      migrations: { tool: 'alembic', path: versions, python: ALEMBIC_PYTHON, alembicIni: ini },
      shadowUrl: null,
      environments: [
        { name: 'prod', url: dbs.head.url, schemas: null, pollIntervalSeconds: 60 },
        { name: 'branch', url: dbs.branch.url, schemas: null, pollIntervalSeconds: 60 },
      ],
    };
    const report = await getStatusReport(config, { timeoutMs: 10_000 });
    expect(report.environments.map((e) => [e.name, e.status, e.drift?.changes])).toEqual([
      ['prod', 'ok', []],
      ['branch', 'ok', []],
    ]);
    expect(report.environments[1].pending.map((p) => p.id).sort()).toEqual(['b2', 'c3', 'e5']);
    clearExpectedCache();
  });

  it('runs nothing without the key: the static reader alone', async () => {
    const statik = await loadMigrationSet({ tool: 'alembic', path: versions });
    expect(statik.migrations.flatMap((m) => m.statements).some((s) => s.origin === EXACT_ORIGIN)).toBe(false);
  });
});

describe('migrations.python failures and the cache', () => {
  async function fakePython(name: string, script: string): Promise<string> {
    const file = join(project, name);
    await writeFile(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return file;
  }

  it('keeps the static reading of every migration when the interpreter fails, naming it and its last stderr line', async () => {
    const statik = await loadAlembicMigrations(versions);
    const broken = await fakePython('broken-python', `echo 'Traceback (most recent call last):' >&2\necho "ModuleNotFoundError: No module named 'alembic'" >&2\nexit 1`);
    const out = await applyPythonExact(statik, { python: broken, alembicIni: ini });
    const message = `migrations.python ${broken}: the offline Alembic run failed: ModuleNotFoundError: No module named 'alembic'`;
    expect(out.diagnostics).toContainEqual({ level: 'warning', code: 'alembic-python-failed', message, file: ini, line: null });
    for (const m of out.migrations) {
      expect(m.statements).toEqual(byId(statik, m.id).statements);
      expect(m.unanalyzed.at(-1)?.reason).toBe(`${message}; the static reading is used`);
    }

    const missing = await applyPythonExact(statik, { python: join(project, 'no-such-python'), alembicIni: ini });
    expect(missing.diagnostics.at(-1)?.message).toBe(`migrations.python ${join(project, 'no-such-python')}: interpreter not found`);

    const slow = await fakePython('slow-python', 'exec sleep 30');
    const timedOut = await applyPythonExact(statik, { python: slow, alembicIni: ini, timeoutMs: 1_000 });
    expect(timedOut.diagnostics.at(-1)?.message).toBe(`migrations.python ${slow}: the offline Alembic run did not finish within 1 s`);
  }, 30_000);

  it('runs Python once for an unchanged project and again when a module the migrations import changes', async () => {
    clearPythonExactCache();
    const counter = join(project, 'runs.log');
    const counting = await fakePython('counting-python', `echo run >> '${counter}'\nexec '${ALEMBIC_PYTHON}' "$@"`);
    const statik = await loadAlembicMigrations(versions);
    const runs = async () => (await readFile(counter, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

    const first = await applyPythonExact(statik, { python: counting, alembicIni: ini });
    const second = await applyPythonExact(statik, { python: counting, alembicIni: ini });
    expect(await runs()).toBe(1);
    expect(second.migrations).toEqual(first.migrations);

    await writeFile(join(project, 'app', 'enums.py'), ENUMS_PY.replace('    enterprise = "enterprise"\n', ''));
    const third = await applyPythonExact(statik, { python: counting, alembicIni: ini });
    expect(await runs()).toBe(2);
    expect(byId(third, 'a1').statements[0].sql).toBe("CREATE TYPE plan AS ENUM ('free', 'team')");
    await writeFile(join(project, 'app', 'enums.py'), ENUMS_PY);
  }, 60_000);
});
