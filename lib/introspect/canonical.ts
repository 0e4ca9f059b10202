import { createHash } from 'node:crypto';
import type {
  Collation,
  Column,
  CompositeType,
  Constraint,
  DbFunction,
  DefaultPrivilege,
  Domain,
  EventTrigger,
  ExtendedStatistics,
  Index,
  Policy,
  Privilege,
  RangeType,
  Rule,
  SchemaDetail,
  SchemaModel,
  Table,
  Trigger,
  View,
} from '../model';

/** Code-point order: unlike localeCompare it is the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const bySchemaName = (a: { schema: string; name: string }, b: { schema: string; name: string }) =>
  compareText(a.schema, b.schema) || compareText(a.name, b.name);
const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);

/**
 * A copy of `model` with every array sorted (schema, table, name), every object's keys in one fixed
 * order and every optional attribute present (null when absent). Models built elsewhere (a shadow
 * database, a stored snapshot) go through here too, so equal schemas always serialize identically.
 * Enum values and constraint columns keep their order: it is meaningful.
 */
export function normalizeSchema(model: SchemaModel): SchemaModel {
  return {
    schemas: [...model.schemas].sort(compareText),
    extensions: model.extensions
      .map((e) => ({ name: e.name, schema: e.schema, version: e.version }))
      .sort((a, b) => compareText(a.name, b.name)),
    tables: model.tables.map(normalizeTable).sort(bySchemaName),
    enums: model.enums
      .map((e) => ({ schema: e.schema, name: e.name, values: [...e.values], owner: opt(e.owner) }))
      .sort(bySchemaName),
    sequences: model.sequences
      .map((s) => ({
        schema: s.schema,
        name: s.name,
        dataType: s.dataType,
        start: String(s.start),
        increment: String(s.increment),
        min: String(s.min),
        max: String(s.max),
        cycle: Boolean(s.cycle),
        ownedBy: s.ownedBy ?? null,
        owner: opt(s.owner),
      }))
      .sort(bySchemaName),
    views: model.views.map(normalizeView).sort(bySchemaName),
    // Kinds of issue 8: kept absent when absent ("not read"), so older stored models hash as before.
    ...(model.schemaDetails && { schemaDetails: model.schemaDetails.map(normalizeSchemaDetail).sort(byName) }),
    ...(model.functions && { functions: model.functions.map(normalizeFunction).sort(bySchemaSignature) }),
    ...(model.triggers && { triggers: model.triggers.map(normalizeTrigger).sort(bySchemaTableName) }),
    ...(model.eventTriggers && { eventTriggers: model.eventTriggers.map(normalizeEventTrigger).sort(byName) }),
    ...(model.policies && { policies: model.policies.map(normalizePolicy).sort(bySchemaTableName) }),
    ...(model.privileges && { privileges: model.privileges.map(normalizePrivilege).sort(byPrivilegeKey) }),
    ...(model.defaultPrivileges && {
      defaultPrivileges: model.defaultPrivileges.map(normalizeDefaultPrivilege).sort(byDefaultPrivilegeKey),
    }),
    ...(model.domains && { domains: model.domains.map(normalizeDomain).sort(bySchemaName) }),
    ...(model.compositeTypes && { compositeTypes: model.compositeTypes.map(normalizeCompositeType).sort(bySchemaName) }),
    ...(model.rangeTypes && { rangeTypes: model.rangeTypes.map(normalizeRangeType).sort(bySchemaName) }),
    ...(model.collations && { collations: model.collations.map(normalizeCollation).sort(bySchemaName) }),
    ...(model.statistics && { statistics: model.statistics.map(normalizeStatistics).sort(bySchemaName) }),
    ...(model.rules && { rules: model.rules.map(normalizeRule).sort(bySchemaTableName) }),
    ...(model.roles && { roles: [...model.roles].sort(compareText) }),
  };
}

/** undefined stays undefined (not read: JSON leaves the key out), anything else null-filled. */
const opt = <T>(v: T | null | undefined): T | null | undefined => (v === undefined ? undefined : (v ?? null));
const sortedText = (v: readonly string[]) => [...v].sort(compareText);

