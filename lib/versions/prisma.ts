import type { Queryable } from '../db/queryable';
import type { MigrationSet, VersionState } from '../model/migration';
import { prismaChecksumMatches } from '../migrations/prisma/load';
import type { FoundTable } from './table';

interface PrismaRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
  started_at: Date | string;
  log: string | null;
}

/**
 * Reads `_prisma_migrations` the way `prisma migrate` does: a row with `finished_at` and no
 * `rolled_back_at` is applied; no `finished_at` and no `rolled_back_at` is a failed migration that blocks
 * deploys; `rolled_back_at` means it was marked rolled back and is not applied. An applied row whose
 * checksum differs from the file's means the file was edited after it was applied.
 */
export async function readPrismaVersion(db: Queryable, table: FoundTable, set: MigrationSet): Promise<VersionState> {
  const { rows } = await db.query<PrismaRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, left(logs, 300) AS log
       FROM ${table.sql}
      ORDER BY started_at, finished_at NULLS LAST, migration_name`,
  );
  const base = { tool: 'prisma' as const, table: table.label };
  if (rows.length === 0) {
    return { ...base, state: 'empty', current: [], applied: [], problems: [`${table.label} has no row: no migration is applied`] };
  }
  const byId = new Map(set.migrations.map((m) => [m.id, m]));
  const appliedRows = rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null);
  const applied = new Set(appliedRows.map((r) => r.migration_name));
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  const rolledBack = rows.filter((r) => r.rolled_back_at !== null && !applied.has(r.migration_name));
  const unknown = [...new Set(rows.map((r) => r.migration_name))].filter((n) => !byId.has(n));
  const edited = appliedRows.filter((r) => {
    const m = byId.get(r.migration_name);
    return m !== undefined && !prismaChecksumMatches(m, r.checksum);
  });

  const problems = [
    ...failed.map((r) => `migration ${r.migration_name} failed (started ${iso(r.started_at)})${r.log ? `: ${oneLine(r.log)}` : ''}; resolve it with prisma migrate resolve`),
    ...unknown.map((n) => `${table.label} records migration ${n}, which is not in ${set.path} (another branch, or the code is behind)`),
    ...edited.map((r) => `migration ${r.migration_name} was edited after it was applied (checksum differs from ${byId.get(r.migration_name)!.file})`),
    ...rolledBack.map((r) => `migration ${r.migration_name} was rolled back (${iso(r.rolled_back_at!)}) and is not applied`),
  ];
  const state: VersionState['state'] =
    failed.length > 0 ? 'failed' : unknown.length > 0 ? 'unknown-version' : edited.length > 0 ? 'checksum-mismatch' : applied.size === 0 ? 'empty' : 'ok';
  const order = [...applied];
  const last = appliedRows[appliedRows.length - 1];
  return { ...base, state, current: last ? [last.migration_name] : [], applied: order, problems };
}

function iso(d: Date | string): string {
  return d instanceof Date ? d.toISOString() : String(d);
}

/** Prisma's logs span lines ("Database error:\nERROR: ..."): one line, short. */
function oneLine(s: string): string {
  const line = s.split(/\s*\n\s*/).filter(Boolean).join(' ');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
