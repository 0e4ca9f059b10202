import type { SchemaChange, UncheckedAttribute } from '../model/diff';
import type { SchemaModel } from '../model/schema';

export type ModelOrm = 'sqlalchemy' | 'prisma';

/** `models` of driftboard.config.json, after validation (absolute path). */
export interface ModelsConfig {
  orm: ModelOrm;
  path: string;
}

/** One mapped class (SQLAlchemy) or model (Prisma) and the table it maps. */
export interface ModelClass {
  class: string;
  /** Display path of the file (relative to the working directory when inside it). */
  file: string;
  line: number;
  schema: string;
  /** Null when the table name could not be determined statically (see `unresolved`). */
  table: string | null;
  /** Single-table inheritance: the mapped parent class whose table this class shares (not a duplicate). */
  inheritsFrom: string | null;
}

/** Several classes mapped to one table, or classes of one name mapping same-named tables in several schemas. */
export interface ModelDuplicate {
  /** Null for `same-class-name` (the classes map tables in different schemas). */
  schema: string | null;
  table: string;
  /** `file:line Class`, sorted. */
  classes: string[];
  reason: 'same-table' | 'same-class-name';
}

/** Something the static reader could not determine: named, never skipped silently. */
export interface ModelUnresolved {
  file: string;
  line: number;
  message: string;
}

/** An attribute of a model object the reader could not determine: the diff does not compare it. */
export interface ModelUnverified {
  kind: 'table' | 'column' | 'constraint' | 'index';
  schema: string;
  table: string;
  name: string;
  attribute: string;
  reason: string;
  file: string;
  line: number;
}

/** A SQL statement that states part of the models' schema, with where it came from. */
export interface ModelStatement {
  sql: string;
  file: string;
  line: number;
}

/** The DDL of one table (its CREATE TABLE, indexes, comments), run together. */
export interface ModelTableDdl {
  schema: string;
  table: string;
  statements: ModelStatement[];
}

/** What an ORM reader produces: the DDL the ORM would emit, plus what it found along the way. */
export interface ModelDdl {
  orm: ModelOrm;
  models: ModelClass[];
  /** Run first: CREATE SCHEMA, CREATE TYPE. */
  prelude: ModelStatement[];
  tables: ModelTableDdl[];
  /** Run last (Prisma adds foreign keys after every table). */
  epilogue: ModelStatement[];
  unresolved: ModelUnresolved[];
  unverified: ModelUnverified[];
}

/** The models as a schema: the same SchemaModel the engine builds from migrations and databases. */
export interface ModelSchema {
  orm: ModelOrm;
  schema: SchemaModel;
  models: ModelClass[];
  duplicates: ModelDuplicate[];
  unresolved: ModelUnresolved[];
  unverified: ModelUnverified[];
}

/** Models compared with another schema (migrations at head, or an environment). expected = the models. */
export interface ModelComparison {
  changes: SchemaChange[];
  /** Attributes not compared because the models' reader could not determine them. */
  unchecked: UncheckedAttribute[];
}
