import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { displayPath } from '../config/load';
import type { Migration } from '../model/migration';
import type { ExpectedSchema, ReplayState } from './replay';
import type { ExpectedCacheStore } from '../store/expected-cache';

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
  /**
   * Entries shared by instances: read when the folder misses, written with it. Undefined (the default):
   * the PostgreSQL history store when DATABASE_URL is set; null: none. Used only with a folder.
   */
  store?: ExpectedCacheStore | null;
}

type Settings = Required<Omit<ExpectedCacheSettings, 'store'>> & { store: ExpectedCacheStore | null | undefined };
let settings: Settings = { dir: null, maxBytes: DEFAULT_MAX_BYTES, warn: (m) => console.warn(m), store: undefined };
let shared: Promise<ExpectedCacheStore | null> | null = null;

/** Turns the on-disk cache of expected schemas on (a folder) or off (null); see /README "Expected-schema cache". */
export function configureExpectedCache(next: ExpectedCacheSettings): void {
  settings = { dir: next.dir, maxBytes: next.maxBytes ?? DEFAULT_MAX_BYTES, warn: next.warn ?? ((m) => console.warn(m)), store: next.store };
  shared = null;
}

/** The shared store of entries, or null (none configured, the cache off, or the store unusable: warned once). */
function sharedStore(): Promise<ExpectedCacheStore | null> {
  if (!settings.dir) return Promise.resolve(null);
  if (settings.store !== undefined) return Promise.resolve(settings.store);
  if (!process.env.DATABASE_URL) return Promise.resolve(null);
  shared ??= (async () => {
    // Loaded only here: a process without a PostgreSQL store never loads Prisma for the cache.
    const [{ openStore }, { expectedCacheStore }] = await Promise.all([import('../store/open'), import('../store/expected-cache')]);
    return expectedCacheStore(await openStore());
  })().catch((err: unknown) => {
    settings.warn(`warning: the expected-schema cache does not use the history store: ${(err as Error).message}`);
    return null;
  });
  return shared;
}

/** Runs a shared-store step; a failing store is reported and treated as a miss, never as an error. */
async function onStore<T>(step: (store: ExpectedCacheStore) => Promise<T>, fallback: T): Promise<T> {
  const store = await sharedStore();
  if (!store) return fallback;
  try {
    return await step(store);
  } catch (err) {
    settings.warn(`warning: expected-schema cache in the history store: ${(err as Error).message}`);
    return fallback;
  }
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

/** The key of no migration at all (a never-migrated environment): the root of every prefix chain. */
export function emptyPrefixKey(tool: string, shadow: string, schemas: string[] | null): string {
  return sha256(JSON.stringify([FORMAT, tool, shadow, schemas]));
}

/**
 * Content keys of every prefix of `migrations`: keys[i] names the replay of the first i+1 of them, on
 * this shadow kind, read back with these schemas. A chain, so the key of a prefix is found without
 * knowing which later migrations exist.
 */
export function prefixKeys(tool: string, shadow: string, schemas: string[] | null, migrations: readonly Migration[]): string[] {
  let key = emptyPrefixKey(tool, shadow, schemas);
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
    return readSharedEntry(dir, key);
  }
  try {
    const nl = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, nl)) as { format?: number; key?: string; sha256?: string };
    const body = text.slice(nl + 1);
    if (nl < 0 || header.format !== FORMAT || header.key !== key || header.sha256 !== sha256(body)) throw new Error('checksum mismatch');
    const entry = parseBody(body);
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
    return entry;
  } catch (err) {
    await skip(key, `${displayPath(file)}: ${(err as Error).message}`);
    return null;
  }
}

function parseBody(body: string): CacheEntry {
  const entry = JSON.parse(body) as CacheEntry;
  if (!entry?.expected?.model || !Array.isArray(entry.expected.objects) || !Array.isArray(entry.state?.present)) throw new Error('unexpected content');
  return entry;
}

/** The entry another instance stored in the history store (then kept in the folder too), or null. */
async function readSharedEntry(dir: string, key: string): Promise<CacheEntry | null> {
  return onStore(async (store) => {
    const row = await store.getEntry(key, FORMAT);
    if (!row) return null;
    let entry: CacheEntry;
    try {
      if (row.bodySha256 !== sha256(row.body)) throw new Error('checksum mismatch');
      entry = parseBody(row.body);
    } catch (err) {
      settings.warn(`warning: expected-schema cache entry ignored (replaying instead): history store entry ${key.slice(0, 12)}: ${(err as Error).message}`);
      await store.remove(key);
      return null;
    }
    await mkdir(join(dir, SUBDIR), { recursive: true });
    await atomicWrite(entryPath(dir, key, 'json'), `${JSON.stringify({ format: FORMAT, key, sha256: row.bodySha256 })}\n${row.body}`).catch(() => {});
    return entry;
  }, null);
}

