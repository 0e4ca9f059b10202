import type { Queryable } from '../db';
import {
  ROUTINES_AND_RULES_SQL,
  TYPES_AND_GRANTS_SQL,
  COLUMNS_SQL,
  COMMENTS_SQL,
  CONSTRAINTS_SQL,
  EXTENSIONS_SQL,
  INDEXES_SQL,
  RELATIONS_SQL,
  SCHEMAS_SQL,
  SEQUENCES_SQL,
  SETTINGS_SQL,
  onlyRelations,
  RELATION_OIDS_SQL,
  RELATIONS_TOUCHED_SQL,
} from './queries';

/** Raw rows of the catalog queries, before they become the typed model (see build.ts). */
export interface SettingsRow {
  server_version: number;
  block_size: number;
  current_user: string;
  roles: string[];
}

export interface ExtensionRow {
  name: string;
  schema: string;
  version: string;
}

export interface RelationRow {
  /** pg_class oid as text: the key columns, constraints and indexes point back to. */
  oid: string;
  schema: string;
  name: string;
  /** r table, p partitioned table, v view, m materialized view. */
  kind: 'r' | 'p' | 'v' | 'm';
  partition_key: string | null;
  partition_of: string | null;
  view_definition: string | null;
  reltuples: number;
  relpages: number;
  owner: string;
  row_security: boolean;
  force_row_security: boolean;
  /** p permanent, u unlogged (t temporary is never read: pg_temp schemas are left out). */
  persistence: string;
  partition_bound: string | null;
  inherits: string[] | null;
  /** d default, n nothing, f full, i index. */
  replica_identity: string;
  replica_index: string | null;
  access_method: string | null;
  options: string[];
}

export interface ColumnRow {
  table_oid: string;
  attnum: number;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  generated: string | null;
  /** '' none, 'a' always, 'd' by default. */
  identity: string;
  collation: string | null;
  storage: string | null;
  compression: string | null;
  statistics_target: number | null;
  /** attinhcount > 0: the column comes from a parent (partition or inheritance). */
  inherited: boolean;
}

export interface CommentRow {
  table_oid: string;
  /** The column commented on; null for the table itself. */
  column: string | null;
  comment: string;
}

export interface ConstraintRow {
  table_oid: string;
  name: string;
  type: 'p' | 'u' | 'c' | 'f' | 'x';
  definition: string;
  validated: boolean;
  /** conkey: attnums of the key columns, in key order. */
  attnums: number[];
  references: string | null;
}

export interface IndexRow {
  table_oid: string;
  name: string;
  definition: string;
  unique: boolean;
  primary: boolean;
  valid: boolean;
}

export interface EnumRow {
  schema: string;
  name: string;
  values: string[];
  owner: string;
}

export interface SequenceRow {
  schema: string;
  name: string;
  data_type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
  owned_by: string | null;
  owner: string;
}

export interface SchemaDetailRow {
  name: string;
  owner: string;
  comment: string | null;
}

export interface FunctionRow {
  schema: string;
  name: string;
  signature: string;
  /** f function, p procedure, a aggregate, w window. */
  kind: string;
  arguments: string;
  returns: string | null;
  language: string;
  volatility: string;
  security_definer: boolean;
  strict: boolean;
  parallel: string;
  config: string[];
  definition: string;
  owner: string;
  comment: string | null;
}

export interface TriggerRow {
  schema: string;
  table: string;
  name: string;
  definition: string;
  function: string;
  enabled: string;
}

export interface EventTriggerRow {
  name: string;
  event: string;
  tags: string[];
  function: string;
  enabled: string;
  owner: string;
}

export interface PolicyRow {
  schema: string;
  table: string;
  name: string;
  /** * all, r select, a insert, w update, d delete. */
  command: string;
  permissive: boolean;
  roles: string[];
  using: string | null;
  with_check: string | null;
}

export interface PrivilegeRow {
  object_type: 'table' | 'column' | 'sequence' | 'function' | 'schema';
  schema: string;
  object: string;
  column: string | null;
  grantee: string;
  privileges: string[];
  grantable: string[];
}

export interface DefaultPrivilegeRow {
  role: string;
  schema: string | null;
  /** r tables, S sequences, f functions, T types, n schemas. */
  object_type: string;
  grantee: string;
  privileges: string[];
  grantable: string[];
}