const bySchemaSignature = (a: DbFunction, b: DbFunction) => compareText(a.schema, b.schema) || compareText(a.signature, b.signature);
const bySchemaTableName = (a: { schema: string; table: string; name: string }, b: { schema: string; table: string; name: string }) =>
  compareText(a.schema, b.schema) || compareText(a.table, b.table) || compareText(a.name, b.name);

/** The identity of a grant: one object (and column) and one grantee. */
export const privilegeKey = (p: Privilege) => `${p.schema}\u0000${p.object}\u0000${p.column ?? ''}\u0000${p.grantee}\u0000${p.objectType}`;
const byPrivilegeKey = (a: Privilege, b: Privilege) => compareText(privilegeKey(a), privilegeKey(b));
export const defaultPrivilegeKey = (d: DefaultPrivilege) => `${d.schema ?? ''}\u0000${d.role}\u0000${d.objectType}\u0000${d.grantee}`;
const byDefaultPrivilegeKey = (a: DefaultPrivilege, b: DefaultPrivilege) => compareText(defaultPrivilegeKey(a), defaultPrivilegeKey(b));

/** Definitions printed by pg_get_*def: trailing whitespace is the printer's, not the schema's. */
export const trimDefinition = (text: string) => text.replace(/\s+$/, '');

export function normalizeView(v: View): View {
  return {
    schema: v.schema,
    name: v.name,
    materialized: Boolean(v.materialized),
    definition: v.definition.trim(),
    owner: opt(v.owner),
    options: v.options && sortedText(v.options),
    indexes: v.indexes && v.indexes.map(normalizeIndex).sort(byName),
    comment: opt(v.comment),
  };
}

export function normalizeSchemaDetail(d: SchemaDetail): SchemaDetail {
  return { name: d.name, owner: d.owner ?? null, comment: d.comment ?? null };
}

export function normalizeFunction(f: DbFunction): DbFunction {
  return {
    schema: f.schema,
    name: f.name,
    signature: f.signature,
    kind: f.kind,
    arguments: f.arguments,
    returns: f.returns ?? null,
    language: f.language,
    volatility: f.volatility,
    securityDefiner: Boolean(f.securityDefiner),
    strict: Boolean(f.strict),
    parallel: f.parallel,
    config: [...f.config],
    definition: trimDefinition(f.definition),
    owner: f.owner ?? null,
    comment: f.comment ?? null,
  };
}

export function normalizeTrigger(t: Trigger): Trigger {
  return { schema: t.schema, table: t.table, name: t.name, definition: trimDefinition(t.definition), function: t.function, enabled: t.enabled };
}

export function normalizeEventTrigger(e: EventTrigger): EventTrigger {
  return { name: e.name, event: e.event, tags: sortedText(e.tags), function: e.function, enabled: e.enabled, owner: e.owner ?? null };
}

export function normalizePolicy(p: Policy): Policy {
  return {
    schema: p.schema,
    table: p.table,
    name: p.name,
    command: p.command,
    permissive: Boolean(p.permissive),
    roles: sortedText(p.roles),
    using: p.using ?? null,
    withCheck: p.withCheck ?? null,
  };
}

export function normalizePrivilege(p: Privilege): Privilege {
  return {
    objectType: p.objectType,
    schema: p.schema,
    object: p.object,
    column: p.column ?? null,
    grantee: p.grantee,
    privileges: sortedText(p.privileges),
    grantable: sortedText(p.grantable),
  };
}

export function normalizeDefaultPrivilege(d: DefaultPrivilege): DefaultPrivilege {
  return {
    role: d.role,
    schema: d.schema ?? null,
    objectType: d.objectType,
    grantee: d.grantee,
    privileges: sortedText(d.privileges),
    grantable: sortedText(d.grantable),
  };
}

export function normalizeDomain(d: Domain): Domain {
  return {
    schema: d.schema,
    name: d.name,
    baseType: d.baseType,
    default: d.default ?? null,
    notNull: Boolean(d.notNull),
    collation: d.collation ?? null,
    checks: d.checks
      .map((c) => ({ name: c.name, definition: c.definition, validated: Boolean(c.validated) }))
      .sort(byName),
    owner: d.owner ?? null,
    comment: d.comment ?? null,
  };
}

