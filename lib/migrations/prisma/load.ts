import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Diagnostic, Migration, MigrationSet } from '../../model/migration';
import { UserInputError } from '../../model/errors';
import { splitSql } from '../../sql/split';
import { buildMigrationSet } from '../graph';
import { notRegular, skippedFile } from '../read-file';
import { chainLinear, FileErrors, humanize, readFiles, sha256Hex } from '../sql/linear';
import { undoableWithoutDataLoss } from './reversible';

/**
 * Reads a Prisma `migrations/` directory: one `<name>/migration.sql` per migration, applied in name order.
 *
 * Transactions: Prisma on PostgreSQL sends the whole script as one multi-statement simple query, which
 * PostgreSQL runs as one implicit transaction. So a script of several statements is `inTransaction: true`
 * (a `CREATE INDEX CONCURRENTLY` there fails), while a script of a single statement runs on its own.
 *
 * Down migrations: Prisma has none. `downStatements` is null and `meta.down = 'none'`; `reversible`
 * means "a later migration can undo it without data loss" (false for DROP TABLE / DROP COLUMN /
 * TRUNCATE / enum ADD VALUE, see reversible.ts).
 *
 * A script that does not split is reported with every other bad script of the directory at once.
 */
export async function loadPrismaMigrations(dir: string): Promise<MigrationSet> {
  const root = resolve(dir);
  const entries = await readdir(root, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const diagnostics: Diagnostic[] = [];
  const present = await Promise.all(names.map((name) => isFile(join(root, name, 'migration.sql'), diagnostics)));
  const contents = await readFiles(names.filter((_, i) => present[i]).map((name) => join(root, name, 'migration.sql')));
  const migrations: Migration[] = [];
  const errors = new FileErrors();
  for (const name of names) {
    const file = join(root, name, 'migration.sql');
    if (!contents.has(file)) {
      if (diagnostics.some((d) => d.file === file)) continue; // there, but not a regular file: already named
      diagnostics.push({
        level: 'warning',
        code: 'missing-migration-sql',
        message: `migration folder ${name} has no migration.sql (prisma migrate deploy would fail)`,
        file: join(root, name),
        line: null,
      });
      continue;
    }
    const m = await errors.attempt(() => readPrismaMigration(name, file, contents.get(file)!));
    if (m) migrations.push(m);
  }
  errors.finish();
  return buildMigrationSet('prisma', root, chainLinear(migrations, diagnostics), diagnostics);
}

async function readPrismaMigration(name: string, file: string, bytes: Buffer): Promise<Migration> {
  const script = bytes.toString('utf8');
  const chunks = await splitSql(script, file);
  const inTransaction = chunks.length > 1;
  const lf = script.replace(/\r\n/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  return {
    id: name,
    description: humanize(/^\d+_(.+)$/.exec(name)?.[1] ?? name),
    tool: 'prisma',
    file,
    parents: [],
    dependsOn: [],
    branchLabels: [],
    statements: chunks.map((c) => ({ sql: c.sql, line: c.line, origin: null, inTransaction })),
    downStatements: null,
    reversible: await undoableWithoutDataLoss(chunks.map((c) => c.sql)),
    unanalyzed: [],
    checksum: sha256Hex(bytes),
    meta: {
      down: 'none',
      idLine: '1',
      // Prisma accepts a checksum of the script with either line ending (git may convert them).
      checksumLf: sha256Hex(lf),
      checksumCrlf: sha256Hex(crlf),
    },
  };
}

/**
 * Whether a `_prisma_migrations.checksum` matches the file, the way Prisma decides: the sha256 of the
 * script as is, with CRLF→LF or with LF→CRLF, also in the old format whose bytes were not zero-padded.
 */
export function prismaChecksumMatches(migration: Migration, checksum: string): boolean {
  const candidates = [migration.checksum, migration.meta.checksumLf, migration.meta.checksumCrlf].filter(
    (c): c is string => typeof c === 'string',
  );
  const unpadded = (hex: string) => hex.replace(/(..)/g, (byte) => byte.replace(/^0/, ''));
  return candidates.some((c) => c === checksum || (checksum.length !== 64 && unpadded(c) === checksum));
}

/** Whether `path` is a regular file; something else by that name (a FIFO, a directory, a link loop) is a warning. */
async function isFile(path: string, diagnostics: Diagnostic[]): Promise<boolean> {
  try {
    const what = notRegular(await stat(path));
    if (what) diagnostics.push(skippedFile(path, what));
    return what === null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code === 'ELOOP') {
      diagnostics.push(skippedFile(path, 'a symbolic link loop'));
      return false;
    }
    throw new UserInputError(`${path}: cannot read (${code ?? (error as Error).message})`, { cause: error });
  }
}
