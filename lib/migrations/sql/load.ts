import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Diagnostic, Migration, MigrationSet } from '../../model/migration';
import { buildMigrationSet } from '../graph';
import { regularFiles } from '../read-file';
import { loadDbmate } from './dbmate';
import { loadFlyway } from './flyway';
import { loadGolangMigrate } from './golang-migrate';
import { chainLinear } from './linear';
import { detectScheme, schemeOfFile, type SqlScheme } from './scheme';
import { SplitCache, type SplitFn } from './split-cache';

/**
 * Reads a directory of plain SQL migrations, detecting its scheme from the file names (Flyway,
 * golang-migrate or dbmate; each migration's `meta.scheme` says which). Files of another scheme or of
 * none are reported as diagnostics naming the file, never silently mixed in.
 */
export async function loadSqlMigrations(dir: string): Promise<MigrationSet> {
  const root = resolve(dir);
  const top = await readdir(root, { withFileTypes: true });
  const diagnostics: Diagnostic[] = [];
  // A directory named `V2__x.sql`, a FIFO or a link loop is named (a warning), never read or silently dropped.
  const topSql = await regularFiles(root, top, (name) => name.endsWith('.sql'), diagnostics);
  // Flyway also finds migrations in subfolders; the other tools read one flat directory.
  const nested = await nestedSqlFiles(root, top.filter((e) => e.isDirectory()).map((e) => e.name), diagnostics);
  const scheme = detectScheme([...topSql, ...nested.map((p) => p.split('/').pop()!)]);
  if (!scheme) {
    if (topSql.length === 0) {
      diagnostics.push({ level: 'warning', code: 'no-migrations', message: `no SQL migrations in ${root}`, file: root, line: null });
    }
    for (const name of topSql) diagnostics.push(unrecognized(join(root, name), null));
    return buildMigrationSet('sql', root, [], diagnostics);
  }

  const candidates = scheme === 'flyway' ? [...topSql, ...nested] : topSql;
  const files: string[] = [];
  for (const name of candidates) {
    const file = join(root, name);
    const own = schemeOfFile(name.split('/').pop()!);
    if (own === scheme) files.push(file);
    else diagnostics.push(unrecognized(file, scheme, own));
  }
  const loaders: Record<SqlScheme, (f: string[], d: Diagnostic[], split: SplitFn) => Promise<Migration[]>> = {
    flyway: loadFlyway,
    'golang-migrate': loadGolangMigrate,
    dbmate: loadDbmate,
  };
  const splits = await SplitCache.open(root);
  const ordered = await loaders[scheme](files, diagnostics, splits.split);
  await splits.save();
  return buildMigrationSet('sql', root, chainLinear(ordered, diagnostics), diagnostics);
}

function unrecognized(file: string, scheme: SqlScheme | null, own: SqlScheme | null = null): Diagnostic {
  if (scheme && own) {
    return { level: 'error', code: 'mixed-scheme', message: `${own} file in a ${scheme} directory is ignored`, file, line: null };
  }
  const expect = scheme ? `a ${scheme} migration name` : 'a Flyway, golang-migrate or dbmate migration name';
  return { level: 'warning', code: 'unrecognized-file', message: `file name is not ${expect}; ignored`, file, line: null };
}

/** `.sql` files below the top folder, as paths relative to `root` (sorted). */
async function nestedSqlFiles(root: string, dirs: string[], diagnostics: Diagnostic[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs) {
    const entries = await readdir(join(root, d), { withFileTypes: true, recursive: true });
    const byFolder = new Map<string, typeof entries>();
    for (const e of entries) {
      const folder = e.parentPath ?? e.path;
      const list = byFolder.get(folder) ?? [];
      list.push(e);
      byFolder.set(folder, list);
    }
    for (const [folder, list] of byFolder) {
      for (const name of await regularFiles(folder, list, (n) => n.endsWith('.sql'), diagnostics)) out.push(join(folder, name).slice(root.length + 1));
    }
  }
  return out.sort();
}