/**
 * Of `keys`, those with a stored shadow, in the folder or in the history store: one directory listing
 * and at most one query, however many keys.
 */
export async function keysWithData(keys: readonly string[]): Promise<Set<string>> {
  const dir = settings.dir;
  if (!dir || keys.length === 0) return new Set();
  const wanted = new Set(keys);
  const local = new Set<string>();
  for (const name of await readdir(join(dir, SUBDIR)).catch(() => [] as string[])) {
    const m = /^([0-9a-f]{64})\.tgz$/.exec(name);
    if (m && wanted.has(m[1])) local.add(m[1]);
  }
  const missing = keys.filter((k) => !local.has(k));
  const remote = missing.length ? await onStore((store) => store.keysWithData(missing, FORMAT), new Set<string>()) : new Set<string>();
  return new Set([...local, ...remote]);
}

/** Whether `key` has an entry in the folder (cheap: no read, no check; the history store is not asked). */
export async function hasEntry(key: string | undefined): Promise<boolean> {
  const dir = settings.dir;
  if (!dir || !key) return false;
  return stat(entryPath(dir, key, 'json')).then(
    (s) => s.isFile(),
    () => false,
  );
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
    let zipped: Uint8Array | null = await readFile(file).catch(() => null);
    if (zipped) {
      if (sha256(zipped) !== entry.dataSha256) throw new Error('checksum mismatch');
    } else {
      // From the history store: verified here once (the ~50 MB are not hashed again below).
      const row = await onStore((store) => store.getData(key, FORMAT), null);
      if (!row || row.dataSha256 !== entry.dataSha256 || sha256(row.data) !== entry.dataSha256) return null;
      zipped = row.data;
      await atomicWrite(file, zipped).catch(() => {});
    }
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
    // Synchronous: one ~50 MB inflate is faster in one go than in thread-pool chunks between other work.
    // Inflated into one chunk of the size gzip records in its trailer (ISIZE): no concatenating copy.
    const size = zipped.length >= 4 ? Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength).readUInt32LE(zipped.byteLength - 4) : 0;
    return bufferBlob(gunzipSync(zipped, size > 0 ? { chunkSize: Math.max(64 * 1024, size + 1) } : {}));
  } catch (err) {
    await skip(key, `${displayPath(file)}: ${(err as Error).message}`);
    return null;
  }
}

/**
 * `bytes` as the Blob PGlite's `loadDataDir` reads (it only calls `arrayBuffer()` and looks at `type`):
 * a real Blob would copy the ~50 MB tarball in and copy it out again (with the garbage it leaves), about a
 * tenth of a second of a resumed status.
 */
function bufferBlob(bytes: Uint8Array): Blob {
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
  const blob = {
    size: own.byteLength,
    type: '',
    arrayBuffer: async () => own,
    bytes: async () => new Uint8Array(own),
    slice: (start?: number, end?: number, type?: string) => new Blob([own]).slice(start, end, type),
    stream: () => new Blob([own]).stream(),
    text: async () => new TextDecoder().decode(own),
  };
  return blob as unknown as Blob;
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
    let zipped: Uint8Array | null = null;
    if (data) {
      zipped = await promisify(gzip)(new Uint8Array(await data.arrayBuffer()), { level: 1 });
      dataSha256 = sha256(zipped);
      await atomicWrite(entryPath(dir, key, 'tgz'), zipped);
    }
    const body = JSON.stringify({ expected, state, dataSha256 } satisfies CacheEntry);
    const bodySha256 = sha256(body);
    // The JSON goes last: an entry is visible only once its data folder is complete.
    await atomicWrite(entryPath(dir, key, 'json'), `${JSON.stringify({ format: FORMAT, key, sha256: bodySha256 })}\n${body}`);
    await evict(dir, settings.maxBytes);
    await onStore(async (store) => {
      await store.put(key, { format: FORMAT, body, bodySha256 }, zipped && dataSha256 ? { data: zipped, dataSha256 } : null);
      await store.evict(settings.maxBytes);
    }, undefined);
  } catch (err) {
    settings.warn(`warning: could not write the expected-schema cache in ${displayPath(dir)}: ${(err as Error).message}`);
  }
}

/** Write to a temporary name, then rename: a reader (or another process) never sees half a file. */
export async function atomicWrite(file: string, content: string | Uint8Array): Promise<void> {
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
  // The CLI never opens the history store (its migrations, its connections): the folder only.
  configureExpectedCache({ dir: noCache ? null : cliCacheDir(configFile), warn, store: null });
}
