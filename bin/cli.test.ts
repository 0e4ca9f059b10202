import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../lib/testing/pg-test-db';
import { runAlembic, writeAlembicProject } from '../lib/testing/alembic';
import { SCENARIO_MIGRATIONS } from '../lib/status/scenario.test-helpers';

const BIN = resolve(__dirname, 'driftboard.mjs');
const SECRET = 'pw-Never-Shown-42';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real bin from the project directory (not the repo root): it must work from any cwd. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: project, env: { ...process.env, ...baseEnv, ...env }, timeout: 90_000 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function expectOneLineError(r: Run, code: number, pattern: RegExp): void {
  expect(r.code).toBe(code);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr + r.stdout).not.toContain(SECRET);
}

let project: string;
let local: TestDatabase;
let other: TestDatabase;
let baseEnv: Record<string, string>;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'driftboard-cli-'));
  await writeAlembicProject(join(project, 'alembic', 'versions'), SCENARIO_MIGRATIONS);
  [local, other] = await Promise.all([createTestDatabase('dbt_cli_local'), createTestDatabase('dbt_cli_other')]);
  await Promise.all([
    runAlembic(join(project, 'alembic', 'versions'), local.url, 'upgrade', 'c3000000003'),
    runAlembic(join(project, 'alembic', 'versions'), other.url, 'upgrade', 'head').then(() => other.exec('ALTER TABLE users DROP COLUMN nickname')),
  ]);
  await writeFile(
    join(project, 'driftboard.config.json'),
    JSON.stringify({
      migrations: { tool: 'alembic', path: './alembic/versions' },
      environments: [
        { name: 'local', url: '${LOCAL_URL}' },
        { name: 'other', url: '${OTHER_URL}' },
        { name: 'down', url: '${DOWN_URL}' },
      ],
    }),
  );
  baseEnv = { LOCAL_URL: local.url, OTHER_URL: other.url, DOWN_URL: `postgres://app:${SECRET}@127.0.0.1:1/app` };
});

afterAll(async () => {
  await Promise.all([local?.drop(), other?.drop()]);
  await rm(project, { recursive: true, force: true });
});

