import type { Queryable } from '../db/queryable';
import type { MigrationSet, VersionState } from '../model/migration';
import type { FoundTable } from './table';

/**
 * golang-migrate's `schema_migrations(version bigint, dirty boolean)`: one row, the last version applied.
 * Every migration up to it is applied; a dirty row means that migration failed halfway, so it is not.
 */
export async function readGolangMigrateVersion(db: Queryable, table: FoundTable, set: MigrationSet): Promise<VersionState> {
  const { rows } = await db.query<{ version: string; dirty: boolean }>(`SELECT version::text AS version, dirty FROM ${table.sql}`);
  const base = { tool: 'sql' as const, table: table.label };
  if (rows.length === 0) {
    return { ...base, state: 'empty', current: [], applied: [], problems: [`${table.label} has no row: no migration is applied`] };
  }
  if (rows.length > 1) {
    const versions = rows.map((r) => r.version).sort();
    return {
      ...base,
      state: 'multiple-rows',
      current: versions,
      applied: [],
      problems: [`${table.label} has ${rows.length} rows (${versions.join(', ')}); golang-migrate keeps exactly one`],
    };
  }
  const { version, dirty } = rows[0];
  const v = BigInt(version);
  const known = set.migrations.some((m) => asNumber(m.id) === v);
  const applied = set.migrations
    .filter((m) => {
      const n = asNumber(m.id);
      return n !== null && (dirty ? n < v : n <= v);
    })
    .map((m) => m.id);
  const problems: string[] = [];
  if (dirty) problems.push(`${table.label} is dirty at version ${version}: that migration failed halfway; repair the schema by hand, then run migrate force`);
  if (!known && v >= 0n) problems.push(`${table.label} says version ${version}, which is not in ${set.path} (another branch, or the code is behind)`);
  const state: VersionState['state'] = dirty ? 'dirty' : known || v < 0n ? 'ok' : 'unknown-version';
  return { ...base, state, current: v < 0n ? [] : [version], applied, problems };
}

/** dbmate's `schema_migrations(version varchar)`: one row per applied migration. */
export async function readDbmateVersion(db: Queryable, table: FoundTable, set: MigrationSet): Promise<VersionState> {
  const { rows } = await db.query<{ version: string }>(`SELECT version::text AS version FROM ${table.sql}`);
  const base = { tool: 'sql' as const, table: table.label };
  if (rows.length === 0) {
    return { ...base, state: 'empty', current: [], applied: [], problems: [`${table.label} has no row: no migration is applied`] };
  }
  const recorded = new Set(rows.map((r) => r.version));
  const known = new Set(set.migrations.map((m) => m.id));
  const unknown = [...recorded].filter((v) => !known.has(v)).sort(byNumber);
  const applied = [...set.migrations.filter((m) => recorded.has(m.id)).map((m) => m.id), ...unknown];
  const latest = [...recorded].sort(byNumber).pop()!;
  return {
    ...base,
    state: unknown.length > 0 ? 'unknown-version' : 'ok',
    current: [latest],
    applied,
    problems: unknown.map((v) => `${table.label} records version ${v}, which is not in ${set.path} (another branch, or the code is behind)`),
  };
}

function asNumber(id: string): bigint | null {
  return /^\d+$/.test(id) ? BigInt(id) : null;
}

function byNumber(a: string, b: string): number {
  const x = /^\d+$/.test(a) ? BigInt(a) : 0n;
  const y = /^\d+$/.test(b) ? BigInt(b) : 0n;
  return x !== y ? (x < y ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0;
}
