/**
 * The normalized model of a database schema, as read from pg_catalog (lib/introspect) or
 * produced by replaying migrations into a shadow database (lib/expected).
 *
 * Every array is sorted (by schema, then table, then name) and every optional attribute is
 * present with `null`, so that two equal schemas serialize to byte-identical JSON and hash
 * the same. Table sizes are NOT part of this model (see TableStats): they change with every
 * insert and must not make an unchanged schema look different.
 */
export interface SchemaModel {
  /** Non-system schemas that were read, sorted. */
  schemas: string[];
  extensions: Extension[];
  tables: Table[];
  enums: EnumType[];
  sequences: Sequence[];
  views: View[];
  /*
   * The kinds below came later (issue 8). An absent array means the side did not read that kind (a
   * model stored by an older version, or built by a static reader such as lib/models): the diff does
   * not compare it and lists it as unchecked. Introspection always fills them (empty when none).
   */
  /** Owner and comment of each schema in `schemas`, sorted by name. */
  schemaDetails?: SchemaDetail[];
  /** Functions, procedures and aggregates (not those of an extension), sorted by schema, signature. */
  functions?: DbFunction[];
  /** Table and view triggers, not internal ones (FK triggers belong to their constraint). Sorted by schema, table, name. */
  triggers?: Trigger[];
  /** Database-wide: sorted by name. */
  eventTriggers?: EventTrigger[];
  /** Row-level security policies, sorted by schema, table, name. */
  policies?: Policy[];
  /** Grants per object and grantee (owner's own implicit grants left out), sorted by privilegeKey. */
  privileges?: Privilege[];
  /** ALTER DEFAULT PRIVILEGES entries (pg_default_acl) per grantee, sorted by defaultPrivilegeKey. */
  defaultPrivileges?: DefaultPrivilege[];
  domains?: Domain[];
  compositeTypes?: CompositeType[];
  rangeTypes?: RangeType[];
  collations?: Collation[];
  /** Extended statistics (CREATE STATISTICS). */
  statistics?: ExtendedStatistics[];
  /** Rewrite rules (CREATE RULE), not the `_RETURN` rule of a view. */
  rules?: Rule[];
  /**
   * Every non-system role of the server (roles are cluster-wide): used to tell that a grantee or owner
   * the other side names does not exist here (kind `role`, change `missing`). Not compared otherwise.
   */
  roles?: string[];
}

export interface SchemaDetail {
  name: string;
  owner: string | null;
  comment: string | null;
}

export interface Extension {
  name: string;
  schema: string;
  version: string;
}

export interface Table {
  schema: string;
  name: string;
  /** `partitioned` for a partitioned parent (relkind 'p'). */
  kind: 'table' | 'partitioned';
  /** `schema.table` of the parent when this table is a partition, else null. */
  partitionOf: string | null;
  /** The partition key (`pg_get_partkeydef`) of a partitioned table, else null. */
  partitionKey: string | null;
  comment: string | null;
  /** Sorted by name (not attnum): column order does not make two schemas different. */
  columns: Column[];
  /** Sorted by name. */
  constraints: Constraint[];
  /** Sorted by name. Indexes backing a constraint are listed here too. */
  indexes: Index[];
  /*
   * Table properties of issue 8. Absent (undefined) = not read by that side: not compared.
   * `owner` null = not known (e.g. a replayed schema, where the owner is whoever ran the migrations).
   */
  owner?: string | null;
  /** ALTER TABLE … ENABLE ROW LEVEL SECURITY (relrowsecurity). */
  rowSecurity?: boolean;
  /** ALTER TABLE … FORCE ROW LEVEL SECURITY (relforcerowsecurity). */
  forceRowSecurity?: boolean;
  /** `unlogged` for CREATE UNLOGGED TABLE. */
  persistence?: 'permanent' | 'unlogged';
  /** `pg_get_expr(relpartbound)` of a partition, e.g. `FOR VALUES FROM ('2024-01-01') TO ('2024-02-01')`, else null. */
  partitionBound?: string | null;
  /** `schema.table` of each inheritance parent (INHERITS, not partitioning), in inhseqno order. */
  inherits?: string[];
  /** `default`, `nothing`, `full`, or `index <name>` (REPLICA IDENTITY USING INDEX). */
  replicaIdentity?: string;
  /** Table access method (`heap` unless CREATE TABLE … USING), null for a partitioned parent. */
  accessMethod?: string | null;
  /** Storage parameters (reloptions) as `key=value`, sorted: fillfactor, autovacuum_*, … */
  options?: string[];
}

