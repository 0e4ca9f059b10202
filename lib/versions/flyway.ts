import type { Queryable } from '../db/queryable';
import type { MigrationSet, VersionState } from '../model/migration';
import { compareVersions, versionKey } from '../migrations/sql/scheme';
import type { FoundTable } from './table';

interface FlywayRow {
  installed_rank: number;
  version: string | null;
  description: string | null;
  type: string;
  script: string;
  checksum: number | null;
  success: boolean;
}

/**
 * Reads `flyway_schema_history` in `installed_rank` order: successful versioned rows are applied, a
 * BASELINE row marks every version up to it as applied, UNDO/DELETE rows take a version back, and
 * `success = false` is a failed migration. Versions are matched as Flyway does (`1.0` = `1`); a SQL row
 * whose CRC32 checksum differs from the file's means the file was edited after it was applied.
 */
export async function readFlywayVersion(db: Queryable, table: FoundTable, set: MigrationSet): Promise<VersionState> {
  const { rows } = await db.query<FlywayRow>(
    `SELECT installed_rank, version, description, type, script, checksum, success FROM ${table.sql} ORDER BY installed_rank`,
  );
  const base = { tool: 'sql' as const, table: table.label };
  const byKey = new Map(set.migrations.map((m) => [m.meta.versionKey ?? versionKey(m.id), m]));
  const idByKey = new Map([...byKey].map(([k, m]) => [k, m.id]));
  const edited: Array<{ row: FlywayRow; file: string }> = [];
  const applied = new Map<string, string>(); // key → id (or the table's version when unknown)
  const failed: FlywayRow[] = [];
  const unknown = new Set<string>();
  let current: string | null = null;

  for (const r of rows) {
    if (!r.success) {
      failed.push(r);
      continue;
    }
    if (r.version === null || r.type === 'SCHEMA') continue; // repeatable, or Flyway's schema-creation marker
    const key = versionKey(r.version);
    if (r.type.startsWith('UNDO') || r.type === 'DELETE') {
      applied.delete(key);
      continue;
    }
    if (r.type === 'BASELINE') {
      for (const [k, id] of idByKey) if (compareVersions(k, key) <= 0) applied.set(k, id);
    } else {
      const id = idByKey.get(key);
      if (id === undefined) unknown.add(r.version);
      const m = byKey.get(key);
      if (m?.meta.flywayChecksum && r.type === 'SQL' && r.checksum !== null && String(r.checksum) !== m.meta.flywayChecksum) {
        edited.push({ row: r, file: m.file });
      }
      applied.set(key, id ?? r.version);
    }
    current = idByKey.get(key) ?? r.version;
  }

  if (rows.filter((r) => r.type !== 'SCHEMA').length === 0) {
    return { ...base, state: 'empty', current: [], applied: [], problems: [`${table.label} has no row: no migration is applied`] };
  }
  const problems = [
    ...failed.map((r) => `migration ${r.version ?? r.script} (${r.script}) failed (installed_rank ${r.installed_rank}); fix it and run flyway repair`),
    ...[...unknown].map((v) => `${table.label} records version ${v}, which is not in ${set.path} (another branch, or the code is behind)`),
    ...edited.map((e) => `migration ${e.row.version} was edited after it was applied (Flyway checksum ${e.row.checksum} differs from ${e.file})`),
  ];
  const state: VersionState['state'] =
    failed.length > 0 ? 'failed' : unknown.size > 0 ? 'unknown-version' : edited.length > 0 ? 'checksum-mismatch' : 'ok';
  const order = [...applied.entries()].sort(([a], [b]) => compareVersions(a, b)).map(([, id]) => id);
  return { ...base, state, current: current === null ? [] : [current], applied: order, problems };
}
