import type { Column, ConstraintType, DbFunction, DefaultPrivilege, Index, SchemaModel, Table, TableStats, TriggerEnabled, View } from '../model';
import type { CatalogRows } from './catalog';
import {
  compareText,
  normalizeCollation,
  normalizeCompositeType,
  normalizeDefaultPrivilege,
  normalizeDomain,
  normalizeEventTrigger,
  normalizeFunction,
  normalizePolicy,
  normalizePrivilege,
  normalizeRangeType,
  normalizeRule,
  normalizeSchemaDetail,
  normalizeStatistics,
  normalizeTrigger,
  normalizeView,
  normalizeSchema,
} from './canonical';
import { modernizeViewDefinition } from './viewdef';

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: 'primary',
  u: 'unique',
  c: 'check',
  f: 'foreign',
  x: 'exclusion',
};

const IDENTITY: Record<string, Column['identity']> = { a: 'always', d: 'by default' };
const STORAGE: Record<string, string> = { p: 'plain', e: 'external', x: 'extended', m: 'main' };
const COMPRESSION: Record<string, string> = { p: 'pglz', l: 'lz4' };
const ENABLED: Record<string, TriggerEnabled> = { O: 'origin', D: 'disabled', R: 'replica', A: 'always' };
const FUNCTION_KIND: Record<string, DbFunction['kind']> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window' };
const VOLATILITY: Record<string, DbFunction['volatility']> = { i: 'immutable', s: 'stable', v: 'volatile' };
const PARALLEL: Record<string, DbFunction['parallel']> = { s: 'safe', r: 'restricted', u: 'unsafe' };
const POLICY_COMMAND = { '*': 'all', r: 'select', a: 'insert', w: 'update', d: 'delete' } as const;
const DEFAULT_ACL_OBJECT: Record<string, DefaultPrivilege['objectType']> = {
  r: 'tables',
  S: 'sequences',
  f: 'functions',
  T: 'types',
  n: 'schemas',
};
const REPLICA_IDENTITY: Record<string, string> = { d: 'default', n: 'nothing', f: 'full' };

/** The lists of issue 8, in the key order of normalizeSchema (the hash depends on it). */
const ISSUE_8_KINDS = [
  'schemaDetails',
  'functions',
  'triggers',
  'eventTriggers',
  'policies',
  'privileges',
  'defaultPrivileges',
  'domains',
  'compositeTypes',
  'rangeTypes',
  'collations',
  'statistics',
  'rules',
  'roles',
] as const satisfies readonly (keyof SchemaModel)[];

export interface BuildOptions {
  /**
   * The role whose ownership says nothing about the schema (a shadow's session user: whoever ran the
   * migrations): objects it owns get owner null, "not known", which the diff does not compare.
   */
  unknownOwner?: string | null;
}

const bySchemaName = (a: { schema: string; name: string }, b: { schema: string; name: string }) =>
  compareText(a.schema, b.schema) || compareText(a.name, b.name);
const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);

/**
 * Turns the raw catalog rows into the model and the table statistics. Objects are created directly
 * in canonical form (key order and sorting of normalizeSchema), so the result hashes without another
 * copy: at 50,000 columns that copy costs as much as a catalog query.
 */
