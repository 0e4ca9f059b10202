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
import type { UncheckedAttribute } from '../model/diff';
import { asRecord, differingAttributes } from './attributes';
import { compareChanges } from './order';
import { uncheckedFilter, type UncheckedFilter } from './unchecked';

export interface DiffOptions {
  /**
   * Tables to leave out, with their columns, constraints, indexes and owned sequences: a bare name
   * (`alembic_version`, any schema) or `schema.table`.
   */
  ignoreTables?: string[];
  /**
   * Attributes the expected side does not know (ExpectedSchema.unverified): not compared, so an object
   * whose only differences are there is not `altered`.
   */
  unverified?: readonly UncheckedAttribute[];
  /**
   * The schemas both sides were read from (an environment's `schemas`); null/absent = all. Introspection
   * already restricts every other kind; extensions are read database-wide, so they are restricted here.
   */
  schemas?: readonly string[] | null;
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
  const unchecked = uncheckedFilter(options.unverified);
  const inSchemas = options.schemas ? new Set(options.schemas) : null;
  const keepExtension = (x: Extension) => inSchemas === null || inSchemas.has(x.schema);
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
  pairUp<Extension>(expected.extensions.filter(keepExtension), actual.extensions.filter(keepExtension), (x) => x.name, {
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
    found: ReturnType<typeof differingAttributes>,
  ) {
    const diff = found && unchecked ? unchecked(kind, schema, table, name, found) : found;
    if (diff) push(kind, 'altered', schema, table, name, diff.expected, diff.actual);
  }

  function diffTable(e: Table, a: Table) {
    altered('table', e.schema, null, e.name, differingAttributes(e, a, TABLE_ATTRS));
    diffNamed(out, 'column', e.schema, e.name, e.columns, a.columns, COLUMN_ATTRS, sameColumn, unchecked);
    diffNamed(out, 'constraint', e.schema, e.name, e.constraints, a.constraints, CONSTRAINT_ATTRS, sameConstraint, unchecked);
    diffNamed(out, 'index', e.schema, e.name, e.indexes, a.indexes, INDEX_ATTRS, sameIndex, unchecked);
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

// Monomorphic equality checks for the hot path; differingAttributes runs only when they fail.
const sameColumn = (x: Column, y: Column) =>
  x.type === y.type &&
  x.nullable === y.nullable &&
  x.default === y.default &&
  x.identity === y.identity &&
  x.generated === y.generated &&
  x.collation === y.collation &&
  x.comment === y.comment;
const sameIndex = (x: Index, y: Index) =>
  x.definition === y.definition && x.unique === y.unique && x.primary === y.primary && x.valid === y.valid;
const sameConstraint = (x: Constraint, y: Constraint) =>
  x.definition === y.definition &&
  x.type === y.type &&
  x.validated === y.validated &&
  x.references === y.references &&
  x.columns.length === y.columns.length &&
  x.columns.every((c, i) => c === y.columns[i]);

/**
 * The parts of one table (columns, constraints, indexes), matched by name. Written without per-call
 * closures or maps in the common case: it runs for every table, 2,000 times in a large schema.
 */
function diffNamed<T extends { name: string }>(
  out: SchemaChange[],
  kind: ObjectKind,
  schema: string,
  table: string,
  expected: readonly T[],
  actual: readonly T[],
  attrs: readonly (keyof T & string)[],
  same: (e: T, a: T) => boolean,
  unchecked: UncheckedFilter | null,
): void {
  let aligned = expected.length === actual.length;
  for (let i = 0; aligned && i < expected.length; i++) aligned = expected[i].name === actual[i].name;
  if (aligned) {
    for (let i = 0; i < expected.length; i++) {
      if (same(expected[i], actual[i])) continue;
      const diff = checkedDifferences(kind, schema, table, expected[i], actual[i], attrs, unchecked);
      if (diff) out.push({ kind, change: 'altered', schema, table, name: expected[i].name, ...diff });
    }
    return;
  }
  const actualByName = new Map<string, T>();
  for (const a of actual) actualByName.set(a.name, a);
  const expectedNames = new Set<string>();
  for (const e of expected) {
    expectedNames.add(e.name);
    const a = actualByName.get(e.name);
    if (a === undefined) {
      out.push({ kind, change: 'missing', schema, table, name: e.name, expected: asRecord(e), actual: null });
      continue;
    }
    const diff = checkedDifferences(kind, schema, table, e, a, attrs, unchecked);
    if (diff) out.push({ kind, change: 'altered', schema, table, name: e.name, ...diff });
  }
  for (const a of actual) {
    if (!expectedNames.has(a.name)) out.push({ kind, change: 'unexpected', schema, table, name: a.name, expected: null, actual: asRecord(a) });
  }
}

/** The attributes of two same-named parts that differ, less those nobody can check. */
function checkedDifferences<T extends { name: string }>(
  kind: ObjectKind,
  schema: string,
  table: string,
  e: T,
  a: T,
  attrs: readonly (keyof T & string)[],
  unchecked: UncheckedFilter | null,
): ReturnType<typeof differingAttributes> {
  const found = differingAttributes(e, a, attrs);
  return found && unchecked ? unchecked(kind, schema, table, e.name, found) : found;
}

/** Calls `missing` / `unexpected` / `both` for each object of two lists matched by key. */
function pairUp<T>(
  expected: readonly T[],
  actual: readonly T[],
  key: (item: T) => string,
  on: { missing(e: T): void; unexpected(a: T): void; both(e: T, a: T): void },
): void {
  // Fast path: models are normalized (sorted by key), so equal key lists line up index by index and
  // no map is needed. This is the common case (a few changes among 50,000 columns).
  if (expected.length === actual.length) {
    let aligned = true;
    for (let i = 0; i < expected.length && aligned; i++) aligned = key(expected[i]) === key(actual[i]);
    if (aligned) {
      for (let i = 0; i < expected.length; i++) on.both(expected[i], actual[i]);
      return;
    }
  }
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
