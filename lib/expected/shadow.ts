import { randomBytes } from 'node:crypto';
import { PGlite, type Extensions } from '@electric-sql/pglite';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { openTarget, wrapPglite, type TargetDb } from '../db';

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

let template: Promise<PGlite> | null = null;

/**
 * A fresh PGlite. Booting one costs seconds, cloning a booted one a fraction of that, so a template is
 * kept for the life of the process when no extensions are needed.
 */
export async function openPgliteShadow(extensionModules: string[] = [], dataDir?: Blob): Promise<ShadowDatabase> {
  let lite: PGlite;
  if (extensionModules.length === 0 && !dataDir) {
    template ??= PGlite.create().catch((err) => {
      template = null;
      throw err;
    });
    lite = (await (await template).clone()) as PGlite;
  } else {
    const extensions: Extensions = {};
    for (const name of extensionModules) {
      const mod = (await import(`@electric-sql/pglite/contrib/${name}`)) as Record<string, Extensions[string]>;
      extensions[name] = mod[name];
    }
    lite = await PGlite.create({ extensions, ...(dataDir ? { loadDataDir: dataDir } : {}) });
  }
  return { db: wrapPglite(lite, true), dispose: () => lite.close(), dump: () => lite.dumpDataDir('none') };
}

/** Closes the PGlite template (lets a CLI process exit promptly). */
export async function closeShadowTemplate(): Promise<void> {
  const t = template;
  template = null;
  if (t) await (await t.catch(() => null))?.close();
}

/** A temporary database on the `shadowUrl` server, dropped on dispose. */
export async function openServerShadow(shadowUrl: string): Promise<ShadowDatabase> {
  const admin = await openTarget(shadowUrl, { readOnly: false, timeoutMs: 15_000 });
  const name = `driftboard_shadow_${randomBytes(6).toString('hex')}`;
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