export interface Column {
  name: string;
  /** `format_type(atttypid, atttypmod)`, e.g. `character varying(255)`, `timestamp with time zone`. */
  type: string;
  nullable: boolean;
  /** `pg_get_expr(adbin, adrelid)` of a plain default, else null. */
  default: string | null;
  identity: 'always' | 'by default' | null;
  /** The generation expression of a generated (stored) column, else null. */
  generated: string | null;
  /** Collation name when it differs from the type's default, else null. */
  collation: string | null;
  comment: string | null;
  /** Absent = not read (older models). `plain` / `external` / `extended` / `main`, only when it differs from the type's default, else null. */
  storage?: string | null;
  /** `pglz` / `lz4` when set on the column (attcompression), else null. */
  compression?: string | null;
  /** SET STATISTICS target when set (attstattarget >= 0), else null. */
  statisticsTarget?: number | null;
}

export type ConstraintType = 'primary' | 'unique' | 'check' | 'foreign' | 'exclusion';

export interface Constraint {
  name: string;
  type: ConstraintType;
  /** `pg_get_constraintdef(oid)`, e.g. `FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE`. */
  definition: string;
  /** Column names the constraint is on, in key order. */
  columns: string[];
  /** False for a constraint added NOT VALID and not yet validated. */
  validated: boolean;
  /** Foreign keys only: the referenced table as `schema.table`. */
  references: string | null;
}

export interface Index {
  name: string;
  /** `pg_get_indexdef(oid)`: covers expressions, partial predicates, operator classes, method. */
  definition: string;
  unique: boolean;
  primary: boolean;
  /** False for an index left invalid by a failed CREATE INDEX CONCURRENTLY. */
  valid: boolean;
}

export interface EnumType {
  schema: string;
  name: string;
  /** Labels in their sort order (enumsortorder), NOT alphabetical. */
  values: string[];
  /** Absent = not read (older models); null = not known. */
  owner?: string | null;
}

export interface Sequence {
  schema: string;
  name: string;
  dataType: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cycle: boolean;
  /** `schema.table.column` that owns the sequence (serial / identity), else null. */
  ownedBy: string | null;
  /** Absent = not read (older models); null = not known. */
  owner?: string | null;
}

export interface View {
  schema: string;
  name: string;
  materialized: boolean;
  /** `pg_get_viewdef(oid, true)`, trimmed. */
  definition: string;
  /** Absent = not read (older models). */
  owner?: string | null;
  /** reloptions as `key=value`, sorted: security_barrier, check_option, security_invoker. */
  options?: string[];
  /** Indexes of a materialized view, sorted by name ([] for a plain view). */
  indexes?: Index[];
  comment?: string | null;
}

export type FunctionKind = 'function' | 'procedure' | 'aggregate' | 'window';

/** A function, procedure or aggregate. Its identity is (schema, signature): overloads are different objects. */
export interface DbFunction {
  schema: string;
  name: string;
  /** `name(input argument types)` (oidvectortypes), e.g. `add(integer, integer)`: the key and the change's `name`; argument names are in `arguments`. */
  signature: string;
  kind: FunctionKind;
  /** pg_get_function_arguments: names, modes and defaults. */
  arguments: string;
  /** pg_get_function_result, e.g. `trigger`, `SETOF users`, `TABLE(id integer)`; null for a procedure. */
  returns: string | null;
  language: string;
  volatility: 'immutable' | 'stable' | 'volatile';
  securityDefiner: boolean;
  strict: boolean;
  parallel: 'safe' | 'restricted' | 'unsafe';
  /** proconfig (`SET search_path = …` and other settings) as `key=value`, in catalog order. */
  config: string[];
  /**
   * The normalized definition: pg_get_functiondef (trailing whitespace trimmed) for functions and
   * procedures; for an aggregate the pg_aggregate parts (`SFUNC = …, STYPE = …, …`). A changed body is `altered`.
   */
  definition: string;
  owner: string | null;
  comment: string | null;
}

export type TriggerEnabled = 'origin' | 'disabled' | 'replica' | 'always';

export interface Trigger {
  schema: string;
  /** The table or view the trigger is on. */
  table: string;
  name: string;
  /** `pg_get_triggerdef(oid)`: timing, events, level, WHEN, function and arguments. */
  definition: string;
  /** `schema.function` it calls. */
  function: string;
  /** tgenabled: O origin (ENABLE), D disabled, R replica, A always. */
  enabled: TriggerEnabled;
}

