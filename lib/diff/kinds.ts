import type { ChangeType, ObjectKind, SchemaModel } from '../model';
import type {
  Collation,
  CompositeType,
  DbFunction,
  DefaultPrivilege,
  Domain,
  EventTrigger,
  ExtendedStatistics,
  Policy,
  Privilege,
  RangeType,
  Rule,
  SchemaDetail,
  Trigger,
} from '../model/schema';
import { defaultPrivilegeKey, privilegeKey } from '../introspect/canonical';
import { asRecord, type Attributes, differingAttributes } from './attributes';

/** What diffSchemas lends the per-kind comparisons of issue 8. */
export interface KindContext {
  push(kind: ObjectKind, change: ChangeType, schema: string, table: string | null, name: string, e: Attributes | null, a: Attributes | null): void;
  altered(kind: ObjectKind, schema: string, table: string | null, name: string, found: ReturnType<typeof differingAttributes>): void;
  differing: typeof differingAttributes;
  pairUp<T>(expected: readonly T[], actual: readonly T[], key: (item: T) => string, on: { missing(e: T): void; unexpected(a: T): void; both(e: T, a: T): void }): void;
  ignoredTable(schema: string, table: string): boolean;
  /** True for a table / view that is itself missing or unexpected: its parts are part of that change. */
  folded(schema: string, table: string): boolean;
  ignorePrivileges: boolean;
  ignoreOwnership: boolean;
}

const FUNCTION_ATTRS = [
  'kind',
  'arguments',
  'returns',
  'language',
  'volatility',
  'securityDefiner',
  'strict',
  'parallel',
  'config',
  'definition',
  'owner',
  'comment',
] as const;
const TRIGGER_ATTRS = ['definition', 'function', 'enabled'] as const;
const EVENT_TRIGGER_ATTRS = ['event', 'tags', 'function', 'enabled', 'owner'] as const;
const POLICY_ATTRS = ['command', 'permissive', 'roles', 'using', 'withCheck'] as const;
const PRIVILEGE_ATTRS = ['privileges', 'grantable'] as const;
const DOMAIN_ATTRS = ['baseType', 'default', 'notNull', 'collation', 'checks', 'owner', 'comment'] as const;
const COMPOSITE_ATTRS = ['attributes', 'owner', 'comment'] as const;
const RANGE_ATTRS = ['subtype', 'multirange', 'collation', 'subtypeOpclass', 'canonical', 'subtypeDiff', 'owner'] as const;
const COLLATION_ATTRS = ['provider', 'locale', 'ctype', 'deterministic', 'owner'] as const;
const STATISTICS_ATTRS = ['table', 'definition', 'target', 'owner'] as const;
const RULE_ATTRS = ['definition', 'enabled'] as const;
const SCHEMA_ATTRS = ['owner', 'comment'] as const;

const k3 = (a: string, b: string, c: string) => `${a}\u0000${b}\u0000${c}`;

/**
 * One kind held by both sides: matched by key, each side's list left alone when the other side has
 * not read the kind at all (absent array: see SchemaModel).
 */
function each<T>(
  ctx: KindContext,
  kind: ObjectKind,
  expected: readonly T[] | undefined,
  actual: readonly T[] | undefined,
  key: (x: T) => string,
  where: (x: T) => { schema: string; table: string | null; name: string },
  attrs: readonly (keyof T & string)[],
  keep: (x: T) => boolean = () => true,
): void {
  if (!expected || !actual) return;
  ctx.pairUp(expected.filter(keep), actual.filter(keep), key, {
    missing: (x) => {
      const w = where(x);
      ctx.push(kind, 'missing', w.schema, w.table, w.name, asRecord(x as object), null);
    },
    unexpected: (x) => {
      const w = where(x);
      ctx.push(kind, 'unexpected', w.schema, w.table, w.name, null, asRecord(x as object));
    },
    both: (e, a) => {
      const w = where(e);
      ctx.altered(kind, w.schema, w.table, w.name, ctx.differing(e as object, a as object, attrs as never));
    },
  });
}

