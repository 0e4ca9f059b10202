import type { SchemaModel } from '../model/schema';
import type { ObjectKind, SchemaChange, UncheckedAttribute } from '../model/diff';
import { getSchemaByHash } from '../store';
import { pairKey, saveDiffCounts, storedDiffCounts } from '../store/diff-counts';
import { diffSchemas } from '../diff';
import type { AppContext } from './context';
import type { TableDrift } from './types';

/** Version tables are bookkeeping, not schema: two environments at different versions still "match". */
const VERSION_TABLES = ['alembic_version', '_prisma_migrations', 'flyway_schema_history', 'schema_migrations'];

/** Diff of two models as the app shows it: `expected` on the left, `actual` on the right. */
export function compareSchemas(expected: SchemaModel, actual: SchemaModel, unverified: UncheckedAttribute[] = []): SchemaChange[] {
  return diffSchemas(expected, actual, { ignoreTables: VERSION_TABLES, unverified });
}

/**
 * Number of changes between two stored schemas. Stored schemas never change, so neither does the count:
 * it is computed once per ordered hash pair and kept in the history store (diff_count), shared by
 * instances and restarts; this process also remembers it.
 */
export async function changeCountBetween(ctx: AppContext, leftHash: string, rightHash: string): Promise<number | null> {
  if (leftHash === rightHash) return 0;
  return (await changeCountsAmong(ctx, [leftHash, rightHash])).get(pairKey(leftHash, rightHash)) ?? null;
}

/**
 * Change counts for every ordered pair of distinct `hashes` (by pairKey): from this process's memory,
 * else the store, else computed (each schema loaded once) and stored. A pair whose schema is missing
 * from the store has no entry (unknown), and is not stored.
 */
export async function changeCountsAmong(ctx: AppContext, hashes: readonly string[]): Promise<Map<string, number>> {
  const distinct = [...new Set(hashes)];
  const memory = ctx.caches.diffCounts;
  const out = new Map<string, number>();
  const pairs = distinct.flatMap((l) => distinct.filter((r) => r !== l).map((r) => [l, r] as const));
  let missing = pairs.filter(([l, r]) => {
    const n = memory.get(pairKey(l, r));
    if (n === undefined) return true;
    out.set(pairKey(l, r), n);
    return false;
  });
  if (missing.length === 0) return out;

  const stored = await storedDiffCounts(ctx.store, [...new Set(missing.flat())]);
  for (const [k, n] of stored) memory.set(k, n);
  missing = missing.filter(([l, r]) => {
    const n = stored.get(pairKey(l, r));
    if (n === undefined) return true;
    out.set(pairKey(l, r), n);
    return false;
  });
  if (missing.length === 0) return out;

  const schemas = new Map<string, SchemaModel | null>();
  for (const h of new Set(missing.flat())) schemas.set(h, await getSchemaByHash(ctx.store, h));
  const computed: Array<{ leftHash: string; rightHash: string; changes: number }> = [];
  for (const [l, r] of missing) {
    const left = schemas.get(l);
    const right = schemas.get(r);
    if (!left || !right) continue;
    const changes = compareSchemas(left, right).length;
    computed.push({ leftHash: l, rightHash: r, changes });
    memory.set(pairKey(l, r), changes);
    out.set(pairKey(l, r), changes);
  }
  // Losing the write only costs a recomputation later; the overview must still answer.
  await saveDiffCounts(ctx.store, computed).catch(() => {});
  return out;
}

/** Kinds that are objects of their own, named by the table-like object they are (not a part of one). */
const RELATION_KINDS: ReadonlySet<ObjectKind> = new Set(['table', 'view', 'sequence', 'enum']);

/** The group a change is shown under when its object lives in the whole database, not in a schema. */
export const DATABASE_GROUP = '(database)';

/**
 * The group a change is shown under: a table's parts (columns, indexes, constraints, triggers, policies,
 * rules, grants on it or its columns) under `schema.table`; tables, views, sequences and enums under
 * themselves; schema-level objects (functions and the grants on them, domains, composite / range types,
 * collations, statistics, default privileges, the schema's own grants) under `schema`; event triggers,
 * database-wide default privileges and roles under `(database)`.
 */
export function groupKey(c: SchemaChange): string {
  if (c.schema === '') return DATABASE_GROUP;
  // A function's grant is addressed by the function's signature: it belongs with the function, in its schema.
  if (c.kind === 'privilege' && c.table !== null && isFunctionGrant(c)) return c.schema;
  if (c.table !== null) return `${c.schema}.${c.table}`;
  return RELATION_KINDS.has(c.kind) ? `${c.schema}.${c.name}` : c.schema;
}

/** A whole grant names its object type; an altered one only differs in privileges, so its signature tells. */
function isFunctionGrant(c: SchemaChange): boolean {
  const objectType = (c.expected ?? c.actual)?.objectType;
  if (typeof objectType === 'string') return objectType === 'function';
  return /\(.*\)$/.test(c.table ?? '');
}

/** Changes grouped by the table they belong to (schema-level objects under the schema, see groupKey), sorted by name. */
export function groupByTable(changes: SchemaChange[]): TableDrift[] {
  const groups = new Map<string, SchemaChange[]>();
  for (const c of changes) {
    const key = groupKey(c);
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([table, list]) => ({ table, changes: list }));
}
