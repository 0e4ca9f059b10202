import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireDataLock, DataFolderLockedError } from '../store/data-lock';
import type { DataLock } from '../store/data-lock';
import { DEMO_BUILD_VERSION } from './build';
import { DEMO_SCENARIO } from './scenario';
import type { DemoEnvironment } from './scenario';

/**
 * The demo's built databases, kept on disk between starts: building them (a million event rows) takes tens
 * of seconds, reopening a PGlite folder takes about one. One folder per key — a hash of the bundled
 * project's files, the scenario and DEMO_BUILD_VERSION — so a changed project is rebuilt, never served stale.
 * A process holds the folder it serves (the data folder lock); a second process builds its own in memory.
 */
const COMPLETE = 'complete';

/** DRIFTBOARD_DEMO_CACHE_DIR, "off" for none; default data/demo-databases (apart from the history store). */
export function demoCacheRoot(): string | null {
  const dir = process.env.DRIFTBOARD_DEMO_CACHE_DIR;
  if (dir === 'off') return null;
  return resolve(dir || 'data/demo-databases');
}

export async function demoCacheKey(versionsDir: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`build ${DEMO_BUILD_VERSION}\n${JSON.stringify(DEMO_SCENARIO)}\n`);
  for (const name of (await readdir(versionsDir)).filter((n) => n.endsWith('.py')).sort()) {
    hash.update(`${name}\n`);
    hash.update(await readFile(join(versionsDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

export interface CachedDemo {
  databases: Map<DemoEnvironment, PGlite>;
  lock: DataLock;
}

/** A saved set of databases this process now holds (the lock), not opened yet. */
export interface ClaimedDemo {
  dir: string;
  lock: DataLock;
}

/**
 * Takes the cached databases of `key` for this process: null when there are none yet, the set is not
 * complete, or another process serves them. Nothing is opened: see openCachedDatabase.
 */
export async function claimCachedDemo(root: string, key: string, envs: readonly DemoEnvironment[]): Promise<ClaimedDemo | null> {
  const dir = join(root, key);
  if (!existsSync(join(dir, COMPLETE))) return null;
  // PGlite.create on a missing folder makes an EMPTY database: a cache without every environment is not one.
  if (envs.some((env) => !existsSync(join(dir, env, 'PG_VERSION')))) return null;
  try {
    return { dir, lock: await acquireDataLock(dir) };
  } catch (err) {
    if (err instanceof DataFolderLockedError) {
      console.log(`driftboard: demo databases in ${dir} are served by pid ${err.holder.pid}; building this process's own`);
      return null;
    }
    throw err;
  }
}

/**
 * Opens one claimed database; throws when it does not open or is not the database that was saved (every
 * demo environment has its version table).
 */
export async function openCachedDatabase(claim: ClaimedDemo, env: DemoEnvironment): Promise<PGlite> {
  const db = await PGlite.create(join(claim.dir, env));
  try {
    const { rows } = await db.query<{ ok: boolean }>(`select to_regclass('public.alembic_version') is not null as ok`);
    if (!rows[0]?.ok) throw new Error(`the ${env} database has no alembic_version table`);
    return db;
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

/**
 * A claimed set found damaged while being served: it is no longer complete, so the next start rebuilds and
 * saves it again (its folders stay until then: this process may be serving the others).
 */
export async function markCacheDamaged(claim: ClaimedDemo, reason: string): Promise<void> {
  console.error(`driftboard: cannot reopen the demo databases in ${claim.dir} (${reason}); building this one in memory, the next start rebuilds them`);
  await rm(join(claim.dir, COMPLETE), { force: true });
}

/**
 * Reopens the cached databases of `key` at once; null when there are none yet, another process serves
 * them, or they do not open (a PGlite upgrade, a damaged folder: those are removed and rebuilt).
 */
export async function openCachedDemo(root: string, key: string, envs: readonly DemoEnvironment[]): Promise<CachedDemo | null> {
  const claim = await claimCachedDemo(root, key, envs);
  if (!claim) return null;
  const databases = new Map<DemoEnvironment, PGlite>();
  try {
    for (const env of envs) databases.set(env, await openCachedDatabase(claim, env));
    return { databases, lock: claim.lock };
  } catch (err) {
    for (const db of databases.values()) await db.close().catch(() => {});
    await claim.lock.release();
    console.error(`driftboard: cannot reopen the demo databases in ${claim.dir} (${(err as Error).message}); rebuilding them`);
    await rm(claim.dir, { recursive: true, force: true });
    return null;
  }
}

/**
 * Writes freshly built in-memory databases to the cache as `key` (into a temporary folder, renamed when
 * complete, so a crash leaves no half cache), and removes other keys' folders no process holds.
 */
export async function saveDemoCache(root: string, key: string, databases: Map<DemoEnvironment, PGlite>): Promise<void> {
  const dir = join(root, key);
  const tmp = join(root, `${key}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    for (const [env, db] of databases) {
      const dump = await db.dumpDataDir('none');
      const copy = await PGlite.create(join(tmp, env), { loadDataDir: dump });
      await copy.close();
    }
    await writeFile(join(tmp, COMPLETE), `${new Date().toISOString()}\n`);
    if (existsSync(join(dir, COMPLETE))) return; // another process saved the same key first
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  await removeOtherKeys(root, key);
}

/** Other keys no process holds, and half-written folders of processes that died while saving. */
async function removeOtherKeys(root: string, key: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (name === key) continue;
    const saver = /\.tmp-(\d+)$/.exec(name);
    if (saver) {
      if (!isRunning(Number(saver[1]))) await rm(join(root, name), { recursive: true, force: true });
      continue;
    }
    const lock = await acquireDataLock(join(root, name)).catch(() => null);
    if (!lock) continue; // served by a live process
    await rm(join(root, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