export async function buildModel(rows: CatalogRows, options: BuildOptions = {}): Promise<{ schema: SchemaModel; stats: TableStats[] }> {
  const legacyViewdef = rows.settings.server_version < 160000;
  const unknownOwner = options.unknownOwner ?? null;
  const ownerOf = (role: string) => (role === unknownOwner ? null : role);
  const tablesByOid = new Map<string, Table>();
  const viewsByOid = new Map<string, View>();
  const tables: Table[] = [];
  const views: View[] = [];
  const stats: TableStats[] = [];

  const tableComments = new Map<string, string>();
  const columnComments = new Map<string, string>();
  for (const c of rows.comments) {
    if (c.column === null) tableComments.set(c.table_oid, c.comment);
    else columnComments.set(`${c.table_oid}\u0000${c.column}`, c.comment);
  }

  for (const r of rows.relations) {
    if (r.kind === 'v' || r.kind === 'm') {
      const definition = (r.view_definition ?? '').trim();
      const view = normalizeView({
        schema: r.schema,
        name: r.name,
        materialized: r.kind === 'm',
        definition: legacyViewdef ? await modernizeViewDefinition(definition) : definition,
        owner: ownerOf(r.owner),
        options: r.options ?? [],
        indexes: [],
        comment: tableComments.get(r.oid) ?? null,
      });
      views.push(view);
      viewsByOid.set(r.oid, view);
      continue;
    }
    const table: Table = {
      schema: r.schema,
      name: r.name,
      kind: r.kind === 'p' ? 'partitioned' : 'table',
      partitionOf: r.partition_of ?? null,
      partitionKey: r.partition_key ?? null,
      comment: tableComments.get(r.oid) ?? null,
      columns: [],
      constraints: [],
      indexes: [],
      owner: ownerOf(r.owner),
      rowSecurity: r.row_security,
      forceRowSecurity: r.force_row_security,
      persistence: r.persistence === 'u' ? 'unlogged' : 'permanent',
      partitionBound: r.partition_bound ?? null,
      inherits: r.inherits ?? [],
      replicaIdentity: r.replica_identity === 'i' ? `index ${r.replica_index ?? '?'}` : (REPLICA_IDENTITY[r.replica_identity] ?? r.replica_identity),
      accessMethod: r.access_method ?? null,
      options: [...(r.options ?? [])].sort(compareText),
    };
    tablesByOid.set(r.oid, table);
    tables.push(table);
    const reltuples = Number(r.reltuples);
    stats.push({
      schema: r.schema,
      table: r.name,
      rows: reltuples > 0 ? Math.round(reltuples) : 0,
      bytes: Number(r.relpages) * rows.settings.block_size,
      analyzed: reltuples >= 0,
    });
  }

  const columnNames = new Map<string, string[]>();
  for (const c of rows.columns) {
    let names = columnNames.get(c.table_oid);
    if (!names) columnNames.set(c.table_oid, (names = []));
    names[c.attnum] = c.name;
    const table = tablesByOid.get(c.table_oid);
    table?.columns.push({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      default: c.default ?? null,
      // PG 17+ copies a partitioned table's identity onto its partitions' columns, PG 15 does not:
      // on an inherited column of a partition it is the parent's, reported there.
      identity: c.inherited && table?.partitionOf ? null : (IDENTITY[c.identity] ?? null),
      generated: c.generated ?? null,
      collation: c.collation ?? null,
      comment: columnComments.size ? (columnComments.get(`${c.table_oid}\u0000${c.name}`) ?? null) : null,
      storage: c.storage ? (STORAGE[c.storage] ?? c.storage) : null,
      compression: c.compression ? (COMPRESSION[c.compression] ?? c.compression) : null,
      statisticsTarget: c.statistics_target ?? null,
    });
  }

  for (const c of rows.constraints) {
    tablesByOid.get(c.table_oid)?.constraints.push({
      name: c.name,
      type: CONSTRAINT_TYPES[c.type],
      definition: c.definition,
      columns: (c.attnums ?? []).map((n) => columnNames.get(c.table_oid)?.[n] ?? String(n)),
      validated: c.validated,
      references: c.references ?? null,
    });
  }

  for (const i of rows.indexes) {
    const index: Index = {
      name: i.name,
      definition: i.definition,
      unique: i.unique,
      primary: i.primary,
      valid: i.valid,
    };
    (tablesByOid.get(i.table_oid)?.indexes ?? viewsByOid.get(i.table_oid)?.indexes)?.push(index);
  }

  for (const t of tables) {
    t.columns.sort(byName);
    t.constraints.sort(byName);
    t.indexes.sort(byName);
  }
  for (const v of views) v.indexes?.sort(byName);
  const schema: SchemaModel = {
    schemas: [...rows.schemas].sort(compareText),
    extensions: rows.extensions
      .map((e) => ({ name: e.name, schema: e.schema, version: e.version }))
      .sort(byName),
    tables: tables.sort(bySchemaName),
    enums: rows.enums.map((e) => ({ schema: e.schema, name: e.name, values: e.values, owner: ownerOf(e.owner) })).sort(bySchemaName),
    sequences: rows.sequences
      .map((s) => ({
        schema: s.schema,
        name: s.name,
        dataType: s.data_type,
        start: s.start,
        increment: s.increment,
        min: s.min,
        max: s.max,
        cycle: s.cycle,
        ownedBy: s.owned_by ?? null,
        owner: ownerOf(s.owner),
      }))
      .sort(bySchemaName),
    views: views.sort(bySchemaName),
  };
  // The kinds of issue 8 are few next to columns: built through the normalizers, then sorted by them.
  const more = normalizeSchema({
    schemas: [],
    extensions: [],
    tables: [],
    enums: [],
    sequences: [],
    views: [],
    schemaDetails: rows.schemaDetails.map((d) => normalizeSchemaDetail({ name: d.name, owner: ownerOf(d.owner), comment: d.comment })),
    functions: rows.functions.map((f) =>
      normalizeFunction({
        schema: f.schema,
        name: f.name,
        signature: f.signature,
        kind: FUNCTION_KIND[f.kind] ?? 'function',
        arguments: f.arguments,
        returns: f.returns,
        language: f.language,
        volatility: VOLATILITY[f.volatility] ?? 'volatile',
        securityDefiner: f.security_definer,
        strict: f.strict,
        parallel: PARALLEL[f.parallel] ?? 'unsafe',
        config: f.config ?? [],
        definition: f.definition ?? '',
        owner: ownerOf(f.owner),
        comment: f.comment,
      }),
    ),
    triggers: rows.triggers.map((t) => normalizeTrigger({ ...t, enabled: ENABLED[t.enabled] ?? 'origin' })),
    eventTriggers: rows.eventTriggers.map((e) =>
      normalizeEventTrigger({ ...e, tags: e.tags ?? [], enabled: ENABLED[e.enabled] ?? 'origin', owner: ownerOf(e.owner) }),
    ),
    policies: rows.policies.map((p) =>
      normalizePolicy({
        schema: p.schema,
        table: p.table,
        name: p.name,
        command: POLICY_COMMAND[p.command as keyof typeof POLICY_COMMAND] ?? 'all',
        permissive: p.permissive,
        roles: p.roles,
        using: p.using,
        withCheck: p.with_check,
      }),
    ),
    privileges: rows.privileges.map((p) =>
      normalizePrivilege({ objectType: p.object_type, schema: p.schema, object: p.object, column: p.column, grantee: p.grantee, privileges: p.privileges, grantable: p.grantable }),
    ),
    defaultPrivileges: rows.defaultPrivileges.map((d) =>
      normalizeDefaultPrivilege({
        role: d.role,
        schema: d.schema,
        objectType: DEFAULT_ACL_OBJECT[d.object_type] ?? 'tables',
        grantee: d.grantee,
        privileges: d.privileges,
        grantable: d.grantable,
      }),
    ),
    domains: rows.domains.map((d) =>
      normalizeDomain({
        schema: d.schema,
        name: d.name,
        baseType: d.base_type,
        default: d.default,
        notNull: d.not_null,
        collation: d.collation,
        checks: d.checks ?? [],
        owner: ownerOf(d.owner),
        comment: d.comment,
      }),
    ),
    compositeTypes: rows.compositeTypes.map((c) =>
      normalizeCompositeType({ schema: c.schema, name: c.name, attributes: c.attributes ?? [], owner: ownerOf(c.owner), comment: c.comment }),
    ),
    rangeTypes: rows.rangeTypes.map((r) =>
      normalizeRangeType({
        schema: r.schema,
        name: r.name,
        subtype: r.subtype,
        multirange: r.multirange,
        collation: r.collation,
        subtypeOpclass: r.subtype_opclass,
        canonical: r.canonical,
        subtypeDiff: r.subtype_diff,
        owner: ownerOf(r.owner),
      }),
    ),
    collations: rows.collations.map((c) => normalizeCollation({ ...c, owner: ownerOf(c.owner) })),
    statistics: rows.statistics.map((s) => normalizeStatistics({ ...s, owner: ownerOf(s.owner) })),
    rules: rows.rules.map((r) => normalizeRule({ ...r, enabled: ENABLED[r.enabled] ?? 'origin' })),
    roles: rows.settings.roles,
  });
  for (const key of ISSUE_8_KINDS) (schema as unknown as Record<string, unknown>)[key] = more[key];
  stats.sort((a, b) => compareText(a.schema, b.schema) || compareText(a.table, b.table));
  return { schema, stats };
}
