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
import { diffKinds, type KindContext } from './kinds';
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
  /**
   * Do not compare owners (the `owner` attribute of every object): for a side restored with
   * `pg_restore --no-owner`, or replayed by another role. Owners are also not compared where one side
   * does not know them (null: a replayed schema's objects owned by the role that ran the migrations).
   */
  ignoreOwnership?: boolean;
  /** Do not compare grants (kinds `privilege`, `default_privilege`, and `role` for grantees): `--no-privileges`. */
  ignorePrivileges?: boolean;
}

const TABLE_ATTRS = [
  'kind',
  'partitionOf',
  'partitionKey',
  'comment',
  'owner',
  'rowSecurity',
  'forceRowSecurity',
  'persistence',
  'partitionBound',
  'inherits',
  'replicaIdentity',
  'accessMethod',
  'options',
] as const;
const COLUMN_ATTRS = [
  'type',
  'nullable',
  'default',
  'identity',
  'generated',
  'collation',
  'comment',
  'storage',
  'compression',
  'statisticsTarget',
] as const;
const CONSTRAINT_ATTRS = ['type', 'definition', 'columns', 'validated', 'references'] as const;
const INDEX_ATTRS = ['definition', 'unique', 'primary', 'valid'] as const;
const SEQUENCE_ATTRS = ['dataType', 'start', 'increment', 'min', 'max', 'cycle', 'ownedBy', 'owner'] as const;
const VIEW_ATTRS = ['materialized', 'definition', 'owner', 'options', 'comment'] as const;
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
  const differingAttributes = comparer(options);
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
    both: (e, a) => {
      diffEnum(e, a);
      altered('enum', e.schema, null, e.name, differingAttributes(e, a, ['owner']));
    },
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

  // Views and materialized views (and the indexes of materialized views)
  pairUp<View>(expected.views, actual.views, (x) => keyOf(x.schema, x.name), {
    missing: (x) => {
      missingTables.add(`${x.schema}.${x.name}`);
      push('view', 'missing', x.schema, null, x.name, asRecord(x), null);
    },
    unexpected: (x) => {
      unexpectedTables.add(`${x.schema}.${x.name}`);
      push('view', 'unexpected', x.schema, null, x.name, null, asRecord(x));
    },
    both: (e, a) => {
      altered('view', e.schema, null, e.name, differingAttributes(e, a, VIEW_ATTRS));
      if (e.indexes && a.indexes) diffNamed(out, 'index', e.schema, e.name, e.indexes, a.indexes, INDEX_ATTRS, sameIndex, unchecked);
    },
  });

  const context: KindContext = {
    push,
    altered,
    differing: differingAttributes,
    pairUp,
    ignoredTable: ignored,
    // Parts of a missing / unexpected table or view are that object's change, not changes of their own.
    folded: (schema, table) => missingTables.has(`${schema}.${table}`) || unexpectedTables.has(`${schema}.${table}`),
    ignorePrivileges: Boolean(options.ignorePrivileges),
    ignoreOwnership: Boolean(options.ignoreOwnership),
  };
  diffKinds(expected, actual, context);

  return withoutInheritedRepeats(out, expected, actual).sort(compareChanges);

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
    diffNamed(out, 'column', e.schema, e.name, e.columns, a.columns, COLUMN_ATTRS, sameColumn, unchecked, differingAttributes);
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

/**
 * differingAttributes, except that an attribute one side does not have (undefined: not read, e.g. a
 * model stored before it existed) is not compared, nor is an `owner` one side does not know (null) or
 * any owner under ignoreOwnership.
 */
function comparer(options: DiffOptions): typeof differingAttributes {
  const ignoreOwnership = Boolean(options.ignoreOwnership);
  return (expected, actual, keys) => {
    const found = differingAttributes(expected, actual, keys);
    if (!found) return found;
    let kept: typeof found | null = null;
    for (const key of Object.keys(found.expected)) {
      const e = (expected as Record<string, unknown>)[key];
      const a = (actual as Record<string, unknown>)[key];
      if (e === undefined || a === undefined) continue;
      if (key === 'owner' && (ignoreOwnership || e === null || a === null)) continue;
      kept ??= { expected: {}, actual: {} };
      kept.expected[key] = found.expected[key];
      kept.actual[key] = found.actual[key];
    }
    return kept;
  };
}

/**
 * A partition or inheritance child repeats its parent's column changes (ALTER TABLE on the parent
 * changes every child): a child's column change equal to the parent's same change is left out.
 */
function withoutInheritedRepeats(changes: SchemaChange[], expected: SchemaModel, actual: SchemaModel): SchemaChange[] {
  const parents = new Map<string, string[]>();
  for (const t of [...expected.tables, ...actual.tables]) {
    const list = [...(t.partitionOf ? [t.partitionOf] : []), ...(t.inherits ?? [])];
    if (list.length) parents.set(`${t.schema}.${t.name}`, list);
  }
  if (parents.size === 0) return changes;
  const signature = (c: SchemaChange, table: string) =>
    JSON.stringify([c.change, table, c.name, c.expected && stripName(c.expected), c.actual && stripName(c.actual)]);
  const columnChanges = new Set<string>();
  for (const c of changes) if (c.kind === 'column' && c.table) columnChanges.add(signature(c, `${c.schema}.${c.table}`));
  return changes.filter((c) => {
    if (c.kind !== 'column' || !c.table) return true;
    const list = parents.get(`${c.schema}.${c.table}`);
    return !list?.some((p) => columnChanges.has(signature(c, p)));
  });
}

const stripName = (r: Record<string, unknown>) => ({ ...r, name: undefined });

// Monomorphic equality checks for the hot path; differingAttributes runs only when they fail.
const sameColumn = (x: Column, y: Column) =>
  x.type === y.type &&
  x.nullable === y.nullable &&
  x.default === y.default &&
  x.identity === y.identity &&
  x.generated === y.generated &&
  x.collation === y.collation &&
  x.comment === y.comment &&
  x.storage === y.storage &&
  x.compression === y.compression &&
  x.statisticsTarget === y.statisticsTarget;
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
  differing: typeof differingAttributes = differingAttributes,
): void {
  let aligned = expected.length === actual.length;
  for (let i = 0; aligned && i < expected.length; i++) aligned = expected[i].name === actual[i].name;
  if (aligned) {
    for (let i = 0; i < expected.length; i++) {
      if (same(expected[i], actual[i])) continue;
      const diff = checkedDifferences(kind, schema, table, expected[i], actual[i], attrs, unchecked, differing);
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
    const diff = checkedDifferences(kind, schema, table, e, a, attrs, unchecked, differing);
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
  differing: typeof differingAttributes,
): ReturnType<typeof differingAttributes> {
  const found = differing(e, a, attrs);
  return found && unchecked ? unchecked(kind, schema, table, e.name, found) : found;
}

/** Calls `missing` / `unexpected` / `both` for each object of two lists matched by key. */
export function pairUp<T>(
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
