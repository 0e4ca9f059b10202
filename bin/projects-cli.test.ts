/** The CLI on a `projects` config: every project by default, --project to pick one, --env finding its project. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_HEAD, buildTwoProjects, type TwoProjects } from '../lib/testing/two-projects';

const BIN = resolve(__dirname, 'driftboard.mjs');
let fixture: TwoProjects;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: fixture.dir, env: { ...process.env, DRIFTBOARD_CACHE_DIR: '' }, timeout: 90_000 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  fixture = await buildTwoProjects('dbt_2pcli');
}, 120_000);
afterAll(async () => {
  await fixture?.drop();
});

describe('driftboard with two projects', () => {
  it('status shows every project, one table each, and --json names the project of each environment', async () => {
    const text = await cli(['status']);
    expect(text.stderr).toBe('');
    expect(text.stdout).toMatch(/^Project billing\nENVIRONMENT/);
    expect(text.stdout).toContain('\n\nProject accounts\nENVIRONMENT');
    const json = await cli(['status', '--json']);
    const envs = JSON.parse(json.stdout).environments as Array<{ project: string; name: string; head: string; behind: number; drift: { changes: unknown[] } }>;
    expect(envs.map((e) => [e.project, e.name, e.head, e.behind, e.drift.changes.length])).toEqual([
      ['billing', 'production', '3', 0, 0],
      ['billing', 'staging', '3', 1, 0],
      ['accounts', 'production', ACCOUNTS_HEAD, 0, 1],
    ]);
    // Production of accounts was changed by hand: exit 0 still (every environment was read).
    expect(json.code).toBe(0);
  });

  it('--project picks one project; an unknown one is named with the known ones', async () => {
    const one = await cli(['status', '--project', 'accounts', '--json']);
    expect((JSON.parse(one.stdout).environments as Array<{ name: string }>).map((e) => e.name)).toEqual(['production']);
    const unknown = await cli(['status', '--project', 'payroll']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('driftboard: driftboard.config.json: no project "payroll" (projects: billing, accounts)');
  });

  it('check finds the project of a name only one project has, and asks for --project otherwise', async () => {
    const staging = await cli(['check', '--env', 'staging', '--fail-on-pending', '--json']);
    expect(staging.code).toBe(1);
    expect(JSON.parse(staging.stdout).reasons.join(' ')).toMatch(/pending/);
    const shared = await cli(['check', '--env', 'production']);
    expect(shared.code).toBe(2);
    expect(shared.stderr.trim()).toBe('driftboard: driftboard.config.json: lists 2 projects (billing, accounts): pass --project NAME');
    const drift = await cli(['check', '--project', 'accounts', '--env', 'production', '--fail-on-drift']);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/^FAIL  production/);
  });
});
