/**
 * The models in the dashboard (diff side, history counts, sync matrix), in-process: a project whose migration forgot the mixin columns, with a
 * model column of a type the static reader cannot resolve, polled once on real PostgreSQL.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopApp } from '../testing/in-process-app';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { runAlembic } from '../testing/alembic';

const FIXTURE = path.resolve(__dirname, '../../fixtures/models/mixins');
const root = await mkdtemp(path.join(tmpdir(), 'driftboard-diff-models-'));
process.env.DRIFTBOARD_DATA_DIR = path.join(root, 'store');
process.env.DRIFTBOARD_CONFIG = path.join(root, 'driftboard.config.json');
delete process.env.DRIFTBOARD_DEMO_UNREACHABLE;

const { getAppContext } = await import('./context');
const { getDiff, getDiffChoices } = await import('./diff');
const { refSchema } = await import('./refs');
const { getHistory } = await import('./history');
const { getOverview } = await import('./overview');
const { cellBetween } = await import('./overview-matrix');
const { listPolls, recordCheck } = await import('../store');
const { fixtureCheck } = await import('../store/fixtures.test-helpers');
const { hasModelDrift } = await import('../../components/history/model-line');
let db: TestDatabase;

const names = (changes: Array<{ change: string; kind: string; schema: string; table: string | null; name: string }>) =>
  changes.map((c) => `${c.change} ${c.kind} ${[c.schema, c.table, c.name].filter(Boolean).join('.')}`);

beforeAll(async () => {
  await cp(path.join(FIXTURE, 'app'), path.join(root, 'app'), { recursive: true });
  await writeFile(
    path.join(root, 'app', 'known.py'),
    ['from sqlalchemy import Column, Integer', 'from somewhere import MysteryType', 'from .base import Base', 'class Known(Base):', '    __tablename__ = "known"', '    id = Column(Integer, primary_key=True)', '    blob = Column(MysteryType(), nullable=False)', ''].join('\n'),
  );
  db = await createTestDatabase('dbt_diff_models');
  await runAlembic(path.join(FIXTURE, 'migrations'), db.url, 'upgrade', 'head');
  // A table the migrations never made (create_all style), a type the reader cannot know, and a view models cannot declare.
  await db.exec(`CREATE TABLE known (id serial PRIMARY KEY, blob bytea NOT NULL); CREATE VIEW partner_names AS SELECT name FROM partners;`);
  await writeFile(
    process.env.DRIFTBOARD_CONFIG!,
    JSON.stringify({
      migrations: { tool: 'alembic', path: path.join(FIXTURE, 'migrations') },
      models: { orm: 'sqlalchemy', path: path.join(root, 'app') },
      environments: [{ name: 'local', url: db.url }],
    }),
  );
  const ctx = await getAppContext();
  await ctx.poller.pollNow('local');
}, 240_000);

afterAll(async () => {
  await stopApp();
  await db?.drop();
  await rm(root, { recursive: true, force: true });
});

describe('models as a diff side', () => {
  it('models:current parses and round-trips; other models refs are refused by name', async () => {
    const { formatRef } = await import('./refs');
    expect(refSchema.parse('models:current')).toEqual({ type: 'models', at: 'current' });
    expect(formatRef(refSchema.parse('models:current'))).toBe('models:current');
    expect(refSchema.safeParse('models:main').error?.issues[0].message).toMatch(/models:current/);
  });

  it('is offered when the config has models', async () => {
    expect((await getDiffChoices()).models).toEqual({ orm: 'sqlalchemy' });
  });

  it('models → environment: the forgotten mixin columns, no view noise, the unresolved type not compared but listed', async () => {
    const d = await getDiff({ type: 'models', at: 'current' }, { type: 'env', name: 'local' });
    expect(d.left.key).toBe('models:current');
    expect(d.left.label).toMatch(/^models now \(sqlalchemy, 3 classes\)$/);
    expect(names(d.changes)).toEqual(['missing column public.partner_files.deleted_at', 'missing column public.partner_files.updated_at']);
    // blob's type is bytea in the database and unknown to the models: not compared, and said so.
    expect(d.unchecked).toEqual([expect.objectContaining({ kind: 'column', table: 'known', name: 'blob', attribute: 'type', file: expect.stringMatching(/known\.py$/), line: 7 })]);
    expect(d.identical).toBe(false);
  });

  it('environment → models (models on the right): the same changes seen from the other side', async () => {
    const d = await getDiff({ type: 'env', name: 'local' }, { type: 'models', at: 'current' });
    expect(names(d.changes)).toEqual(['unexpected column public.partner_files.deleted_at', 'unexpected column public.partner_files.updated_at']);
    expect(d.unchecked.map((u) => `${u.table}.${u.name} ${u.attribute}`)).toEqual(['known.blob type']);
  });

  it('expected at head → models: the table no migration creates, and the mixin columns', async () => {
    const d = await getDiff({ type: 'expected', version: 'head' }, { type: 'models', at: 'current' });
    expect(names(d.changes)).toEqual(['unexpected table public.known', 'unexpected column public.partner_files.deleted_at', 'unexpected column public.partner_files.updated_at']);
    // known is not on the expected side: its unverified type is part of a table-level change, not listed apart.
    expect(d.unchecked).toEqual([]);
  });

  it('models → models is identical', async () => {
    const d = await getDiff({ type: 'models', at: 'current' }, { type: 'models', at: 'current' });
    expect(d.changes).toEqual([]);
    expect(d.identical).toBe(true);
  });
});

describe('model drift in the history', () => {
  it('each poll stores its model drift count, and the history points carry it', async () => {
    const h = await getHistory('local');
    expect(h.points.map((p) => [p.driftCount, p.modelDriftCount])).toEqual([[expect.any(Number), 2]]);
    expect(hasModelDrift(h.points)).toBe(true);
  });

  it('a failed model comparison is stored as no count, never as zero; no models is no line', async () => {
    const ctx = await getAppContext();
    const failed = fixtureCheck({ name: 'other' });
    failed.status.modelDrift = { changes: [], unchecked: [], untrackedByMigrations: [], error: 'cannot compare with the models: boom' };
    const compared = fixtureCheck({ name: 'other' });
    compared.status.modelDrift = { changes: [], unchecked: [], untrackedByMigrations: [], error: null };
    const none = fixtureCheck({ name: 'other' });
    await recordCheck(ctx.store, 'other', failed, { at: new Date('2026-01-01T00:00:00Z') });
    await recordCheck(ctx.store, 'other', compared, { at: new Date('2026-01-01T00:01:00Z') });
    await recordCheck(ctx.store, 'other', none, { at: new Date('2026-01-01T00:02:00Z') });
    const polls = await listPolls(ctx.store, 'other', {});
    expect(polls.map((p) => p.modelDriftCount).sort()).toEqual([0, null, null]);
    expect(polls.find((p) => p.startedAt === '2026-01-01T00:01:00.000Z')?.modelDriftCount).toBe(0);
    expect(hasModelDrift(polls.filter((p) => p.modelDriftCount === null))).toBe(false);
  });
});

describe('models in the sync matrix', () => {
  it('is one more side: its distance to each environment is that environment\'s model drift', async () => {
    const { matrix } = await getOverview();
    expect(matrix.models).toBe('models');
    expect(matrix.environments).toEqual(['local', 'models']);
    expect(matrix.cells.map((c) => `${c.left}→${c.right} ${c.state} ${c.changes}`)).toEqual(['local→models differs 2', 'models→local differs 2']);
    expect(cellBetween('models', 'local', matrix.schemaOf, matrix.changes)).toEqual({ left: 'models', right: 'local', state: 'differs', changes: 2 });
  });
});
