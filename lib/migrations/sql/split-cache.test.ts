import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configureExpectedCache } from '../../expected/cache';
import { SplitCache } from './split-cache';

const dirs: string[] = [];
afterEach(async () => {
  configureExpectedCache({ dir: null });
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('SplitCache', () => {
  it('answers a file it has split before from the cache folder, and parses every time without one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftboard-split-'));
    dirs.push(dir);
    configureExpectedCache({ dir });
    const sql = 'create table a (id int);\n\ncreate index a_id on a (id);';
    const first = await SplitCache.open('/project/migrations');
    expect(await first.split(sql, 'V1__a.sql')).toEqual([
      { sql: 'create table a (id int)', line: 1 },
      { sql: 'create index a_id on a (id)', line: 3 },
    ]);
    await first.save();
    // What the folder holds is what a later read answers (so it is read, not parsed again).
    const [file] = (await import('node:fs')).readdirSync(join(dir, 'sql-split-v1')).map((f) => join(dir, 'sql-split-v1', f));
    const stored = JSON.parse(await readFile(file, 'utf8'));
    const hash = Object.keys(stored.entries)[0];
    stored.entries[hash] = [['select 1', 7]];
    await writeFile(file, JSON.stringify(stored));
    expect(await (await SplitCache.open('/project/migrations')).split(sql, 'V1__a.sql')).toEqual([{ sql: 'select 1', line: 7 }]);
    configureExpectedCache({ dir: null });
    expect(await (await SplitCache.open('/project/migrations')).split(sql, 'V1__a.sql')).toHaveLength(2);
  });

  it('ignores a damaged file, and still names a file that does not parse', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'driftboard-split-'));
    dirs.push(dir);
    configureExpectedCache({ dir });
    const cache = await SplitCache.open('/p');
    await cache.split('select 1;', 'V1__a.sql');
    await cache.save();
    const { readdirSync } = await import('node:fs');
    const file = join(dir, 'sql-split-v1', readdirSync(join(dir, 'sql-split-v1'))[0]);
    await writeFile(file, '{not json');
    expect(await (await SplitCache.open('/p')).split('select 1;', 'V1__a.sql')).toEqual([{ sql: 'select 1', line: 1 }]);
    await expect((await SplitCache.open('/p')).split('select from where;', 'V2__b.sql')).rejects.toThrow(/V2__b\.sql:1:/);
  });
});
