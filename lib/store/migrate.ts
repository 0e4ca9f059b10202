import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PRISMA_MIGRATIONS_DDL } from '../versions/ddl';

/** The part of a connection migrations need: parameterized queries, and multi-statement scripts. */
export interface MigrationSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs a script of several `;`-separated statements (no parameters). */
  exec(sql: string): Promise<void>;
}

export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 hex of the file's bytes, as `prisma migrate` records it. */
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  /** Migrations already applied whose file changed since (Prisma warns about these too). */
  modified: string[];
}

/** Prisma Migrate's own lock key: also keeps us from racing a `prisma migrate deploy` on the same database. */
const MIGRATE_LOCK_KEY = 72707369;

/** `_prisma_migrations` exactly as Prisma Migrate creates it, so `prisma migrate status` agrees with us. */
const CREATE_MIGRATIONS_TABLE = PRISMA_MIGRATIONS_DDL;

/** The committed migrations (`<dir>/<name>/migration.sql`), in name order like Prisma. */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const bytes = await readFile(join(dir, name, 'migration.sql')).catch(() => null);
    if (!bytes) continue;
    files.push({ name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') });
  }
  return files;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies the migrations not yet recorded in `_prisma_migrations`, each in its own transaction, under
 * Prisma's advisory lock so two instances starting together apply each migration once. Forward only:
 * nothing is ever dropped or reset. A migration left failed (by Prisma itself) stops the start with a
 * clear message, as `prisma migrate deploy` would.
 */
export async function applyMigrations(session: MigrationSession, files: MigrationFile[]): Promise<MigrateResult> {
  await session.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
  try {
    await session.exec(CREATE_MIGRATIONS_TABLE);
    const { rows } = await session.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new Error(
        `history store: migration ${failed.migration_name} failed earlier and was not resolved; fix the database, then run \`prisma migrate resolve\``,
      );
    }
    const done = new Map(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r.checksum]));
    const result: MigrateResult = { applied: [], modified: [] };
    for (const file of files) {
      const checksum = done.get(file.name);
      if (checksum !== undefined) {
        if (checksum !== file.checksum) result.modified.push(file.name);
        continue;
      }
      await applyOne(session, file);
      result.applied.push(file.name);
    }
    return result;
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]).catch(() => {});
  }
}

async function applyOne(session: MigrationSession, file: MigrationFile): Promise<void> {
  await session.exec('BEGIN');
  try {
    const startedAt = new Date();
    await session.exec(file.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), file.checksum, file.name, startedAt],
    );
    await session.exec('COMMIT');
  } catch (err) {
    await session.exec('ROLLBACK').catch(() => {});
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`history store: migration ${file.name} failed and was rolled back: ${reason}`, { cause: err });
  }
}
