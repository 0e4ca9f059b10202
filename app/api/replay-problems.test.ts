/**
 * A project whose applied migration cannot be replayed: the environment stays `ok` and the environment
 * page data, the plan JSON and the plan Markdown all name the replay problem (file:line, error).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, stopApp } from '../../lib/testing/in-process-app';
import { createTestDatabase, type TestDatabase } from '../../lib/testing/pg-test-db';
import { runAlembic, writeAlembicProject } from '../../lib/testing/alembic';
import { SCENARIO_MIGRATIONS } from '../../lib/status/scenario.test-helpers';

const root = await mkdtemp(path.join(tmpdir(), 'driftboard-api-replay-'));
const versions = path.join(root, 'versions');
process.env.DRIFTBOARD_DATA_DIR = path.join(root, 'store');
process.env.DRIFTBOARD_CONFIG = path.join(root, 'driftboard.config.json');
delete process.env.DRIFTBOARD_DEMO_UNREACHABLE;

const { getAppContext } = await import('../../lib/app/context');
const environment = await import('./environments/[name]/route');
const plan = await import('./plan/route');

let db: TestDatabase;

beforeAll(async () => {
  await writeAlembicProject(versions, [
    ...SCENARIO_MIGRATIONS,
    { rev: 'f6000000006', down: 'e5000000005', message: 'touch a table that does not exist', upgrade: `op.execute("ALTER TABLE nowhere ADD COLUMN x integer")` },
  ]);
  db = await createTestDatabase('dbt_api_replay');
  await runAlembic(versions, db.url, 'upgrade', 'e5000000005');
  // Applied elsewhere (by hand, on a database that had the table): the version table says f6.
  await db.exec(`UPDATE alembic_version SET version_num = 'f6000000006'`);
  await writeFile(
    process.env.DRIFTBOARD_CONFIG!,
    JSON.stringify({ migrations: { tool: 'alembic', path: versions }, environments: [{ name: 'staging', url: db.url }] }),
  );
  const ctx = await getAppContext();
  await ctx.poller.pollNow('staging');
}, 240_000);

afterAll(async () => {
  await stopApp();
  await db?.drop();
  await rm(root, { recursive: true, force: true });
});

describe('replay problems in the app', () => {
  it('/api/environments/[name] is ok and lists the replay problem next to the drift', async () => {
    const r = await environment.GET(get('/api/environments/staging'), { params: Promise.resolve({ name: 'staging' }) });
    expect(r.status).toBe(200);
    const body = (await r.json()) as {
      environment: { status: string };
      drift: unknown[];
      replayProblems: Array<{ migrationId: string; file: string; line: number; error: string }>;
      unverified: unknown[];
    };
    expect(body.environment.status).toBe('ok');
    expect(body.drift).toEqual([]);
    expect(body.replayProblems).toEqual([
      expect.objectContaining({ migrationId: 'f6000000006', file: expect.stringMatching(/f6000000006.*\.py$/), error: 'relation "nowhere" does not exist' }),
    ]);
    expect(body.replayProblems[0].line).toBeGreaterThan(0);
    expect(body.unverified).toEqual([]);
  });

  it('/api/plan carries the replay problem, as JSON and in the Markdown', async () => {
    const r = await plan.GET(get('/api/plan?env=staging&target=head&format=json'), undefined);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { replayProblems: Array<{ file: string; line: number }>; warnings: string[] };
    expect(body.replayProblems).toHaveLength(1);
    expect(body.warnings.join('\n')).toMatch(/1 statement of the applied migrations could not be replayed/);
    const md = await (await plan.GET(get('/api/plan?env=staging&target=head&format=markdown'), undefined)).text();
    const p = body.replayProblems[0];
    expect(md).toContain('## Replay problems');
    expect(md).toContain(`\`${p.file}:${p.line}\` (f6000000006): relation "nowhere" does not exist`);
  });
});