export interface EventTrigger {
  name: string;
  /** ddl_command_start, ddl_command_end, sql_drop, table_rewrite, login. */
  event: string;
  /** WHEN TAG IN (…), sorted; [] for all. */
  tags: string[];
  /** `schema.function` it calls. */
  function: string;
  enabled: TriggerEnabled;
  owner: string | null;
}

export interface Policy {
  schema: string;
  table: string;
  name: string;
  command: 'all' | 'select' | 'insert' | 'update' | 'delete';
  permissive: boolean;
  /** Role names, sorted; `public` for PUBLIC. */
  roles: string[];
  /** pg_get_expr(polqual), else null. */
  using: string | null;
  /** pg_get_expr(polwithcheck), else null. */
  withCheck: string | null;
}

export type PrivilegeObject = 'table' | 'column' | 'sequence' | 'function' | 'schema';

/** What one grantee may do on one object (aclexplode of its ACL, or of the default ACL when it has none). */
export interface Privilege {
  objectType: PrivilegeObject;
  schema: string;
  /** Table / view / sequence name, function signature, or the schema name for objectType `schema`. */
  object: string;
  /** The column for objectType `column`, else null. */
  column: string | null;
  /** Role name, or `PUBLIC`. */
  grantee: string;
  /** Privilege names, sorted: SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, USAGE, EXECUTE, CREATE. */
  privileges: string[];
  /** The subset granted WITH GRANT OPTION, sorted. */
  grantable: string[];
}

/** One grantee's entry of ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT … */
export interface DefaultPrivilege {
  /** The role whose new objects get these privileges (defaclrole). */
  role: string;
  /** The schema, or null for the whole database. */
  schema: string | null;
  objectType: 'tables' | 'sequences' | 'functions' | 'types' | 'schemas';
  grantee: string;
  privileges: string[];
  grantable: string[];
}

export interface DomainCheck {
  name: string;
  /** pg_get_constraintdef, e.g. `CHECK (VALUE > 0)`. */
  definition: string;
  validated: boolean;
}

export interface Domain {
  schema: string;
  name: string;
  /** format_type of the base type. */
  baseType: string;
  default: string | null;
  notNull: boolean;
  collation: string | null;
  /** Sorted by name. */
  checks: DomainCheck[];
  owner: string | null;
  comment: string | null;
}

export interface CompositeAttribute {
  name: string;
  type: string;
  collation: string | null;
}

export interface CompositeType {
  schema: string;
  name: string;
  /** In attribute order (it is meaningful for a composite). */
  attributes: CompositeAttribute[];
  owner: string | null;
  comment: string | null;
}

export interface RangeType {
  schema: string;
  name: string;
  subtype: string;
  /** `schema.name` of the multirange type. */
  multirange: string | null;
  collation: string | null;
  /** Operator class name when not the subtype's default, else null. */
  subtypeOpclass: string | null;
  canonical: string | null;
  subtypeDiff: string | null;
  owner: string | null;
}

export interface Collation {
  schema: string;
  name: string;
  /** c (libc), i (icu), d (default), b (builtin). */
  provider: string;
  /** collcollate / colliculocale, whichever the provider uses. */
  locale: string | null;
  ctype: string | null;
  deterministic: boolean;
  owner: string | null;
}

export interface ExtendedStatistics {
  schema: string;
  name: string;
  /** The table as `schema.table`. */
  table: string;
  /** pg_get_statisticsobjdef. */
  definition: string;
  /** SET STATISTICS target when set, else null. */
  target: number | null;
  owner: string | null;
}

export interface Rule {
  schema: string;
  table: string;
  name: string;
  /** pg_get_ruledef(oid, true). */
  definition: string;
  enabled: TriggerEnabled;
}

/** Planner statistics of one table: catalog estimates, never count(*). */
export interface TableStats {
  schema: string;
  table: string;
  /** pg_class.reltuples, clamped to >= 0 (-1 means never analyzed: reported as 0 with analyzed=false). */
  rows: number;
  /** pg_class.relpages * block size, in bytes. */
  bytes: number;
  analyzed: boolean;
}

/** What one read of a database yields: the schema, its hash, sizes and the server version. */
export interface Snapshot {
  schema: SchemaModel;
  /** sha256 hex of the canonical JSON of `schema`. */
  hash: string;
  stats: TableStats[];
  /** `server_version_num`, e.g. 150019. */
  serverVersion: number;
  takenAt: string;
}
