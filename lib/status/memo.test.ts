/** The poll's memo: one replay per (version, filter) however many environments share it, one rating per unchanged snapshot. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeShadowTemplate } from '../expected';
import { loadMigrationSet } from '../migrations/load';
import type { MigrationSet } from '../model/migration';
import type { Snapshot } from '../model/schema';
import { memoExpectedSchema, memoRatings } from './memo';

let dir: string;
let set: MigrationSet;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driftboard-memo-'));
  await mkdir(join(dir, 'sql'));
  await writeFile(join(dir, 'sql', 'V1__users.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n');
  await writeFile(join(dir, 'sql', 'V2__orders.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;\n');
  set = await loadMigrationSet({ tool: 'sql', path: join(dir, 'sql') } as never);
});

afterAll(async () => {
  await closeShadowTemplate();
  await rm(dir, { recursive: true, force: true });
});

describe('memoExpectedSchema', () => {
  it('answers every environment at one version and filter from one build, and builds apart per version and filter', async () => {
    const v1 = memoExpectedSchema(set, new Set(['1']), { schemas: null });
    expect(memoExpectedSchema(set, new Set(['1']), { schemas: null })).toBe(v1);
    const both = memoExpectedSchema(set, new Set(['1', '2']), { schemas: null });
    expect(both).not.toBe(v1);
    const filtered = memoExpectedSchema(set, new Set(['1']), { schemas: ['public'] });
    expect(filtered).not.toBe(v1);
    expect(memoExpectedSchema(set, new Set(['1']), { schemas: ['public'] })).toBe(filtered);
    expect((await v1).model.tables.map((t) => t.name)).toEqual(['users']);
    expect((await both).model.tables.map((t) => t.name).sort()).toEqual(['orders', 'users']);
  });

  it('replays once without a filter and cuts it down per filter', async () => {
    const applied = new Set(['1', '2']);
    const filters = [['public'], ['public', 'other'], ['other']];
    const cut = await Promise.all(filters.map((schemas) => memoExpectedSchema(set, applied, { schemas })));
    const whole = await memoExpectedSchema(set, applied, { schemas: null });
    // The same objects as the unfiltered result: derived from it, not replayed again.
    expect(cut[0].model.tables[0]).toBe(whole.model.tables[0]);
    expect(cut[1].model.tables).toEqual(whole.model.tables);
    expect(cut[2].model.tables).toEqual([]);
    expect(cut[2].model.schemas).toEqual([]);
  });
});

describe('memoRatings', () => {
  const snapshot = (rows: number): Snapshot =>
    ({
      hash: 'h1',
      serverVersion: 150000,
      schema: { tables: [] },
      stats: [{ schema: 'public', table: 'users', rows, bytes: rows * 100, analyzed: true }],
      takenAt: new Date().toISOString(),
    }) as unknown as Snapshot;

  it('rates an unchanged snapshot once, and again when the table statistics change', async () => {
    const pending = set.migrations.filter((m) => m.id === '2');
    const first = memoRatings(set, pending, snapshot(10));
    expect(memoRatings(set, pending, snapshot(10))).toBe(first);
    const bigger = memoRatings(set, pending, snapshot(50_000_000));
    expect(bigger).not.toBe(first);
    expect((await first).map((r) => r.id)).toEqual(['2']);
    expect(await memoRatings(set, [], snapshot(10))).toEqual([]);
  });
});
