/**
 * The JSON API end to end, in-process: the embedded demo with production unreachable (its URL carries a
 * password on purpose), a fresh history store, every route handler called as Next.js would call it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, named, stopApp } from '../../lib/testing/in-process-app';

const dataDir = await mkdtemp(path.join(tmpdir(), 'driftboard-api-'));
process.env.DRIFTBOARD_DATA_DIR = dataDir;
process.env.DRIFTBOARD_DEMO_UNREACHABLE = 'production';
delete process.env.DRIFTBOARD_CONFIG;

const { getAppContext } = await import('../../lib/app/context');
const { UNREACHABLE_PASSWORD } = await import('../../lib/demo/scenario');
const status = await import('./status/route');
const overview = await import('./overview/route');
const environment = await import('./environments/[name]/route');
const diff = await import('./diff/route');
const history = await import('./history/[name]/route');
const events = await import('./events/route');
const plan = await import('./plan/route');
const snapshots = await import('./snapshots/[name]/route');
const repair = await import('./repair/route');


/** Every body the test fetched, to scan for secrets at the end. */
const bodies: string[] = [];
async function call(res: Promise<Response> | Response): Promise<{ status: number; text: string; json: () => unknown }> {
  const r = await res;
  const text = await r.text();
  bodies.push(text);
  return { status: r.status, text, json: () => JSON.parse(text) };
}

beforeAll(async () => {
  const ctx = await getAppContext();
  // One recorded poll of each environment, so the reads have something current to show.
  await Promise.all(ctx.config.environments.map((e) => ctx.poller.pollNow(e.name)));
}, 240_000);

afterAll(async () => {
  await stopApp();
  await rm(dataDir, { recursive: true, force: true });
});

describe('JSON API on the demo', () => {
  it('/api/status serves the CLI shape, with the unreachable environment and its reason', async () => {
    const r = await call(status.GET(get('/api/status'), undefined));
    expect(r.status).toBe(200);
    const body = r.json() as { environments: Array<{ name: string; status: string; error: string | null; behind: number | null }> };
    expect(body.environments.map((e) => e.name)).toEqual(['local', 'staging', 'production']);
    const production = body.environments.find((e) => e.name === 'production')!;
    expect(production.status).toBe('unreachable');
    expect(production.error).toBeTruthy();
    expect(body.environments.find((e) => e.name === 'staging')!.behind).toBe(1);
  });

  it('/api/overview has a row per environment and a sync matrix', async () => {
    const r = await call(overview.GET(get('/api/overview'), undefined));
    expect(r.status).toBe(200);
    const body = r.json() as { environments: Array<{ name: string; behind: number | null }>; matrix: { cells: Array<{ left: string; right: string; state: string; changes: number | null }> } };
    expect(body.environments.find((e) => e.name === 'local')!.behind).toBe(0);
    const localStaging = body.matrix.cells.find((c) => c.left === 'local' && c.right === 'staging')!;
    expect(localStaging.state).toBe('differs');
    expect(localStaging.changes).toBeGreaterThan(0);
  });

  it('/api/environments/[name] shows drift by table; unknown names are 404', async () => {
    const r = await call(environment.GET(get('/api/environments/local'), named('local')));
    expect(r.status).toBe(200);
    const body = r.json() as { drift: Array<{ table: string; changes: Array<{ name: string; change: string }> }> };
    const orders = body.drift.find((g) => g.table === 'public.orders');
    expect(orders?.changes.some((c) => c.name === 'internal_note' && c.change === 'unexpected')).toBe(true);

    const missing = await call(environment.GET(get('/api/environments/nope'), named('nope')));
    expect(missing.status).toBe(404);
    expect((missing.json() as { error: string }).error).toMatch(/no environment named "nope"/);
  });

  it('/api/diff compares an environment with the expected schema; bad refs are 422', async () => {
    const r = await call(diff.GET(get('/api/diff?left=expected:head&right=env:local'), undefined));
    expect(r.status).toBe(200);
    const body = r.json() as { changes: Array<{ name: string; change: string }> };
    expect(body.changes).toContainEqual(expect.objectContaining({ name: 'internal_note', change: 'unexpected' }));

    const bad = await call(diff.GET(get('/api/diff?left=bogus&right=env:local'), undefined));
    expect(bad.status).toBe(422);
    expect((bad.json() as { error: string }).error).toMatch(/left/);
  });

  it('/api/history, /api/events and /api/snapshots read the seeded history', async () => {
    const h = await call(history.GET(get('/api/history/staging'), named('staging')));
    expect(h.status).toBe(200);
    expect((h.json() as { points: unknown[] }).points.length).toBeGreaterThan(1);
    const e = await call(events.GET(get('/api/events?env=production&limit=50'), undefined));
    expect((e.json() as { events: Array<{ type: string }> }).events.map((x) => x.type)).toContain('unreachable');
    const s = await call(snapshots.GET(get('/api/snapshots/staging'), named('staging')));
    expect((s.json() as { snapshots: unknown[] }).snapshots.length).toBeGreaterThan(1);
    const limit = await call(events.GET(get('/api/events?limit=0'), undefined));
    expect(limit.status).toBe(422);
  });

  it('/api/plan builds the staging plan as JSON and as Markdown', async () => {
    const r = await call(plan.GET(get('/api/plan?env=staging&target=head'), undefined));
    expect(r.status).toBe(200);
    expect((r.json() as { steps: Array<{ id: string }> }).steps.map((s) => s.id)).toEqual(['a6c3e9d2b814']);
    const md = await plan.GET(get('/api/plan?env=staging&target=head&format=markdown'), undefined);
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    const text = await md.text();
    bodies.push(text);
    expect(text).toContain('# Migration plan: staging → a6c3e9d2b814');
    const unknown = await call(plan.GET(get('/api/plan?env=staging&target=zzzz'), undefined));
    expect(unknown.status).toBe(422);
  });

  it('/api/repair builds a verified script from stored reads, never touching the environment', async () => {
    const ctx = await getAppContext();
    const before = await ctx.poller.pollNow('local');
    const r = await call(repair.GET(get('/api/repair?env=local'), undefined));
    expect(r.status).toBe(200);
    const body = r.json() as { verified: boolean; statements: Array<{ object: string; purpose: string; commented: boolean }> };
    expect(body.verified).toBe(true);
    expect(body.statements).toContainEqual(expect.objectContaining({ object: 'public.orders.internal_note', purpose: 'drop-unexpected', commented: true }));
    const sql = await repair.GET(get('/api/repair?env=local&format=sql'), undefined);
    expect(sql.headers.get('content-disposition')).toMatch(/driftboard-repair-local-to-expected\.sql/);
    bodies.push(await sql.text());
    const after = await ctx.poller.pollNow('local');
    expect(after.recorded && before.recorded && after.events).toEqual([]); // no change recorded: the schema is as it was
    expect((await call(repair.GET(get('/api/repair?env=production'), undefined))).status).toBe(422); // never read
  });

  it('no response carries a connection URL or the password of a configured environment', () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) {
      expect(body).not.toContain(UNREACHABLE_PASSWORD);
      expect(body).not.toMatch(/postgres(ql)?:\/\//);
      expect(body).not.toContain('pglite://');
    }
  });
});