export interface DomainRow {
  schema: string;
  name: string;
  base_type: string;
  default: string | null;
  not_null: boolean;
  collation: string | null;
  checks: Array<{ name: string; definition: string; validated: boolean }>;
  owner: string;
  comment: string | null;
}

export interface CompositeTypeRow {
  schema: string;
  name: string;
  attributes: Array<{ name: string; type: string; collation: string | null }>;
  owner: string;
  comment: string | null;
}

export interface RangeTypeRow {
  schema: string;
  name: string;
  subtype: string;
  multirange: string | null;
  collation: string | null;
  subtype_opclass: string | null;
  canonical: string | null;
  subtype_diff: string | null;
  owner: string;
}

export interface CollationRow {
  schema: string;
  name: string;
  provider: string;
  locale: string | null;
  ctype: string | null;
  deterministic: boolean;
  owner: string;
}

export interface StatisticsRow {
  schema: string;
  name: string;
  table: string;
  definition: string;
  target: number | null;
  owner: string;
}

export interface RuleRow {
  schema: string;
  table: string;
  name: string;
  definition: string;
  enabled: string;
}

export interface CatalogRows {
  settings: SettingsRow;
  schemas: string[];
  extensions: ExtensionRow[];
  relations: RelationRow[];
  columns: ColumnRow[];
  comments: CommentRow[];
  constraints: ConstraintRow[];
  indexes: IndexRow[];
  enums: EnumRow[];
  sequences: SequenceRow[];
  schemaDetails: SchemaDetailRow[];
  functions: FunctionRow[];
  triggers: TriggerRow[];
  eventTriggers: EventTriggerRow[];
  policies: PolicyRow[];
  privileges: PrivilegeRow[];
  defaultPrivileges: DefaultPrivilegeRow[];
  domains: DomainRow[];
  compositeTypes: CompositeTypeRow[];
  rangeTypes: RangeTypeRow[];
  collations: CollationRow[];
  statistics: StatisticsRow[];
  rules: RuleRow[];
}

/** The two groups of catalog reads that can run on two sessions at once (see introspect). */
export type CatalogPartA = Pick<
  CatalogRows,
  'extensions' | 'relations' | 'columns' | 'comments' | 'enums' | 'privileges' | 'defaultPrivileges' | 'domains' | 'compositeTypes' | 'rangeTypes' | 'collations'
>;
export type CatalogPartB = Pick<
  CatalogRows,
  | 'constraints'
  | 'indexes'
  | 'sequences'
  | 'functions'
  | 'triggers'
  | 'eventTriggers'
  | 'policies'
  | 'statistics'
  | 'rules'
>;

/** Settings and the schema names every other query is restricted to. */
export async function readCatalogHead(
  q: Queryable,
  schemas: readonly string[] | null,
): Promise<Pick<CatalogRows, 'settings' | 'schemas' | 'schemaDetails'>> {
  const settings = (await q.query<SettingsRow>(SETTINGS_SQL)).rows[0];
  const rows = (await q.query<SchemaDetailRow>(SCHEMAS_SQL, [schemas ? [...schemas] : null])).rows;
  return { settings, schemas: rows.map((r) => r.name), schemaDetails: rows };
}

export async function readCatalogPartA(q: Queryable, schemas: string[]): Promise<CatalogPartA> {
  const params = [schemas];
  const extensions = (await q.query<ExtensionRow>(EXTENSIONS_SQL)).rows;
  const relations = (await q.query<RelationRow>(RELATIONS_SQL, params)).rows;
  const columns = (await q.query<ColumnRow>(COLUMNS_SQL, params)).rows;
  const comments = (await q.query<CommentRow>(COMMENTS_SQL, params)).rows;
  return { extensions, relations, columns, comments, ...(await readTypesAndGrants(q, params)) };
}

/** The kinds of part A that are not per relation, in one query. */
async function readTypesAndGrants(q: Queryable, params: unknown[]) {
  return (await q.query<Pick<CatalogPartA, 'enums' | 'domains' | 'compositeTypes' | 'rangeTypes' | 'collations' | 'privileges' | 'defaultPrivileges'>>(TYPES_AND_GRANTS_SQL, params)).rows[0];
}

