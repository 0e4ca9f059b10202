import { randomBytes } from 'node:crypto';
import type { Extensions, PGlite } from '@electric-sql/pglite';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { openTarget, wrapPglite, type TargetDb } from '../db';
import { compactDump } from './compact-dump';

/** PGlite's version: a stored shadow or replay result is only reused by the same one. */
export const PGLITE_VERSION: string = (() => {
  try {
    // The package does not export its package.json: read it next to its entry point (dist/…).
    let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/** A throw-away database to replay migrations into; `dispose` removes every trace of it. */
export interface ShadowDatabase {
  db: TargetDb;
  dispose(): Promise<void>;
  /** The shadow's whole data folder as an uncompressed tarball (PGlite only): a replay can resume from it. */
  dump?: () => Promise<Blob>;
}

/** Contrib extensions PGlite ships, by the name `CREATE EXTENSION` uses. Loaded only when a migration asks. */
const PGLITE_CONTRIB: Record<string, string> = {
  btree_gin: 'btree_gin',
  btree_gist: 'btree_gist',
  citext: 'citext',
  cube: 'cube',
  earthdistance: 'earthdistance',
  fuzzystrmatch: 'fuzzystrmatch',
  hstore: 'hstore',
  intarray: 'intarray',
  isn: 'isn',
  lo: 'lo',
  ltree: 'ltree',
  pg_trgm: 'pg_trgm',
  pgcrypto: 'pgcrypto',
  seg: 'seg',
  tablefunc: 'tablefunc',
  unaccent: 'unaccent',
  'uuid-ossp': 'uuid_ossp',
};

/** Extensions named by `CREATE EXTENSION` in the SQL that PGlite can load. */
export function pgliteExtensionsFor(sql: readonly string[]): string[] {
  const found = new Set<string>();
  for (const s of sql) {
    for (const m of s.matchAll(/create\s+extension\s+(?:if\s+not\s+exists\s+)?("?)([\w-]+)\1/gi)) {
      const module = PGLITE_CONTRIB[m[2].toLowerCase()];
      if (module) found.add(module);
    }
  }
  return [...found].sort();
}

/** PGlite itself, loaded on first use: a command answered from the cache never loads its WASM. */
const pgliteModule = () => import('@electric-sql/pglite');

/**
 * Where the image of an empty PGlite cluster is kept: DRIFTBOARD_PGLITE_IMAGE_DIR, else the user's cache
 * folder (XDG_CACHE_HOME or ~/.cache) under `driftboard`. Not a replay result (it holds no migration):
 * what `initdb` produces for this PGlite version, so `--no-cache` uses it too.
 */
function pgliteImageFile(): string {
  const base = process.env.DRIFTBOARD_PGLITE_IMAGE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'driftboard');
  // Uncompressed (8 MB once compacted, see emptyImage): inflating a gzip took a quarter of a second per boot.
  return join(base, `pglite-${PGLITE_VERSION}-empty-v3.tar`);
}

let image: Promise<Blob | null> | null = null;

/**
 * The empty cluster as an uncompressed data folder (tar). Creating a PGlite runs initdb (seconds); loading this image
 * takes a fraction of that. Made once per machine and PGlite version; when it cannot be read or written
 * (a read-only home) every shadow runs initdb as before.
 */
function emptyImage(): Promise<Blob | null> {
  image ??= (async () => {
    const file = pgliteImageFile();
    const stored = await readFile(file).catch(() => null);
    if (stored && stored.length > 0) return new Blob([stored]);
    const { PGlite } = await pgliteModule();
    const fresh = await PGlite.create();
    try {
      await dropTemplates(fresh);
      const blob = await compactDump(fresh);
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await mkdir(dirname(file), { recursive: true });
      await writeFile(tmp, new Uint8Array(await blob.arrayBuffer()));
      await rename(tmp, file).catch(async () => rm(tmp, { force: true }));
      return blob;
    } finally {
      await fresh.close().catch(() => {});
    }
  })().catch(() => null);
  return image;
}

/**
 * A shadow replays into database `postgres` and never needs template0 / template1 (a migration's own
 * CREATE DATABASE, which creates nothing a schema holds, is then a replay problem). Without them the
 * cluster has a third of the files, and PGlite's boot, which creates every file of the data folder
 * one by one, takes ~0.1 s less. Best effort: a cluster that refuses keeps them.
 */
async function dropTemplates(lite: PGlite): Promise<void> {
  try {
    await lite.exec(`UPDATE pg_catalog.pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`);
    await lite.exec('DROP DATABASE template0');
    await lite.exec('DROP DATABASE template1');
  } catch {
    // kept
  }
}

let template: Promise<PGlite> | null = null;

/**
 * A fresh PGlite: loaded from the stored empty cluster (see emptyImage), or from `dataDir` (a stored
 * shadow to resume from). Without an image, booting one costs seconds and cloning a booted one a
 * fraction of that, so a template is kept for the life of the process when no extensions are needed.
 */
export async function openPgliteShadow(extensionModules: string[] = [], dataDir?: Blob): Promise<ShadowDatabase> {
  const { PGlite } = await pgliteModule();
  const extensions: Extensions = {};
  for (const name of extensionModules) {
    const mod = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, Extensions[string]>;
    extensions[name] = mod[name];
  }
  let lite: PGlite | null = null;
  const from = dataDir ?? (await emptyImage());
  if (from) {
    const bytes = new Uint8Array(await from.arrayBuffer());
    // Loaded with PGlite (it extends PGlite's MemoryFS): a command answered from the cache loads neither.
    const fs = (await import('./preloaded-fs')).preloadedMemoryFs(bytes);
    lite = await PGlite.create(fs ? { extensions, fs } : { extensions, loadDataDir: new Blob([bytes]) }).catch((err: unknown) => {
      if (dataDir) throw err;
      image = null; // a damaged image: made again next time
      void rm(pgliteImageFile(), { force: true }).catch(() => {});
      return null;
    });
  }
  if (!lite && extensionModules.length === 0) {
    template ??= PGlite.create().catch((err) => {
      template = null;
      throw err;
    });
    lite = (await (await template).clone()) as PGlite;
  }
  lite ??= await PGlite.create({ extensions });
  const opened = lite;
  // Checkpointed first (the next boot from the dump has no write-ahead log to replay), without old log.
  const dump = () => compactDump(opened);
  return { db: wrapPglite(opened, true), dispose: () => opened.close(), dump };
}

/** Closes the PGlite template (lets a CLI process exit promptly). */
export async function closeShadowTemplate(): Promise<void> {
  const t = template;
  template = null;
  if (t) await (await t.catch(() => null))?.close();
}

const serverShadowWatchers = new Set<(name: string) => void>();

/**
 * Calls `watch` with the name of every temporary database openServerShadow creates from now on (until
 * the returned function is called): a test checks that its own shadows are dropped, whatever other
 * processes do on the same server.
 */
export function watchServerShadows(watch: (name: string) => void): () => void {
  serverShadowWatchers.add(watch);
  return () => serverShadowWatchers.delete(watch);
}

/** A temporary database on the `shadowUrl` server, dropped on dispose. */
export async function openServerShadow(shadowUrl: string): Promise<ShadowDatabase> {
  const admin = await openTarget(shadowUrl, { readOnly: false, timeoutMs: 15_000 });
  const name = `driftboard_shadow_${randomBytes(6).toString('hex')}`;
  for (const watch of serverShadowWatchers) watch(name);
  let db: TargetDb | null = null;
  try {
    await admin.exec(`CREATE DATABASE "${name}"`);
    const url = new URL(shadowUrl);
    url.pathname = `/${name}`;
    db = await openTarget(url.toString(), { readOnly: false, timeoutMs: 60_000, lockTimeoutMs: 60_000 });
  } catch (err) {
    await admin.exec(`DROP DATABASE IF EXISTS "${name}"`).catch(() => {});
    await admin.close();
    throw err;
  }
  const opened = db;
  return {
    db: opened,
    async dispose() {
      await opened.close();
      try {
        await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => admin.exec(`DROP DATABASE IF EXISTS "${name}"`));
      } finally {
        await admin.close();
      }
    },
  };
}
