import { mkdir, open, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One process per PGlite data folder. PGlite has no locking of its own: a second process on the same folder
 * runs on its own copy of the pages and one of the two silently loses what it writes (polls). The holder
 * writes `driftboard.lock` (pid, host, process start) with O_EXCL; a later opener refuses while the holder
 * lives and takes the lock over once it is dead.
 */
export const LOCK_FILE = 'driftboard.lock';

export interface LockHolder {
  pid: number;
  hostname: string;
  /** When the holding process started (ISO). */
  startedAt: string;
  /** Linux: the process's start time in clock ticks since boot (/proc/<pid>/stat), to tell a reused pid apart. */
  procStart: string | null;
}

export interface DataLock {
  file: string;
  holder: LockHolder;
  /** Removes the lock file if it is still this process's. */
  release(): Promise<void>;
}

export class DataFolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.hostname === hostname() ? '' : ` on host ${holder.hostname}`;
    const who = holder.pid === process.pid && !where ? 'this process' : `another Driftboard process (pid ${holder.pid}${where}, started ${holder.startedAt})`;
    super(`data folder ${dataDir} is in use by ${who}; stop it or set DRIFTBOARD_DATA_DIR to another folder`);
    this.name = 'DataFolderLockedError';
  }
}

/** A takeover left half-done by a process that died within it (microseconds) is cleared after this long. */
const TAKEOVER_STALE_MS = 10_000;

/** Takes the data folder's lock, or throws DataFolderLockedError naming the live holder. */
export async function acquireDataLock(dataDir: string): Promise<DataLock> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const me = currentHolder();
  for (let attempt = 0; attempt < 20; attempt++) {
    if (await tryCreate(file, me)) return lockOf(file, me);
    const holder = await readHolder(file);
    if (holder === undefined) continue; // released between our create and our read: try again
    if (holder && isAlive(holder)) throw new DataFolderLockedError(dataDir, holder);
    // Dead holder (or an unreadable file no live process is writing): remove it, one taker at a time.
    await takeOver(file, holder);
  }
  throw new Error(`data folder ${dataDir}: could not take ${LOCK_FILE} (it keeps changing hands)`);
}

function lockOf(file: string, holder: LockHolder): DataLock {
  let released = false;
  return {
    file,
    holder,
    release: async () => {
      if (released) return;
      released = true;
      const now = await readHolder(file);
      if (now && sameHolder(now, holder)) await unlink(file).catch(() => {});
    },
  };
}

async function tryCreate(file: string, holder: LockHolder): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await handle.writeFile(`${JSON.stringify(holder)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/** The holder named in the file; undefined when there is no file; null when it cannot be parsed. */
async function readHolder(file: string): Promise<LockHolder | null | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isInteger(h.pid) && typeof h.hostname === 'string' ? h : null;
  } catch {
    // A holder between open('wx') and its write: give it a moment by reporting it as live and fresh.
    const age = Date.now() - (await stat(file).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
    return age < TAKEOVER_STALE_MS ? { pid: -1, hostname: hostname(), startedAt: 'just now', procStart: null } : null;
  }
}

/**
 * Removes a dead holder's file. The takeover directory (mkdir is atomic) makes sure two starters that both
 * saw the dead holder do not both delete: the second could otherwise delete the first one's fresh lock.
 */
async function takeOver(file: string, dead: LockHolder | null): Promise<void> {
  const mutex = `${file}.takeover`;
  try {
    await mkdir(mutex);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age = Date.now() - (await stat(mutex).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > TAKEOVER_STALE_MS) await rmdir(mutex).catch(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    return;
  }
  try {
    const now = await readHolder(file);
    const stillDead = now === null ? dead === null : now !== undefined && dead !== null && sameHolder(now, dead);
    if (stillDead) await unlink(file).catch(() => {});
  } finally {
    await rmdir(mutex).catch(() => {});
  }
}

function sameHolder(a: LockHolder, b: LockHolder): boolean {
  return a.pid === b.pid && a.hostname === b.hostname && a.startedAt === b.startedAt && a.procStart === b.procStart;
}

/** Another host's process cannot be checked from here: it counts as alive. */
function isAlive(holder: LockHolder): boolean {
  if (holder.pid === -1) return true;
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = procStartOf(holder.pid);
  return !(start && holder.procStart && start !== holder.procStart);
}

function currentHolder(): LockHolder {
  return {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    procStart: procStartOf(process.pid),
  };
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
function procStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
