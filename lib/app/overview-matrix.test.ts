import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, recordCheck, type Store } from '../store';
import { pairKey, storedDiffCounts } from '../store/diff-counts';
import { fixtureCheck, fixtureSchema, hashOf } from '../store/fixtures.test-helpers';
import type { AppContext } from './context';
import { buildMatrix, cellBetween, groupByNamePattern, MATRIX_CELLS_UP_TO } from './overview-matrix';
import { changeCountsAmong } from './schemas';

describe('the sync matrix', () => {
  it('groups by the name before the first - or . and sorts groups and members', () => {
    expect(groupByNamePattern(['eu-prod', 'us.prod', 'eu.staging', 'local', 'us-dev', '-odd'])).toEqual([
      { name: '-odd', environments: ['-odd'] },
      { name: 'eu', environments: ['eu-prod', 'eu.staging'] },
      { name: 'local', environments: ['local'] },
      { name: 'us', environments: ['us-dev', 'us.prod'] },
    ]);
  });

  it('asks for counts only between distinct hashes; equal hashes are same, no hash is unknown', () => {
    const asked: string[] = [];
    const m = buildMatrix(
      [
        { name: 'a', schemaHash: 'h1' },
        { name: 'b', schemaHash: 'h1' },
        { name: 'c', schemaHash: 'h2' },
        { name: 'd', schemaHash: null },
      ],
      (l, r) => (asked.push(`${l}>${r}`), l === 'h1' ? 3 : null),
    );
    expect(asked.sort()).toEqual(['h1>h2', 'h2>h1']);
    expect(m.schemaOf).toEqual({ a: 0, b: 0, c: 1, d: null });
    expect(m.changes).toEqual([[0, 3], [null, 0]]);
    const cell = (l: string, r: string) => m.cells.find((c) => c.left === l && c.right === r);
    expect(cell('a', 'b')).toEqual({ left: 'a', right: 'b', state: 'same', changes: 0 });
    expect(cell('a', 'c')).toEqual({ left: 'a', right: 'c', state: 'differs', changes: 3 });
    expect(cell('c', 'a')).toEqual({ left: 'c', right: 'a', state: 'unknown', changes: null });
    expect(cell('a', 'd')?.state).toBe('unknown');
    expect(m.cells).toHaveLength(12);
    expect(m.grouped).toBe(false);
  });

  it(`over ${MATRIX_CELLS_UP_TO} environments lists no cells: the compact form answers every pair`, () => {
    const envs = Array.from({ length: 200 }, (_, i) => ({ name: `tenant-${String(i).padStart(3, '0')}`, schemaHash: i % 50 === 0 ? 'new' : 'old' }));
    const m = buildMatrix(envs, () => 7);
    expect(m.grouped).toBe(true);
    expect(m.cells).toEqual([]);
    expect(m.changes).toEqual([[0, 7], [7, 0]]);
    expect(m.groups).toEqual([{ name: 'tenant', environments: envs.map((e) => e.name) }]);
    expect(cellBetween('tenant-000', 'tenant-001', m.schemaOf, m.changes)).toEqual({ left: 'tenant-000', right: 'tenant-001', state: 'differs', changes: 7 });
    expect(cellBetween('tenant-001', 'tenant-002', m.schemaOf, m.changes).state).toBe('same');
  });
});

describe('change counts between stored schemas', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'driftboard-diffcounts-'));
    store = await openStore({ databaseUrl: null, dataDir: join(dir, 'store') });
  });
  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('are computed once, kept in the store (read back by a fresh process cache), unknown for a missing schema', async () => {
    const small = fixtureSchema(3);
    const wider = fixtureSchema(3, 'note');
    await recordCheck(store, 'a', fixtureCheck({ name: 'a', schema: small }));
    await recordCheck(store, 'b', fixtureCheck({ name: 'b', schema: wider }));
    const [h1, h2] = [hashOf(small), hashOf(wider)];
    const ctx = () => ({ store, caches: { diffCounts: new Map<string, number>() } }) as unknown as AppContext;

    const first = await changeCountsAmong(ctx(), [h1, h2, h1, 'not-stored']);
    expect(first.get(pairKey(h1, h2))).toBeGreaterThan(0);
    expect(first.get(pairKey(h1, h2))).toBe(first.get(pairKey(h2, h1)));
    expect(first.has(pairKey(h1, 'not-stored'))).toBe(false);

    const stored = await storedDiffCounts(store, [h1, h2, 'not-stored']);
    expect([...stored.keys()].sort()).toEqual([pairKey(h1, h2), pairKey(h2, h1)].sort());

    // A fresh process: the count comes from the store, not a new diff (a planted value proves which).
    await store.prisma.diffCount.update({ where: { leftHash_rightHash: { leftHash: h1, rightHash: h2 } }, data: { changes: 99 } });
    expect((await changeCountsAmong(ctx(), [h1, h2])).get(pairKey(h1, h2))).toBe(99);
  });
});
