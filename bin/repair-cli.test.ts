import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAlembic, writeAlembicProject } from '../lib/testing/alembic';
import { createTestDatabase, type TestDatabase } from '../lib/testing/pg-test-db';

/** `driftboard repair` as a user runs it: the real bin, a real Alembic project, real PostgreSQL. */

const BIN = resolve(__dirname, 'driftboard.mjs');
let project: string;
let db: TestDatabase;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: project, env: { ...process.env, PROD_URL: db.url }, timeout: 120_000 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'driftboard-repair-cli-'));
  db = await createTestDatabase('repair_cli');
  const versions = join(project, 'alembic', 'versions');
  await writeAlembicProject(versions, [
    {
      rev: 'aa0000000001',
      down: null,
      message: 'accounts',
      upgrade: `op.create_table('accounts', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('email', sa.Text(), nullable=False), sa.Column('plan', sa.String(20), server_default='free'))`,
    },
  ]);
  await runAlembic(versions, db.url, 'upgrade', 'head');
  await db.exec('ALTER TABLE accounts DROP COLUMN plan');
  await writeFile(join(project, 'driftboard.config.json'), JSON.stringify({ migrations: { tool: 'alembic', path: './alembic/versions' }, environments: [{ name: 'production', url: '${PROD_URL}' }] }));
});

afterAll(async () => {
  await db?.drop();
  await rm(project, { recursive: true, force: true });
});

describe('driftboard repair', () => {
  it('prints a verified script (exit 0) and the documented JSON', async () => {
    const text = await cli(['repair', '--env', 'production']);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/-- verified: applied to a shadow copy/);
    expect(text.stdout).toMatch(/^ALTER TABLE public\.accounts ADD COLUMN IF NOT EXISTS plan character varying\(20\) DEFAULT 'free'::character varying;$/m);
    const json = await cli(['repair', '--env', 'production', '--json']);
    const report = JSON.parse(json.stdout);
    expect(Object.keys(report).sort()).toEqual(['environment', 'findings', 'migration', 'notes', 'remaining', 'risk', 'script', 'statements', 'target', 'verificationError', 'verified'].sort());
    expect(report.statements).toEqual([
      { sql: "ALTER TABLE public.accounts ADD COLUMN IF NOT EXISTS plan character varying(20) DEFAULT 'free'::character varying", purpose: 'create-missing', object: 'public.accounts.plan', transactional: true, commented: false },
    ]);
  }, 180_000);

  it('names an unknown environment in one line, exit 2', async () => {
    const r = await cli(['repair', '--env', 'nowhere']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/nowhere/);
  });
});