export function normalizeCompositeType(c: CompositeType): CompositeType {
  return {
    schema: c.schema,
    name: c.name,
    attributes: c.attributes.map((a) => ({ name: a.name, type: a.type, collation: a.collation ?? null })),
    owner: c.owner ?? null,
    comment: c.comment ?? null,
  };
}

export function normalizeRangeType(r: RangeType): RangeType {
  return {
    schema: r.schema,
    name: r.name,
    subtype: r.subtype,
    multirange: r.multirange ?? null,
    collation: r.collation ?? null,
    subtypeOpclass: r.subtypeOpclass ?? null,
    canonical: r.canonical ?? null,
    subtypeDiff: r.subtypeDiff ?? null,
    owner: r.owner ?? null,
  };
}

export function normalizeCollation(c: Collation): Collation {
  return {
    schema: c.schema,
    name: c.name,
    provider: c.provider,
    locale: c.locale ?? null,
    ctype: c.ctype ?? null,
    deterministic: Boolean(c.deterministic),
    owner: c.owner ?? null,
  };
}

export function normalizeStatistics(s: ExtendedStatistics): ExtendedStatistics {
  return { schema: s.schema, name: s.name, table: s.table, definition: s.definition, target: s.target ?? null, owner: s.owner ?? null };
}

export function normalizeRule(r: Rule): Rule {
  return { schema: r.schema, table: r.table, name: r.name, definition: trimDefinition(r.definition), enabled: r.enabled };
}

function normalizeTable(t: Table): Table {
  return {
    schema: t.schema,
    name: t.name,
    kind: t.kind,
    partitionOf: t.partitionOf ?? null,
    partitionKey: t.partitionKey ?? null,
    comment: t.comment ?? null,
    columns: t.columns.map(normalizeColumn).sort(byName),
    constraints: t.constraints.map(normalizeConstraint).sort(byName),
    indexes: t.indexes.map(normalizeIndex).sort(byName),
    owner: opt(t.owner),
    rowSecurity: t.rowSecurity,
    forceRowSecurity: t.forceRowSecurity,
    persistence: t.persistence,
    partitionBound: opt(t.partitionBound),
    inherits: t.inherits && [...t.inherits],
    replicaIdentity: t.replicaIdentity,
    accessMethod: opt(t.accessMethod),
    options: t.options && sortedText(t.options),
  };
}

function normalizeColumn(c: Column): Column {
  return {
    name: c.name,
    type: c.type,
    nullable: Boolean(c.nullable),
    default: c.default ?? null,
    identity: c.identity ?? null,
    generated: c.generated ?? null,
    collation: c.collation ?? null,
    comment: c.comment ?? null,
    storage: opt(c.storage),
    compression: opt(c.compression),
    statisticsTarget: opt(c.statisticsTarget),
  };
}

function normalizeConstraint(c: Constraint): Constraint {
  return {
    name: c.name,
    type: c.type,
    definition: c.definition,
    columns: [...c.columns],
    validated: Boolean(c.validated),
    references: c.references ?? null,
  };
}

function normalizeIndex(i: Index): Index {
  return {
    name: i.name,
    definition: i.definition,
    unique: Boolean(i.unique),
    primary: Boolean(i.primary),
    valid: Boolean(i.valid),
  };
}

/** The canonical JSON of a model: byte-identical for equal schemas. */
export function canonicalJson(model: SchemaModel): string {
  return JSON.stringify(normalizeSchema(model));
}

/**
 * What the hash covers: the model less `roles`, which are the server's (cluster-wide), not the
 * schema's: the same schema on two servers hashes the same.
 */
export function hashedPart(model: SchemaModel): SchemaModel {
  return model.roles === undefined ? model : { ...model, roles: undefined };
}

/** sha256 hex of the canonical JSON of a model, roles left out (see hashedPart). */
export function hashSchema(model: SchemaModel): string {
  return sha256Hex(JSON.stringify(hashedPart(normalizeSchema(model))));
}

/** sha256 hex of a string that is already canonical JSON. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