/** Functions, triggers, policies, grants, types, … (issue 8) between two models. */
export function diffKinds(expected: SchemaModel, actual: SchemaModel, ctx: KindContext): void {
  const onTable = (x: { schema: string; table: string }) => !ctx.ignoredTable(x.schema, x.table) && !ctx.folded(x.schema, x.table);

  each<SchemaDetail>(ctx, 'schema', expected.schemaDetails, actual.schemaDetails, (x) => x.name, (x) => ({ schema: x.name, table: null, name: x.name }), SCHEMA_ATTRS,
    // A missing / unexpected schema is already its own change.
    (x) => expected.schemas.includes(x.name) && actual.schemas.includes(x.name));

  const missingFunctions = new Set<string>();
  const unexpectedFunctions = new Set<string>();
  if (expected.functions && actual.functions) {
    const inActual = new Set(actual.functions.map((f) => k3(f.schema, f.signature, '')));
    const inExpected = new Set(expected.functions.map((f) => k3(f.schema, f.signature, '')));
    for (const f of expected.functions) if (!inActual.has(k3(f.schema, f.signature, ''))) missingFunctions.add(`${f.schema}.${f.signature}`);
    for (const f of actual.functions) if (!inExpected.has(k3(f.schema, f.signature, ''))) unexpectedFunctions.add(`${f.schema}.${f.signature}`);
  }
  each<DbFunction>(ctx, 'function', expected.functions, actual.functions, (x) => k3(x.schema, x.signature, ''), (x) => ({ schema: x.schema, table: null, name: x.signature }), FUNCTION_ATTRS);

  each<Trigger>(ctx, 'trigger', expected.triggers, actual.triggers, (x) => k3(x.schema, x.table, x.name), (x) => x, TRIGGER_ATTRS, onTable);
  each<EventTrigger>(ctx, 'event_trigger', expected.eventTriggers, actual.eventTriggers, (x) => x.name, (x) => ({ schema: '', table: null, name: x.name }), EVENT_TRIGGER_ATTRS);
  each<Policy>(ctx, 'policy', expected.policies, actual.policies, (x) => k3(x.schema, x.table, x.name), (x) => x, POLICY_ATTRS, onTable);
  each<Rule>(ctx, 'rule', expected.rules, actual.rules, (x) => k3(x.schema, x.table, x.name), (x) => x, RULE_ATTRS, onTable);

  const bySchemaName = (x: { schema: string; name: string }) => k3(x.schema, x.name, '');
  const topLevel = (x: { schema: string; name: string }) => ({ schema: x.schema, table: null, name: x.name });
  each<Domain>(ctx, 'domain', expected.domains, actual.domains, bySchemaName, topLevel, DOMAIN_ATTRS);
  each<CompositeType>(ctx, 'composite_type', expected.compositeTypes, actual.compositeTypes, bySchemaName, topLevel, COMPOSITE_ATTRS);
  each<RangeType>(ctx, 'range_type', expected.rangeTypes, actual.rangeTypes, bySchemaName, topLevel, RANGE_ATTRS);
  each<Collation>(ctx, 'collation', expected.collations, actual.collations, bySchemaName, topLevel, COLLATION_ATTRS);
  each<ExtendedStatistics>(ctx, 'statistics', expected.statistics, actual.statistics, bySchemaName, topLevel, STATISTICS_ATTRS);

  if (ctx.ignorePrivileges) return;
  // A serial / identity sequence is part of its column: its grants go with its table.
  const sequenceTable = new Map<string, [string, string]>();
  for (const q of [...expected.sequences, ...actual.sequences]) {
    if (!q.ownedBy) continue;
    const [schema, table] = q.ownedBy.split('.');
    sequenceTable.set(`${q.schema}.${q.name}`, [schema, table]);
  }
  const privilegeOn = (p: Privilege) => {
    if (p.objectType === 'schema') return expected.schemas.includes(p.object) && actual.schemas.includes(p.object);
    if (p.objectType === 'function') return !missingFunctions.has(`${p.schema}.${p.object}`) && !unexpectedFunctions.has(`${p.schema}.${p.object}`);
    const [schema, table] = p.objectType === 'sequence' ? (sequenceTable.get(`${p.schema}.${p.object}`) ?? [p.schema, p.object]) : [p.schema, p.object];
    return !ctx.ignoredTable(schema, table) && !ctx.folded(schema, table);
  };
  each<Privilege>(ctx, 'privilege', expected.privileges, actual.privileges, privilegeKey, (p) => ({
    schema: p.schema,
    table: p.objectType === 'schema' ? null : p.object,
    name: p.column === null ? p.grantee : `${p.column}:${p.grantee}`,
  }), PRIVILEGE_ATTRS, privilegeOn);
  each<DefaultPrivilege>(ctx, 'default_privilege', expected.defaultPrivileges, actual.defaultPrivileges, defaultPrivilegeKey, (d) => ({
    schema: d.schema ?? '',
    table: null,
    name: `${d.role}:${d.objectType}:${d.grantee}`,
  }), PRIVILEGE_ATTRS);

  missingRoles(expected, actual, ctx);
}

