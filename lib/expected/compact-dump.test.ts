/** A compacted PGlite dump boots, holds what the shadow held, takes more work and dumps again. */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { compactDump, trimWalSegments } from './compact-dump';

const open: PGlite[] = [];
const boot = async (from?: Blob) => {
  const lite = await PGlite.create(from ? { loadDataDir: from } : {});
  open.push(lite);
  return lite;
};
afterAll(async () => Promise.all(open.map((l) => l.close().catch(() => {}))));

const walSizes = async (lite: PGlite) =>
  (await lite.query<{ name: string; size: number }>(`select name, size::int from pg_ls_waldir() order by name`)).rows;

describe('compactDump', () => {
  it('drops old log segments and trailing zeros, and the dump boots with every table, row and index', async () => {
    const lite = await boot();
    await lite.exec(`CREATE TABLE t (id int PRIMARY KEY, b text); INSERT INTO t SELECT g, repeat('x', 200) FROM generate_series(1, 60000) g;
      CREATE INDEX t_b ON t (b); CREATE TYPE mood AS ENUM ('ok', 'sad')`);
    const plain = await lite.dumpDataDir('none');
    const compact = await compactDump(lite);
    expect(compact.size).toBeLessThan(plain.size - 16 * 1024 * 1024);

    const again = await boot(compact);
    expect((await again.query<{ n: number }>('select count(*)::int n from t')).rows[0].n).toBe(60000);
    expect((await again.query<{ n: string }>(`select count(*)::text n from pg_indexes where indexname = 't_b'`)).rows[0].n).toBe('1');
    // One segment, cut short: PostgreSQL writes on past its end, across into new segments.
    const [segment, ...others] = await walSizes(again);
    expect(others).toEqual([]);
    expect(segment.size).toBeLessThan(16 * 1024 * 1024);
    await again.exec(`ALTER TYPE mood ADD VALUE 'glad'; INSERT INTO t SELECT g, repeat('y', 200) FROM generate_series(60001, 150000) g`);
    const third = await boot(await compactDump(again));
    expect((await third.query<{ n: number }>('select count(*)::int n from t')).rows[0].n).toBe(150000);
    expect((await third.query<{ v: string[] }>(`select enum_range(null::mood)::text[] v`)).rows[0].v).toEqual(['ok', 'sad', 'glad']);
  });

  it('leaves a tar it does not recognise as it was', () => {
    const junk = new Uint8Array(4096).fill(7);
    expect(trimWalSegments(junk)).toBe(junk);
  });
});