/** The kinds of part B that are not per relation, in one query. */
async function readRoutinesAndRules(q: Queryable, params: unknown[]) {
  return (await q.query<Pick<CatalogPartB, 'functions' | 'triggers' | 'eventTriggers' | 'policies' | 'statistics' | 'rules'>>(ROUTINES_AND_RULES_SQL, params)).rows[0];
}

export async function readCatalogPartB(q: Queryable, schemas: string[]): Promise<CatalogPartB> {
  const params = [schemas];
  const constraints = (await q.query<ConstraintRow>(CONSTRAINTS_SQL, params)).rows;
  const indexes = (await q.query<IndexRow>(INDEXES_SQL, params)).rows;
  const sequences = (await q.query<SequenceRow>(SEQUENCES_SQL, params)).rows;
  return { constraints, indexes, sequences, ...(await readRoutinesAndRules(q, params)) };
}

/**
 * Reads the catalog with one query per object kind, on one session. `schemas` null means every
 * non-system schema.
 */
export async function readCatalog(q: Queryable, schemas: readonly string[] | null): Promise<CatalogRows> {
  const head = await readCatalogHead(q, schemas);
  const a = await readCatalogPartA(q, head.schemas);
  const b = await readCatalogPartB(q, head.schemas);
  return { ...head, ...a, ...b };
}

/** The rows read per relation: what a partial read (readCatalogPartial) keeps from an earlier read. */
export type RelationRows = Pick<CatalogRows, 'relations' | 'columns' | 'comments' | 'constraints' | 'indexes'>;

export function relationRowsOf(rows: CatalogRows): RelationRows {
  return { relations: rows.relations, columns: rows.columns, comments: rows.comments, constraints: rows.constraints, indexes: rows.indexes };
}

/**
 * readCatalog of a database whose per-relation rows were `prior` (read from the same database, schemas
 * and settings) before the objects with oids `touched` changed: every kind that is not per relation is
 * read again in full; per relation, only the relations the change can have altered (RELATIONS_TOUCHED_SQL),
 * the new ones, and none of the dropped ones. The same rows as readCatalog (up to order, which
 * buildModel does not depend on).
 */
export async function readCatalogPartial(q: Queryable, schemas: readonly string[] | null, prior: RelationRows, touched: readonly string[]): Promise<CatalogRows> {
  const head = await readCatalogHead(q, schemas);
  const params = [head.schemas];
  const present = new Set((await q.query<{ oid: string }>(RELATION_OIDS_SQL, params)).rows.map((r) => r.oid));
  const reread = new Set(touched.length ? (await q.query<{ oid: string }>(RELATIONS_TOUCHED_SQL, [[...touched]])).rows.map((r) => r.oid) : []);
  const known = new Set(prior.relations.map((r) => r.oid));
  for (const oid of present) if (!known.has(oid)) reread.add(oid);
  for (const oid of reread) if (!present.has(oid)) reread.delete(oid);
  const keep = (oid: string) => present.has(oid) && !reread.has(oid);
  const only = [head.schemas, [...reread]];
  const fresh = async <T>(sql: string): Promise<T[]> => (reread.size ? (await q.query<T>(onlyRelations(sql), only)).rows : []);
  const relations = [...prior.relations.filter((r) => keep(r.oid)), ...(await fresh<RelationRow>(RELATIONS_SQL))];
  const columns = [...prior.columns.filter((r) => keep(r.table_oid)), ...(await fresh<ColumnRow>(COLUMNS_SQL))];
  const comments = [...prior.comments.filter((r) => keep(r.table_oid)), ...(await fresh<CommentRow>(COMMENTS_SQL))];
  const constraints = [...prior.constraints.filter((r) => keep(r.table_oid)), ...(await fresh<ConstraintRow>(CONSTRAINTS_SQL))];
  const indexes = [...prior.indexes.filter((r) => keep(r.table_oid)), ...(await fresh<IndexRow>(INDEXES_SQL))];
  const extensions = (await q.query<ExtensionRow>(EXTENSIONS_SQL)).rows;
  const setsA = await readTypesAndGrants(q, params);
  const sequences = (await q.query<SequenceRow>(SEQUENCES_SQL, params)).rows;
  const setsB = await readRoutinesAndRules(q, params);
  return { ...head, extensions, relations, columns, comments, constraints, indexes, sequences, ...setsA, ...setsB };
}
