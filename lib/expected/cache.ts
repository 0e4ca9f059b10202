import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { displayPath } from '../config/load';
import type { Migration } from '../model/migration';
import type { ExpectedSchema, ReplayState } from './replay';

/** Bumped whenever the replay's output or the entry layout changes: older entries are then never read. */
// Bump whenever the SchemaModel, the introspection or the replay changes what an entry holds: old entries
// are then never read (their folder is left to the size limit).
const FORMAT = 4;
const SUBDIR = `expected-v${FORMAT}`;
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export interface ExpectedCacheSettings {
  /** Folder of the on-disk cache; null = memory only (the default until configured). */
  dir: string | null;
  /** Total size the folder is kept under (least recently used entries go first). */
  maxBytes?: number;
  /** Where a skipped (corrupt, unreadable) entry is reported. Default: console.warn. */
  warn?: (message: string) => void;
}

let settings: Required<ExpectedCacheSettings> = { dir: null, maxBytes: DEFAULT_MAX_BYTES, warn: (m) => console.warn(m) };

/** Turns the on-disk cache of expected schemas on (a folder) or off (null); see /README "Expected-schema cache". */
export function configureExpectedCache(next: ExpectedCacheSettings): void {
  settings = { dir: next.dir, maxBytes: next.maxBytes ?? DEFAULT_MAX_BYTES, warn: next.warn ?? ((m) => console.warn(m)) };
}

export function expectedCacheDir(): string | null {
  return settings.dir;
}

const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

/** What a migration contributes to the replay's result: its SQL, where it is, and its placeholders. */
function migrationHash(m: Migration): string {
  return sha256(
    JSON.stringify([m.id, m.checksum, displayPath(m.file), m.statements.map((s) => [s.sql, s.line, s.inTransaction]), m.unverified ?? []]),
  );
}

/**
 * Content keys of every prefix of `migrations`: keys[i] names the replay of the first i+1 of them, on
 * this shadow kind, read back with these schemas. A chain, so the key of a prefix is found without
 * knowing which later migrations exist.
 */
export function prefixKeys(tool: string, shadow: string, schemas: string[] | null, migrations: readonly Migration[]): string[] {
  let key = sha256(JSON.stringify([FORMAT, tool, shadow, schemas]));
  return migrations.map((m) => (key = sha256(`${key}\n${migrationHash(m)}`)));
}

export interface CacheEntry {
  expected: ExpectedSchema;
  state: ReplayState;
  /** sha256 of the shadow's gzipped data folder stored next to it (PGlite only), or null. */
  dataSha256: string | null;
}

const entryPath = (dir: string, key: string, ext: 'json' | 'tgz') => join(dir, SUBDIR, `${key}.${ext}`);

/** The entry stored under `key`, or null (absent; corrupt ones are reported, removed and treated as absent). */
export async function readEntry(key: string): Promise<CacheEntry | null> {
  const dir = settings.dir;
  if (!dir) return null;
  const file = entryPath(dir, key, 'json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const nl = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, nl)) as { format?: number; key?: string; sha256?: string };
    const body = text.slice(nl + 1);
    if (nl < 0 || header.format !== FORMAT || header.key !== key || header.sha256 !== sha256(body)) throw new Error('checksum mismatch');
    const entry = JSON.parse(body) as CacheEntry;
    if (!entry?.expected?.model || !Array.isArray(entry.expected.objects) || !Array.isArray(entry.state?.present)) throw new Error('unexpected content');
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
    return entry;
  } catch (err) {
    await skip(key, `${displayPath(file)}: ${(err as Error).message}`);
    return null;
  }
}

