import type {
  ChangeType,
  Column,
  Constraint,
  EnumType,
  Extension,
  Index,
  ObjectKind,
  SchemaChange,
  SchemaModel,
  Sequence,
  Table,
  View,
} from '../model';
import { asRecord, differingAttributes } from './attributes';
import { compareChanges } from './order';

export interface DiffOptions {
  /**
   * Tables to leave out, with their columns, constraints, indexes and owned sequences: a bare name
   * (`alembic_version`, any schema) or `schema.table`.
   */
  ignoreTables?: string[];
}

const TABLE_ATTRS = ['kind', 'partitionOf', 'partitionKey', 'comment'] as const;
const COLUMN_ATTRS = ['type', 'nullable', 'default', 'identity', 'generated', 'collation', 'comment'] as const;
const CONSTRAINT_ATTRS = ['type', 'definition', 'columns', 'validated', 'references'] as const;
const INDEX_ATTRS = ['definition', 'unique', 'primary', 'valid'] as const;
const SEQUENCE_ATTRS = ['dataType', 'start', 'increment', 'min', 'max', 'cycle', 'ownedBy'] as const;
const VIEW_ATTRS = ['materialized', 'definition'] as const;
const EXTENSION_ATTRS = ['schema', 'version'] as const;

const keyOf = (schema: string, name: string) => `${schema}\u0000${name}`;

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(key(item), item);
  return map;
}

/**
 * Column-level differences between `expected` (left: the code, another environment, an older
 * snapshot) and `actual` (right). A missing or unexpected table is one change, not one per column.
 * The result is sorted by schema, owner (table / enum), kind and name.
 */
