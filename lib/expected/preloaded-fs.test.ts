/** A PGlite booted from a dump through preloadedMemoryFs holds what one booted with loadDataDir holds. */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { compactDump } from './compact-dump';
import { preloadedMemoryFs } from './preloaded-fs';

const open: PGlite[] = [];
afterAll(async () => Promise.all(open.map((l) => l.close().catch(() => {}))));
const track = (l: PGlite) => (open.push(l), l);
const bytes = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

const CONTENT = `select (select count(*)::int from t) as rows, (select string_agg(indexname, ',' order by indexname) from pg_indexes where tablename = 't') as indexes,
  (select string_agg(attname, ',' order by attnum) from pg_attribute where attrelid = 't'::regclass and attnum > 0) as columns`;

describe('preloadedMemoryFs', () => {
  it('boots a dump with every table, row and index, takes writes, and dumps again', async () => {
    const source = track(await PGlite.create());
    await source.exec(`CREATE SCHEMA app; CREATE TABLE t (id int PRIMARY KEY, b text, j jsonb); CREATE INDEX t_b ON t (b);
      INSERT INTO t SELECT g, repeat('x', 3000), '{}' FROM generate_series(1, 2000) g`);
    const dump = await compactDump(source);
    const viaLoad = track(await PGlite.create({ loadDataDir: dump }));
    const fs = preloadedMemoryFs(await bytes(dump));
    expect(fs).not.toBeNull();
    const viaPreload = track(await PGlite.create({ fs: fs! }));
    const expected = (await viaLoad.query(CONTENT)).rows;
    expect((await viaPreload.query(CONTENT)).rows).toEqual(expected);
    expect(expected).toEqual([{ rows: 2000, indexes: 't_b,t_pkey', columns: 'id,b,j' }]);

    await viaPreload.exec(`ALTER TABLE t ADD COLUMN c int; INSERT INTO t SELECT g, 'y', null, 1 FROM generate_series(2001, 5000) g; CREATE TABLE app.u (id int)`);
    const again = track(await PGlite.create({ fs: preloadedMemoryFs(await bytes(await compactDump(viaPreload)))! }));
    expect((await again.query(CONTENT)).rows).toEqual([{ rows: 5000, indexes: 't_b,t_pkey', columns: 'id,b,j,c' }]);
    expect((await again.query(`select count(*)::int n from pg_tables where schemaname = 'app'`)).rows).toEqual([{ n: 1 }]);
  });

  it('declines what is not a PGlite data folder (the caller then uses loadDataDir)', async () => {
    expect(preloadedMemoryFs(new Uint8Array(4096).fill(3))).toBeNull();
    // An empty archive (no PG_VERSION), and a dump with one header damaged.
    expect(preloadedMemoryFs(new Uint8Array(1024))).toBeNull();
    const dump = await bytes(await compactDump(track(await PGlite.create())));
    expect(preloadedMemoryFs(dump)).not.toBeNull();
    dump[0] ^= 0x20;
    expect(preloadedMemoryFs(dump)).toBeNull();
  });
});
