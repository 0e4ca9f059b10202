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
}

export interface View {
  schema: string;
  name: string;
  materialized: boolean;
  /** `pg_get_viewdef(oid, true)`, trimmed. */
  definition: string;
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