describe('driftboard status', () => {
  it('--json has the documented shape for every environment; a down one makes the exit 1', async () => {
    const r = await cli(['status', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    const { environments } = JSON.parse(r.stdout);
    expect(environments.map((e: { name: string; status: string }) => [e.name, e.status])).toEqual([
      ['local', 'ok'],
      ['other', 'ok'],
      ['down', 'unreachable'],
    ]);
    const [l, o, d] = environments;
    expect(Object.keys(l)).toEqual(expect.arrayContaining(['name', 'status', 'error', 'tool', 'version', 'head', 'behind', 'pending', 'drift']));
    expect(l).toMatchObject({ tool: 'alembic', version: 'c3000000003', head: 'e5000000005', behind: 2, error: null });
    expect(l.pending.map((p: { id: string }) => p.id)).toEqual(['d4000000004', 'e5000000005']);
    expect(Object.keys(l.pending[0])).toEqual(expect.arrayContaining(['id', 'description', 'risk', 'reversible', 'findings']));
    expect(Object.keys(l.pending[1].findings[0])).toEqual(expect.arrayContaining(['rule', 'level', 'message', 'statement', 'table']));
    expect(l.drift).toEqual({ changes: [], ghostMigrations: [], unverified: [], replayProblems: [] });
    expect(o.drift.ghostMigrations).toEqual([{ id: 'd4000000004', missing: ['public.users.nickname'] }]);
    expect(Object.keys(o.drift.changes[0])).toEqual(expect.arrayContaining(['kind', 'change', 'schema', 'table', 'name', 'expected', 'actual']));
    expect(d.error).toMatch(/connection refused/);
    expect(d.behind).toBeNull();
  });

  it('prints a readable table, and exits 0 when the environments asked for are reachable', async () => {
    const r = await cli(['status', '--env', 'local']);
    expect(r.code).toBe(0);
    const [header, row] = r.stdout.split('\n');
    expect(header).toMatch(/^ENVIRONMENT\s+STATUS\s+VERSION\s+HEAD\s+BEHIND\s+RISK\s+DRIFT$/);
    expect(row).toMatch(/^local\s+ok\s+c3000000003\s+e5000000005\s+2\s+medium\s+none$/);
    expect(r.stdout).toContain('pending (2, in apply order):');
  });
});

describe('driftboard check', () => {
  it('exits 0 on pass and 1 on fail, with the reasons', async () => {
    const [pass, pending, risk, drift, down] = await Promise.all([
      cli(['check', '--env', 'local']),
      cli(['check', '--env', 'local', '--fail-on-pending']),
      cli(['check', '--env', 'local', '--max-risk', 'low']),
      cli(['check', '--env', 'other', '--fail-on-drift', '--json']),
      cli(['check', '--env', 'down']),
    ]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/^PASS {2}local/);
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain('2 pending migrations: d4000000004, e5000000005');
    expect(risk.code).toBe(1);
    // d4 (a nullable column, an enum label) is low now: irreversibility alone is not deploy risk; e5's plain CREATE INDEX is.
    expect(risk.stdout).toContain('pending migration e5000000005 is medium risk (max low)');
    expect(risk.stdout).not.toContain('d4000000004 is');
    expect(drift.code).toBe(1);
    expect(JSON.parse(drift.stdout)).toMatchObject({ environment: 'other', pass: false });
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/FAIL {2}down[\s\S]*unreachable: connection refused/);
    expect(down.stdout + down.stderr).not.toContain(SECRET);
  });

  it('exits 2 on usage errors', async () => {
    const [noEnv, badRisk, unknownEnv] = await Promise.all([
      cli(['check']),
      cli(['check', '--env', 'local', '--max-risk', 'extreme']),
      cli(['check', '--env', 'prod']),
    ]);
    expectOneLineError(noEnv, 2, /check: --env: is required/);
    expectOneLineError(badRisk, 2, /--max-risk: must be one of low, medium, high, critical/);
    expectOneLineError(unknownEnv, 2, /driftboard\.config\.json: unknown environment "prod"/);
  });
});

describe('driftboard diff', () => {
  it('compares an environment with a URL; --json is { changes }', async () => {
    const r = await cli(['diff', '--from', 'local', '--to', other.url, '--json']);
    expect(r.code).toBe(0);
    const { changes } = JSON.parse(r.stdout);
    const names = changes.map((c: { change: string; kind: string; name: string }) => `${c.change} ${c.kind} ${c.name}`);
    expect(names).toContain('unexpected index ix_posts_title');
    expect(names).not.toContain('unexpected column nickname');
    const human = await cli(['diff', '--from', 'other', '--to', 'other']);
    expect(human.stdout).toBe('No differences between other and other.\n');
  });

  it('exits 1 naming an unreachable endpoint without its password, 2 on a bad URL', async () => {
    expectOneLineError(await cli(['diff', '--from', 'local', '--to', 'down']), 1, /unreachable: down: connection refused/);
    expectOneLineError(await cli(['diff', '--from', 'local', '--to', `mysql://u:${SECRET}@h/db`]), 2, /unsupported URL scheme "mysql:"/);
  });
});

describe('driftboard lint', () => {
  it('rates every migration with no database; --json is { migrations }', async () => {
    const r = await cli(['lint', 'alembic/versions', '--json']);
    expect(r.code).toBe(0);
    const { migrations } = JSON.parse(r.stdout);
    expect(migrations.map((m: { id: string }) => m.id)).toEqual(SCENARIO_MIGRATIONS.map((m) => m.rev));
    expect(Object.keys(migrations[0])).toEqual(expect.arrayContaining(['id', 'risk', 'reversible', 'findings']));
  });

  it('exits 2 with one line naming file:line for malformed Python, a cycle or an unknown tool', async () => {
    const broken = join(project, 'broken');
    await mkdir(broken, { recursive: true });
    // An unreadable header is fatal (a broken upgrade() alone degrades to a finding).
    await writeFile(join(broken, 'x1_bad.py'), 'revision = "x1"\ndown_revision = ("a1"\n\ndef upgrade():\n    pass\n');
    const cyclic = join(project, 'cyclic');
    await writeAlembicProject(cyclic, [
      { rev: 'aa', down: 'bb', message: 'a', upgrade: '' },
      { rev: 'bb', down: 'aa', message: 'b', upgrade: '' },
    ]);
    const [bad, cycle, tool] = await Promise.all([
      cli(['lint', 'broken', '--tool', 'alembic']),
      cli(['lint', 'cyclic']),
      cli(['lint', 'alembic/versions', '--tool', 'liquibase']),
    ]);
    expectOneLineError(bad, 2, /x1_bad\.py:2: /);
    expectOneLineError(cycle, 2, /cycle/);
    expectOneLineError(tool, 2, /--tool: must be alembic, prisma or sql/);
  });
});

describe('configuration and usage', () => {
  it('exits 2 with one line naming key and file, never the password', async () => {
    const [missingVar, badUrl, unknown, help] = await Promise.all([
      cli(['status'], { LOCAL_URL: '' }),
      cli(['status'], { LOCAL_URL: `http://app:${SECRET}@db/app` }),
      cli(['frobnicate']),
      cli(['--help']),
    ]);
    expectOneLineError(missingVar, 2, /^driftboard: driftboard\.config\.json: environments\[0\]\.url: environment variable LOCAL_URL is not set\n$/);
    expectOneLineError(badUrl, 2, /driftboard\.config\.json: environments\[0\]\.url: unsupported URL scheme "http:"/);
    expectOneLineError(unknown, 2, /unknown command "frobnicate"/);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('driftboard check --env NAME');
  });
});
