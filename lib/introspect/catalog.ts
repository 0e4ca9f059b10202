import type { Queryable } from '../db';
import {
  COLUMNS_SQL,
  COMMENTS_SQL,
  CONSTRAINTS_SQL,
  ENUMS_SQL,
  EXTENSIONS_SQL,
  INDEXES_SQL,
  RELATIONS_SQL,
  SCHEMAS_SQL,
  SEQUENCES_SQL,
  SETTINGS_SQL,
} from './queries';

/** Raw rows of the catalog queries, before they become the typed model (see build.ts). */
export interface SettingsRow {
  server_version: number;
  block_size: number;
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
}

/** The two groups of catalog reads that can run on two sessions at once (see introspect). */
export type CatalogPartA = Pick<CatalogRows, 'extensions' | 'relations' | 'columns' | 'comments' | 'enums'>;
export type CatalogPartB = Pick<CatalogRows, 'constraints' | 'indexes' | 'sequences'>;

/** Settings and the schema names every other query is restricted to. */
export async function readCatalogHead(
  q: Queryable,
  schemas: readonly string[] | null,
): Promise<Pick<CatalogRows, 'settings' | 'schemas'>> {
  const settings = (await q.query<SettingsRow>(SETTINGS_SQL)).rows[0];
  const rows = (await q.query<{ name: string }>(SCHEMAS_SQL, [schemas ? [...schemas] : null])).rows;
  return { settings, schemas: rows.map((r) => r.name) };
}

export async function readCatalogPartA(q: Queryable, schemas: string[]): Promise<CatalogPartA> {
  const params = [schemas];
  const extensions = (await q.query<ExtensionRow>(EXTENSIONS_SQL)).rows;
  const relations = (await q.query<RelationRow>(RELATIONS_SQL, params)).rows;
  const columns = (await q.query<ColumnRow>(COLUMNS_SQL, params)).rows;
  const comments = (await q.query<CommentRow>(COMMENTS_SQL, params)).rows;
  const enums = (await q.query<EnumRow>(ENUMS_SQL, params)).rows;
  return { extensions, relations, columns, comments, enums };
}

export async function readCatalogPartB(q: Queryable, schemas: string[]): Promise<CatalogPartB> {
  const params = [schemas];
  const constraints = (await q.query<ConstraintRow>(CONSTRAINTS_SQL, params)).rows;
  const indexes = (await q.query<IndexRow>(INDEXES_SQL, params)).rows;
  const sequences = (await q.query<SequenceRow>(SEQUENCES_SQL, params)).rows;
  return { constraints, indexes, sequences };
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
