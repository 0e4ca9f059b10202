import type { SchemaModel } from '../model/schema';
import type { SchemaChange, UncheckedAttribute } from '../model/diff';
import { getSchemaByHash } from '../store';
import { diffSchemas } from '../diff';
import type { AppContext } from './context';
import type { TableDrift } from './types';

/** Version tables are bookkeeping, not schema: two environments at different versions still "match". */
const VERSION_TABLES = ['alembic_version', '_prisma_migrations', 'flyway_schema_history', 'schema_migrations'];

/** Diff of two models as the app shows it: `expected` on the left, `actual` on the right. */
export function compareSchemas(expected: SchemaModel, actual: SchemaModel, unverified: UncheckedAttribute[] = []): SchemaChange[] {
  return diffSchemas(expected, actual, { ignoreTables: VERSION_TABLES, unverified });
}

/** Number of changes between two stored schemas; memoized by hash pair (stored schemas never change). */
export async function changeCountBetween(ctx: AppContext, leftHash: string, rightHash: string): Promise<number | null> {
  if (leftHash === rightHash) return 0;
  const key = `${leftHash}|${rightHash}`;
  const cached = ctx.caches.diffCounts.get(key);
  if (cached !== undefined) return cached;
  const [left, right] = await Promise.all([getSchemaByHash(ctx.store, leftHash), getSchemaByHash(ctx.store, rightHash)]);
  if (!left || !right) return null;
  const count = compareSchemas(left, right).length;
  ctx.caches.diffCounts.set(key, count);
  return count;
}

/** Changes grouped by the table they belong to (schema-level objects under the schema), sorted by name. */
export function groupByTable(changes: SchemaChange[]): TableDrift[] {
  const groups = new Map<string, SchemaChange[]>();
  for (const c of changes) {
    const key = c.table !== null ? `${c.schema}.${c.table}` : c.kind === 'table' || c.kind === 'view' || c.kind === 'sequence' || c.kind === 'enum' ? `${c.schema}.${c.name}` : c.schema;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([table, list]) => ({ table, changes: list }));
}
