import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MigrationSet, MigrationTool } from '../model/migration';
import { UserInputError } from '../model/errors';
import { loadPrismaMigrations } from './prisma';
import { readMigrationFile, withFileLimit } from './read-file';
import { loadSqlMigrations } from './sql';
import { detectScheme } from './sql/scheme';

export const MIGRATION_TOOLS: readonly MigrationTool[] = ['alembic', 'prisma', 'sql'];

export interface MigrationSource {
  tool: MigrationTool;
  path: string;
  /** Alembic: an interpreter with the project's Alembic; when set, its offline SQL replaces the static reading. */
  python?: string | null;
  /** Alembic with `python`: the project's alembic.ini (default: the nearest one above `path`). */
  alembicIni?: string | null;
  /** Largest migration file read, in bytes (`migrations.maxFileBytes`; default 5 MB). */
  maxFileBytes?: number | null;
}

/**
 * Reads every migration of a project with the loader of its tool. An unknown tool or a missing directory
 * is a UserInputError naming it; a malformed file is a UserInputError naming file:line.
 */
export async function loadMigrationSet(source: MigrationSource): Promise<MigrationSet> {
  const tool = source.tool as string;
  if (!(MIGRATION_TOOLS as readonly string[]).includes(tool)) {
    throw new UserInputError(`unknown migration tool "${tool}" (expected one of: ${MIGRATION_TOOLS.join(', ')})`);
  }
  const dir = await requireDirectory(source.path);
  return withFileLimit(source.maxFileBytes, () => loadWithTool(source, dir));
}

async function loadWithTool(source: MigrationSource, dir: string): Promise<MigrationSet> {
  switch (source.tool) {
    case 'alembic': {
      // Loaded on demand: it brings up the tree-sitter Python grammar, which other tools never need.
      const { loadAlembicMigrations } = await import('./alembic');
      const set = await loadAlembicMigrations(dir);
      return source.python ? withPythonExact(set, source.python, source.alembicIni ?? null) : set;
    }
    case 'prisma':
      return loadPrismaMigrations(dir);
    case 'sql':
      return loadSqlMigrations(dir);
  }
}

/** The project's own Alembic renders the exact SQL; only ever run when `migrations.python` is configured. */
async function withPythonExact(set: MigrationSet, python: string, ini: string | null): Promise<MigrationSet> {
  const { applyPythonExact } = await import('./alembic/python-exact');
  const { findAlembicIni } = await import('./alembic/alembic-ini');
  const alembicIni = ini ?? (await findAlembicIni(set.path));
  if (!alembicIni) throw new UserInputError(`migrations.python: no alembic.ini in ${set.path} or a folder above it (set migrations.alembicIni)`);
  return applyPythonExact(set, { python, alembicIni });
}

/**
 * Guesses the tool of a migrations directory: Python files declaring `revision` → alembic; folders with
 * a `migration.sql` (or a `migration_lock.toml`) → prisma; SQL files named by a known scheme → sql.
 * Null when nothing fits.
 */
export async function detectTool(path: string): Promise<MigrationTool | null> {
  const dir = await requireDirectory(path);
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.isFile() && e.name.endsWith('.py')) {
      // Oversized or odd files are named by the loader; here they just do not count.
      const bytes = await readMigrationFile(join(dir, e.name), []).catch(() => null);
      if (bytes && /^revision\s*(?::[^=\n]*)?=/m.test(bytes.toString('utf8'))) return 'alembic';
    }
  }
  if (entries.some((e) => e.isFile() && e.name === 'migration_lock.toml')) return 'prisma';
  for (const e of entries) {
    if (e.isDirectory() && (await exists(join(dir, e.name, 'migration.sql')))) return 'prisma';
  }
  if (detectScheme(entries.filter((e) => e.isFile()).map((e) => e.name))) return 'sql';
  return null;
}

async function requireDirectory(path: string): Promise<string> {
  const dir = resolve(path);
  let isDir: boolean;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch (error) {
    throw new UserInputError(`migrations directory ${dir} does not exist`, { cause: error });
  }
  if (!isDir) throw new UserInputError(`migrations path ${dir} is not a directory`);
  return dir;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
