import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { claimCachedDemo, demoCacheKey, markCacheDamaged, openCachedDatabase, openCachedDemo, saveDemoCache } from './cache';
import { demoMigrationsPath } from './index';

const dirs: string[] = [];
const dbs: PGlite[] = [];

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.close().catch(() => {});
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'driftboard-demo-cache-'));
  dirs.push(dir);
  return dir;
}

async function smallDatabase(marker: string): Promise<PGlite> {
  const db = await PGlite.create();
  dbs.push(db);
  await db.exec(`CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); CREATE TABLE marker (v text); INSERT INTO marker VALUES ('${marker}')`);
  return db;
}

describe('demo database cache', () => {
  it('is keyed by the bundled project: same files, same key; one changed file, another key', async () => {
    const copy = join(await tempDir(), 'versions');
    await cp(demoMigrationsPath(), copy, { recursive: true });
    const key = await demoCacheKey(copy);
    expect(await demoCacheKey(copy)).toBe(key);
    expect(await demoCacheKey(demoMigrationsPath())).toBe(key);
    const file = (await readdir(copy)).filter((n) => n.endsWith('.py')).sort()[0];
    await appendFile(join(copy, file), '\n# edited\n');
    expect(await demoCacheKey(copy)).not.toBe(key);
  });

  it('reopens what was saved; a second holder gets null; other keys are removed', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'oldkey'), { recursive: true });
    expect(await openCachedDemo(root, 'k1', ['staging'])).toBeNull(); // nothing saved yet

    const built = new Map([['staging', await smallDatabase('staging')]] as const);
    await saveDemoCache(root, 'k1', new Map(built));
    expect((await readdir(root)).sort()).toEqual(['k1']);

    const cached = await openCachedDemo(root, 'k1', ['staging']);
    expect(cached).not.toBeNull();
    for (const db of cached!.databases.values()) dbs.push(db);
    const { rows } = await cached!.databases.get('staging')!.query<{ v: string }>('SELECT v FROM marker');
    expect(rows).toEqual([{ v: 'staging' }]);

    // Held by this process now: another opener must build its own rather than share the folders.
    expect(await openCachedDemo(root, 'k1', ['staging'])).toBeNull();

    for (const db of cached!.databases.values()) await db.close();
    await cached!.lock.release();
    const again = await openCachedDemo(root, 'k1', ['staging']);
    expect(again).not.toBeNull();
    for (const db of again!.databases.values()) dbs.push(db);
    expect(existsSync(join(root, 'k1', 'staging'))).toBe(true);
  }, 240_000); // four PGlite starts: seconds each on a loaded machine

  it('claims a saved set without opening it; a damaged database is refused and the set no longer reused', async () => {
    const root = await tempDir();
    const damaged = await PGlite.create();
    dbs.push(damaged);
    await damaged.exec('CREATE TABLE marker (v text)'); // no alembic_version: not a saved demo database
    await saveDemoCache(root, 'k2', new Map([['staging', await smallDatabase('staging')], ['production', damaged]] as const));

    const claim = await claimCachedDemo(root, 'k2', ['staging', 'production']);
    expect(claim).not.toBeNull();
    expect(await claimCachedDemo(root, 'k2', ['staging'])).toBeNull(); // held by this process
    const staging = await openCachedDatabase(claim!, 'staging');
    dbs.push(staging);
    expect((await staging.query<{ v: string }>('SELECT v FROM marker')).rows).toEqual([{ v: 'staging' }]);
    await expect(openCachedDatabase(claim!, 'production')).rejects.toThrow(/production database has no alembic_version/);

    await markCacheDamaged(claim!, 'production: no alembic_version');
    await claim!.lock.release();
    expect(await claimCachedDemo(root, 'k2', ['staging', 'production'])).toBeNull(); // the next start rebuilds
  }, 240_000);
});