/** Whether `key` has an entry with a stored shadow (cheap: no read). */
export async function hasData(key: string): Promise<boolean> {
  const dir = settings.dir;
  if (!dir) return false;
  return stat(entryPath(dir, key, 'tgz')).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The stored shadow of `entry` (uncompressed tarball), verified; null (reported, removed) when it is not intact. */
export async function readData(key: string, entry: CacheEntry): Promise<Blob | null> {
  const dir = settings.dir;
  if (!dir || !entry.dataSha256) return null;
  const file = entryPath(dir, key, 'tgz');
  try {
    const zipped = await readFile(file);
    if (sha256(zipped) !== entry.dataSha256) throw new Error('checksum mismatch');
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
    return new Blob([await promisify(gunzip)(zipped)]);
  } catch (err) {
    await skip(key, `${displayPath(file)}: ${(err as Error).message}`);
    return null;
  }
}

async function skip(key: string, why: string): Promise<void> {
  settings.warn(`warning: expected-schema cache entry ignored (replaying instead): ${why}`);
  if (settings.dir) await removeEntry(settings.dir, key);
}

async function removeEntry(dir: string, key: string): Promise<void> {
  await Promise.all([rm(entryPath(dir, key, 'json'), { force: true }), rm(entryPath(dir, key, 'tgz'), { force: true })]).catch(() => {});
}

/** Stores an entry (and the shadow's data folder, if given), then keeps the folder under its size. Never throws. */
export async function writeEntry(key: string, expected: ExpectedSchema, state: ReplayState, data: Blob | null): Promise<void> {
  const dir = settings.dir;
  if (!dir) return;
  try {
    await mkdir(join(dir, SUBDIR), { recursive: true });
    let dataSha256: string | null = null;
    if (data) {
      const zipped = await promisify(gzip)(new Uint8Array(await data.arrayBuffer()), { level: 1 });
      dataSha256 = sha256(zipped);
      await atomicWrite(entryPath(dir, key, 'tgz'), zipped);
    }
    const body = JSON.stringify({ expected, state, dataSha256 } satisfies CacheEntry);
    // The JSON goes last: an entry is visible only once its data folder is complete.
    await atomicWrite(entryPath(dir, key, 'json'), `${JSON.stringify({ format: FORMAT, key, sha256: sha256(body) })}\n${body}`);
    await evict(dir, settings.maxBytes);
  } catch (err) {
    settings.warn(`warning: could not write the expected-schema cache in ${displayPath(dir)}: ${(err as Error).message}`);
  }
}

/** Write to a temporary name, then rename: a reader (or another process) never sees half a file. */
async function atomicWrite(file: string, content: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
}

/** Removes least recently used entries (json + data together) until the folder is under `maxBytes`. */
async function evict(dir: string, maxBytes: number): Promise<void> {
  const folder = join(dir, SUBDIR);
  const entries = new Map<string, { bytes: number; used: number }>();
  for (const name of await readdir(folder)) {
    const m = /^([0-9a-f]{64})\.(json|tgz)$/.exec(name);
    if (!m) continue;
    const s = await stat(join(folder, name)).catch(() => null);
    if (!s) continue;
    const e = entries.get(m[1]) ?? { bytes: 0, used: 0 };
    e.bytes += s.size;
    e.used = Math.max(e.used, s.mtimeMs);
    entries.set(m[1], e);
  }
  let total = [...entries.values()].reduce((n, e) => n + e.bytes, 0);
  const oldestFirst = [...entries].sort((a, b) => a[1].used - b[1].used);
  for (const [key, e] of oldestFirst) {
    if (total <= maxBytes) break;
    await removeEntry(dir, key);
    total -= e.bytes;
  }
}

/**
 * The CLI's cache folder: DRIFTBOARD_CACHE_DIR when set (e.g. a folder a CI pipeline keeps between runs,
 * or one shared with a server), else `.driftboard/cache` next to the config file. Not inside
 * DRIFTBOARD_DATA_DIR: that is the history store's own PGlite folder.
 */
export function cliCacheDir(configFile: string): string {
  const dir = process.env.DRIFTBOARD_CACHE_DIR;
  return dir ? resolve(dir) : resolve(dirname(resolve(configFile)), '.driftboard', 'cache');
}

/** status / check: expected schemas cached on disk in cliCacheDir, or memory only with --no-cache. */
export function configureCliCache(configFile: string, noCache: boolean, warn: (message: string) => void): void {
  configureExpectedCache({ dir: noCache ? null : cliCacheDir(configFile), warn });
}
