/**
 * Two projects on one dashboard, in-process: a `projects` config with its own migrations (golang-migrate
 * SQL and Alembic) and environments — both projects have a "production" — polled for real, then read
 * through every route that names an environment, with and without `?project=`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, named, stopApp } from '../../lib/testing/in-process-app';
import { ACCOUNTS_HEAD, buildTwoProjects, type TwoProjects } from '../../lib/testing/two-projects';

const dataDir = await mkdtemp(path.join(tmpdir(), 'driftboard-projects-api-'));
const fixture: TwoProjects = await buildTwoProjects('dbt_2papi');
process.env.DRIFTBOARD_DATA_DIR = dataDir;
process.env.DRIFTBOARD_CACHE_DIR = path.join(dataDir, 'cache');
process.env.DRIFTBOARD_CONFIG = fixture.configFile;
delete process.env.DRIFTBOARD_DEMO_UNREACHABLE;

const { getAppContext } = await import('../../lib/app/context');
const status = await import('./status/route');
const overview = await import('./overview/route');
const environment = await import('./environments/[name]/route');
const history = await import('./history/[name]/route');
const events = await import('./events/route');
const migrations = await import('./migrations/route');
const plan = await import('./plan/route');
const diff = await import('./diff/route');

async function json(res: Promise<Response> | Response): Promise<{ status: number; body: any }> {
  const r = await res;
  return { status: r.status, body: JSON.parse(await r.text()) };
}

beforeAll(async () => {
  const ctx = await getAppContext();
  // The poller knows environments by key: billing/production, billing/staging, accounts/production.
  for (const key of ['billing/production', 'billing/staging', 'accounts/production']) {
    const outcome = await ctx.poller.pollNow(key);
    expect(outcome.recorded, key).toBe(true);
  }
}, 240_000);

afterAll(async () => {
  await stopApp();
  await rm(dataDir, { recursive: true, force: true });
  await fixture.drop();
});

describe('a projects config on one dashboard', () => {
  it('the overview groups environments by project, each with its own head and matrix', async () => {
    const { status: code, body } = await json(overview.GET(get('/api/overview'), undefined));
    expect(code).toBe(200);
    expect(body.projects.map((p: any) => [p.name, p.tool, p.head])).toEqual([
      ['billing', 'sql', '3'],
      ['accounts', 'alembic', ACCOUNTS_HEAD],
    ]);
    const billing = body.projects[0];
    expect(billing.environments.map((e: any) => [e.key, e.name, e.project, e.status, e.behind, e.driftCount])).toEqual([
      ['billing/production', 'production', 'billing', 'ok', 0, 0],
      ['billing/staging', 'staging', 'billing', 'ok', 1, 0],
    ]);
    const accounts = body.projects[1];
    expect(accounts.environments.map((e: any) => [e.key, e.status, e.behind, e.driftCount])).toEqual([['accounts/production', 'ok', 0, 1]]);
    // Each matrix holds only its project's environments.
    expect(billing.matrix.environments).toEqual(['production', 'staging']);
    expect(billing.matrix.project).toBe('billing');
    expect(accounts.matrix.environments).toEqual(['production']);
    expect(body.environments).toHaveLength(3);
  });

  it('an environment page is per project; a name two projects share needs ?project=', async () => {
    const accounts = await json(environment.GET(get('/api/environments/production?project=accounts'), named('production')));
    expect(accounts.status).toBe(200);
    expect(accounts.body.app.project).toBe('accounts');
    expect(accounts.body.drift.flatMap((g: any) => g.changes.map((c: any) => `${g.table}.${c.name}:${c.change}`))).toEqual(['public.users.legacy_code:unexpected']);
    const billing = await json(environment.GET(get('/api/environments/production?project=billing'), named('production')));
    expect(billing.body.environment.key).toBe('billing/production');
    expect(billing.body.drift).toEqual([]);
    const ambiguous = await json(environment.GET(get('/api/environments/production'), named('production')));
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error).toBe('environment "production" is in 2 projects: pass ?project= (one of billing, accounts)');
    // A name only one project has finds its project.
    const staging = await json(environment.GET(get('/api/environments/staging'), named('staging')));
    expect([staging.status, staging.body.app.project, staging.body.environment.behind]).toEqual([200, 'billing', 1]);
    const unknown = await json(environment.GET(get('/api/environments/production?project=payroll'), named('production')));
    expect([unknown.status, unknown.body.error]).toEqual([404, 'no project named "payroll" (configured: billing, accounts)']);
    const wrongProject = await json(environment.GET(get('/api/environments/staging?project=accounts'), named('staging')));
    expect([wrongProject.status, wrongProject.body.error]).toEqual([404, 'no environment named "staging" in project "accounts" (configured: production)']);
  });

  it('status, history, events, the migration matrix, plans and diffs carry the project', async () => {
    const all = await json(status.GET(get('/api/status'), undefined));
    expect(all.body.environments.map((e: any) => `${e.project}/${e.name}:${e.head}`)).toEqual([
      'billing/production:3',
      'billing/staging:3',
      `accounts/production:${ACCOUNTS_HEAD}`,
    ]);
    const one = await json(status.GET(get('/api/status?project=accounts'), undefined));
    expect(one.body.environments.map((e: any) => e.name)).toEqual(['production']);

    const h = await json(history.GET(get('/api/history/production?project=accounts'), named('production')));
    expect([h.status, h.body.project, h.body.versions.at(-1)]).toEqual([200, 'accounts', ACCOUNTS_HEAD]);
    expect(h.body.points.length).toBeGreaterThanOrEqual(1);

    const ev = await json(events.GET(get('/api/events?project=billing'), undefined));
    expect(ev.status).toBe(200);
    expect(ev.body.events.every((e: any) => e.environment.startsWith('billing/'))).toBe(true);

    const matrix = await json(migrations.GET(get('/api/migrations?project=billing'), undefined));
    expect(matrix.body.rows.map((r: any) => r.id)).toEqual(['3', '2', '1']);
    expect(matrix.body.columns.map((c: any) => [c.environment, c.behind])).toEqual([
      ['production', 0],
      ['staging', 1],
    ]);
    const cell = await json(migrations.GET(get('/api/migrations?project=billing&env=staging&migration=3'), undefined));
    expect(cell.body.cell.state).toBe('pending');

    const p = await json(plan.GET(get('/api/plan?project=billing&env=staging&target=head'), undefined));
    expect([p.status, p.body.steps.map((s: any) => s.id)]).toEqual([200, ['3']]);

    const d = await json(diff.GET(get('/api/diff?project=accounts&left=expected:head&right=env:production'), undefined));
    expect(d.body.changes.map((c: any) => `${c.change}:${c.name}`)).toEqual(['unexpected:legacy_code']);
  });
});