/** A role a schema can name that is not PUBLIC nor a pg_* built-in (those exist on every server). */
export function isUserRole(role: string | null | undefined): role is string {
  return Boolean(role) && role !== 'PUBLIC' && role !== 'public' && !role!.startsWith('pg_');
}

/**
 * Every user role `m` names as grantee, default-privilege role or policy role, and (with `owners`) as
 * owner of a table or function, with where it names it.
 */
export function forEachNamedRole(m: SchemaModel, owners: boolean, visit: (role: string, where: string) => void): void {
  const note = (role: string | null | undefined, where: string) => {
    if (isUserRole(role)) visit(role, where);
  };
  for (const p of m.privileges ?? []) note(p.grantee, `grant on ${p.schema}.${p.object}`);
  for (const d of m.defaultPrivileges ?? []) {
    note(d.grantee, 'default privileges');
    note(d.role, 'default privileges');
  }
  for (const p of m.policies ?? []) for (const r of p.roles) note(r, `policy ${p.schema}.${p.table}.${p.name}`);
  if (owners) {
    for (const t of m.tables) note(t.owner, `owner of ${t.schema}.${t.name}`);
    for (const f of m.functions ?? []) note(f.owner, `owner of ${f.schema}.${f.signature}`);
  }
}

/**
 * Roles are cluster-wide, not part of a schema: a grantee, policy role or owner the expected side
 * names that the actual server does not have is reported once, as a missing `role`.
 */
function missingRoles(expected: SchemaModel, actual: SchemaModel, ctx: KindContext): void {
  if (!actual.roles) return;
  const present = new Set(actual.roles);
  const named = new Map<string, Set<string>>();
  forEachNamedRole(expected, !ctx.ignoreOwnership, (role, where) => {
    if (present.has(role)) return;
    const set = named.get(role) ?? new Set<string>();
    set.add(where);
    named.set(role, set);
  });
  for (const [role, where] of [...named].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    ctx.push('role', 'missing', '', null, role, { name: role, namedBy: [...where].sort() }, null);
  }
}

const KIND_ARRAYS: ReadonlyArray<[ObjectKind, keyof SchemaModel]> = [
  ['function', 'functions'],
  ['trigger', 'triggers'],
  ['event_trigger', 'eventTriggers'],
  ['policy', 'policies'],
  ['privilege', 'privileges'],
  ['default_privilege', 'defaultPrivileges'],
  ['domain', 'domains'],
  ['composite_type', 'compositeTypes'],
  ['range_type', 'rangeTypes'],
  ['collation', 'collations'],
  ['statistics', 'statistics'],
  ['rule', 'rules'],
];

/**
 * The kinds the diff of these two models could not compare because one side has not read them (a
 * model stored before they existed, or built by a static reader): to show as "could not check".
 */
export function unreadKinds(expected: SchemaModel, actual: SchemaModel): ObjectKind[] {
  return KIND_ARRAYS.filter(([, key]) => expected[key] === undefined || actual[key] === undefined).map(([kind]) => kind);
}
