/**
 * The migration × environment view on the real embedded demo: real PGlite databases brought to their
 * drifted states by the bundled Alembic project, one real poll each, read back from a fresh history store
 * through lib/app and the API route.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopApp } from '../testing/in-process-app';

const dataDir = await mkdtemp(path.join(tmpdir(), 'driftboard-matrix-'));
process.env.DRIFTBOARD_DATA_DIR = dataDir;
// Its own demo databases: the shared cache is a folder other processes open (and may have changed).
process.env.DRIFTBOARD_DEMO_CACHE_DIR = 'off';
delete process.env.DRIFTBOARD_DEMO_UNREACHABLE;
delete process.env.DRIFTBOARD_CONFIG;

const { getAppContext } = await import('./context');
const { getMigrationMatrix, getMigrationCell } = await import('./migrations-matrix');
const { DEMO_REVISIONS, DEMO_HEAD, GHOST_MIGRATION, GHOST_COLUMNS } = await import('../demo/scenario');
const api = await import('../../app/api/migrations/route');

const NOW = new Date('2026-01-01T00:00:00Z');

beforeAll(async () => {
  const ctx = await getAppContext();
  await Promise.all(ctx.config.environments.map((e) => ctx.poller.pollNow(e.name)));
}, 240_000);

afterAll(async () => {
  await stopApp();
  await rm(dataDir, { recursive: true, force: true });
});

const cellOf = (m: Awaited<ReturnType<typeof getMigrationMatrix>>, env: string, id: string) =>
  m.rows.find((r) => r.id === id)!.cells.find((c) => c.environment === env)!;

describe('migration × environment matrix on the demo', () => {
  it('lists every migration newest first with its file and Create Date', async () => {
    const m = await getMigrationMatrix(NOW);
    expect(m.rows.map((r) => r.id)).toEqual([...DEMO_REVISIONS].reverse());
    expect(m.columns.map((c) => c.environment)).toEqual(['local', 'staging', 'production']);
    const head = m.rows[0];
    expect(head.id).toBe(DEMO_HEAD);
    expect(head.file).toBe('lib/demo/project/versions/a6c3e9d2b814_soft_delete_orders.py');
    expect(head.authoredAt).toBe('2024-05-21T15:16:38.004Z');
    expect(head.authoredNote).toBe('no time zone in the file: read as UTC');
  });

  it("shows production's ghost, staging's pending migration and local at head", async () => {
    const m = await getMigrationMatrix(NOW);
    const ghost = cellOf(m, 'production', GHOST_MIGRATION);
    expect(ghost.state).toBe('applied-but-missing');
    expect(ghost.missing).toEqual(GHOST_COLUMNS.map((c) => `public.users.${c}`).sort());

    const stagingHead = cellOf(m, 'staging', DEMO_HEAD);
    expect(stagingHead.state).toBe('pending');
    expect(stagingHead.risk).not.toBeNull();
    expect(cellOf(m, 'staging', DEMO_REVISIONS[8]).state).toBe('applied');

    // production: four pending, six applied of which one is the ghost.
    const production = DEMO_REVISIONS.map((id) => cellOf(m, 'production', id).state);
    expect(production).toEqual([...Array(4).fill('applied'), 'applied-but-missing', 'applied', ...Array(4).fill('pending')]);
    expect(DEMO_REVISIONS.every((id) => cellOf(m, 'local', id).state === 'applied')).toBe(true);
  });

  it('says how many behind and for how many days, from the oldest pending Create Date', async () => {
    const m = await getMigrationMatrix(NOW);
    const staging = m.columns.find((c) => c.environment === 'staging')!;
    expect(staging.behind).toBe(1);
    expect(staging.oldestPendingId).toBe(DEMO_HEAD);
    // 2024-05-21T15:16 → 2026-01-01T00:00 is 589 whole days.
    expect(staging.daysBehind).toBe(589);
    expect(staging.summary).toBe('1 behind, for 589 days');
    const production = m.columns.find((c) => c.environment === 'production')!;
    expect(production.oldestPendingId).toBe('b3f9d0e6a471'); // Create Date 2024-04-09
    expect(production.summary).toMatch(/^4 behind, for \d+ days$/);
    expect(production.daysBehind).toBeGreaterThan(staging.daysBehind!);
    expect(m.columns.find((c) => c.environment === 'local')!.summary).toBe('up to date');
  });

  it("opens a pending cell's findings and a ghost's missing objects; unknown names are 404", async () => {
    const pending = await getMigrationCell('production', '5d8a2c7f1e39', NOW);
    expect(pending.cell.state).toBe('pending');
    expect(pending.findings.some((f) => f.rule === 'create-index-not-concurrently')).toBe(true);

    const ghost = await api.GET(new Request(`http://localhost/api/migrations?env=production&migration=${GHOST_MIGRATION}`), undefined);
    expect(ghost.status).toBe(200);
    const body = (await ghost.json()) as { cell: { state: string; missing: string[] } };
    expect(body.cell.state).toBe('applied-but-missing');
    expect(body.cell.missing).toContain('public.users.avatar_url');

    expect((await api.GET(new Request('http://localhost/api/migrations?env=nowhere&migration=x'), undefined)).status).toBe(404);
    expect((await api.GET(new Request('http://localhost/api/migrations?env=production&migration=nope'), undefined)).status).toBe(404);
    expect((await api.GET(new Request('http://localhost/api/migrations?env=production'), undefined)).status).toBe(422);
  });

  it('serves the matrix as JSON at /api/migrations', async () => {
    const r = await api.GET(new Request('http://localhost/api/migrations'), undefined);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { rows: Array<{ id: string; file: string }>; columns: Array<{ summary: string }> };
    expect(body.rows).toHaveLength(DEMO_REVISIONS.length);
    expect(body.rows.every((row) => !path.isAbsolute(row.file))).toBe(true);
  });
});
