import type { Queryable } from '../db/queryable';
import type { MigrationSet, VersionState } from '../model/migration';
import { ancestorsOf } from '../migrations/graph';
import type { FoundTable } from './table';

/**
 * Reads `alembic_version(version_num)`: one row per current head. Several rows are legitimate when they
 * are distinct known revisions none of which builds on another (a branched graph); otherwise they are
 * reported as `multiple-rows`. A revision the code does not have is `unknown-version`.
 */
export async function readAlembicVersion(db: Queryable, table: FoundTable, set: MigrationSet): Promise<VersionState> {
  const { rows } = await db.query<{ version_num: string }>(`SELECT version_num FROM ${table.sql}`);
  const current = rows.map((r) => r.version_num).sort();
  const base = { tool: 'alembic' as const, table: table.label, current, applied: current };
  if (current.length === 0) return { ...base, state: 'empty', problems: [`${table.label} has no row: no migration is applied`] };

  const known = new Set(set.migrations.map((m) => m.id));
  const unknown = current.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    return {
      ...base,
      state: 'unknown-version',
      problems: unknown.map(
        (id) => `${table.label} says revision ${id}, which is not among the migrations in ${set.path} (another branch, or the code is behind)`,
      ),
    };
  }
  if (current.length > 1) {
    const problem = multipleRowsProblem(set, current);
    if (problem) return { ...base, state: 'multiple-rows', problems: [`${table.label} has ${current.length} rows: ${problem}`] };
  }
  return { ...base, state: 'ok', problems: [] };
}

/** Why several rows are not a valid set of branch heads, or null when they are. */
function multipleRowsProblem(set: MigrationSet, ids: string[]): string | null {
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dupes.length > 0) return `revision ${[...new Set(dupes)].join(', ')} appears more than once`;
  for (const id of ids) {
    const below = ancestorsOf(set, [id]);
    const covered = ids.find((other) => other !== id && below.has(other));
    if (covered) return `${covered} is an ancestor of ${id}, so both cannot be current`;
  }
  return null;
}