export function diffSchemas(expected: SchemaModel, actual: SchemaModel, options: DiffOptions = {}): SchemaChange[] {
  const ignored = ignoreMatcher(options.ignoreTables ?? []);
  const out: SchemaChange[] = [];
  const push = (
    kind: ObjectKind,
    change: ChangeType,
    schema: string,
    table: string | null,
    name: string,
    e: Record<string, unknown> | null,
    a: Record<string, unknown> | null,
  ) => out.push({ kind, change, schema, table, name, expected: e, actual: a });

  // Schemas
  const actualSchemas = new Set(actual.schemas);
  const expectedSchemas = new Set(expected.schemas);
  for (const s of expected.schemas) if (!actualSchemas.has(s)) push('schema', 'missing', s, null, s, { name: s }, null);
  for (const s of actual.schemas) if (!expectedSchemas.has(s)) push('schema', 'unexpected', s, null, s, null, { name: s });

  // Extensions (database-wide, keyed by name)
  pairUp<Extension>(expected.extensions, actual.extensions, (x) => x.name, {
    missing: (x) => push('extension', 'missing', x.schema, null, x.name, asRecord(x), null),
    unexpected: (x) => push('extension', 'unexpected', x.schema, null, x.name, null, asRecord(x)),
    both: (e, a) => altered('extension', e.schema, null, e.name, differingAttributes(e, a, EXTENSION_ATTRS)),
  });

  // Tables and their parts
  const missingTables = new Set<string>();
  const unexpectedTables = new Set<string>();
  const keepTable = (t: Table) => !ignored(t.schema, t.name);
  pairUp<Table>(expected.tables.filter(keepTable), actual.tables.filter(keepTable), (t) => keyOf(t.schema, t.name), {
    missing: (t) => {
      missingTables.add(`${t.schema}.${t.name}`);
      push('table', 'missing', t.schema, null, t.name, asRecord(t), null);
    },
    unexpected: (t) => {
      unexpectedTables.add(`${t.schema}.${t.name}`);
      push('table', 'unexpected', t.schema, null, t.name, null, asRecord(t));
    },
    both: (e, a) => diffTable(e, a),
  });

  // Enums and their values
  pairUp<EnumType>(expected.enums, actual.enums, (x) => keyOf(x.schema, x.name), {
    missing: (x) => push('enum', 'missing', x.schema, null, x.name, asRecord(x), null),
    unexpected: (x) => push('enum', 'unexpected', x.schema, null, x.name, null, asRecord(x)),
    both: (e, a) => diffEnum(e, a),
  });

  // Sequences: those owned by an ignored, missing or unexpected table belong to that table's change.
  const ownerTable = (s: Sequence) => (s.ownedBy ? s.ownedBy.slice(0, s.ownedBy.lastIndexOf('.')) : null);
  const keepSequence = (s: Sequence) => {
    const owner = ownerTable(s);
    if (!owner) return true;
    const dot = owner.indexOf('.');
    return !ignored(owner.slice(0, dot), owner.slice(dot + 1));
  };
  pairUp<Sequence>(expected.sequences.filter(keepSequence), actual.sequences.filter(keepSequence), (x) => keyOf(x.schema, x.name), {
    missing: (x) => {
      if (!missingTables.has(ownerTable(x) ?? '')) push('sequence', 'missing', x.schema, null, x.name, asRecord(x), null);
    },
    unexpected: (x) => {
      if (!unexpectedTables.has(ownerTable(x) ?? '')) push('sequence', 'unexpected', x.schema, null, x.name, null, asRecord(x));
    },
    both: (e, a) => altered('sequence', e.schema, null, e.name, differingAttributes(e, a, SEQUENCE_ATTRS)),
  });

  // Views and materialized views
  pairUp<View>(expected.views, actual.views, (x) => keyOf(x.schema, x.name), {
    missing: (x) => push('view', 'missing', x.schema, null, x.name, asRecord(x), null),
    unexpected: (x) => push('view', 'unexpected', x.schema, null, x.name, null, asRecord(x)),
    both: (e, a) => altered('view', e.schema, null, e.name, differingAttributes(e, a, VIEW_ATTRS)),
  });

  return out.sort(compareChanges);

  function altered(
    kind: ObjectKind,
    schema: string,
    table: string | null,
    name: string,
    diff: ReturnType<typeof differingAttributes>,
  ) {
    if (diff) push(kind, 'altered', schema, table, name, diff.expected, diff.actual);
  }

  function diffTable(e: Table, a: Table) {
    const { schema, name: table } = e;
    altered('table', schema, null, table, differingAttributes(e, a, TABLE_ATTRS));
    pairUp<Column>(e.columns, a.columns, (c) => c.name, {
      missing: (c) => push('column', 'missing', schema, table, c.name, asRecord(c), null),
      unexpected: (c) => push('column', 'unexpected', schema, table, c.name, null, asRecord(c)),
      both: (x, y) => altered('column', schema, table, x.name, differingAttributes(x, y, COLUMN_ATTRS)),
    });
    pairUp<Constraint>(e.constraints, a.constraints, (c) => c.name, {
      missing: (c) => push('constraint', 'missing', schema, table, c.name, asRecord(c), null),
      unexpected: (c) => push('constraint', 'unexpected', schema, table, c.name, null, asRecord(c)),
      both: (x, y) => altered('constraint', schema, table, x.name, differingAttributes(x, y, CONSTRAINT_ATTRS)),
    });
    pairUp<Index>(e.indexes, a.indexes, (i) => i.name, {
      missing: (i) => push('index', 'missing', schema, table, i.name, asRecord(i), null),
      unexpected: (i) => push('index', 'unexpected', schema, table, i.name, null, asRecord(i)),
      both: (x, y) => altered('index', schema, table, x.name, differingAttributes(x, y, INDEX_ATTRS)),
    });
  }

  function diffEnum(e: EnumType, a: EnumType) {
    const actualValues = new Set(a.values);
    const expectedValues = new Set(e.values);
    e.values.forEach((v, position) => {
      if (!actualValues.has(v)) push('enum_value', 'missing', e.schema, e.name, v, { value: v, position }, null);
    });
    a.values.forEach((v, position) => {
      if (!expectedValues.has(v)) push('enum_value', 'unexpected', e.schema, e.name, v, null, { value: v, position });
    });
    // Same labels in another order: compare the order of the labels both sides have.
    const commonExpected = e.values.filter((v) => actualValues.has(v));
    const commonActual = a.values.filter((v) => expectedValues.has(v));
    if (commonExpected.some((v, i) => v !== commonActual[i])) {
      push('enum', 'altered', e.schema, null, e.name, { values: e.values }, { values: a.values });
    }
  }
}

/** Calls `missing` / `unexpected` / `both` for each object of two lists matched by key. */
function pairUp<T>(
  expected: readonly T[],
  actual: readonly T[],
  key: (item: T) => string,
  on: { missing(e: T): void; unexpected(a: T): void; both(e: T, a: T): void },
): void {
  const actualByKey = byKey(actual, key);
  const seen = new Set<string>();
  for (const e of expected) {
    const k = key(e);
    seen.add(k);
    const a = actualByKey.get(k);
    if (a === undefined) on.missing(e);
    else on.both(e, a);
  }
  for (const a of actual) if (!seen.has(key(a))) on.unexpected(a);
}

/** `alembic_version` matches that table in any schema; `core.audit` only that one. */
function ignoreMatcher(patterns: readonly string[]): (schema: string, table: string) => boolean {
  if (patterns.length === 0) return () => false;
  const bare = new Set(patterns.filter((p) => !p.includes('.')));
  const qualified = new Set(patterns.filter((p) => p.includes('.')));
  return (schema, table) => bare.has(table) || qualified.has(`${schema}.${table}`);
}
