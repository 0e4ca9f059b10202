export type MigrationTool = 'alembic' | 'prisma' | 'sql';

export interface Diagnostic {
  level: 'error' | 'warning';
  /** Stable code, e.g. `duplicate-revision`, `dangling-down-revision`, `cycle`, `multiple-heads`, `parse-error`. */
  code: string;
  message: string;
  file: string | null;
  line: number | null;
}

/** One SQL statement a migration runs, in order, with where it came from. */
export interface MigrationStatement {
  sql: string;
  /** 1-based line in `file` where the statement (or the op.* call that produces it) starts. */
  line: number;
  /** For Alembic: the call it came from, e.g. `op.add_column`; null for plain SQL. */
  origin: string | null;
  /** False when the statement runs outside a transaction (Alembic autocommit_block, dbmate transaction:false, …). */
  inTransaction: boolean;
}

/** Something in a migration Driftboard could not understand: reported, never silently skipped. */
export interface Unanalyzed {
  file: string;
  line: number;
  /** The source text (first line) that was not understood. */
  code: string;
  reason: string;
}

/**
 * An attribute of an object a migration creates or changes that the static reader could not determine
 * (a column type it cannot resolve, a server default it cannot render, …). The object itself is still
 * created (with a placeholder for that attribute); the diff skips the attribute and reports it as unverified.
 */
export interface UnverifiedAttribute {
  kind: 'table' | 'column' | 'constraint' | 'index';
  /** Schema as the migration names it; null = the default schema (resolved to `public` by the replay). */
  schema: string | null;
  /** The table the object belongs to (for kind `table`, the table itself). */
  table: string;
  /** The object's own name (column / constraint / index name; the table name for kind `table`). */
  name: string;
  /** The attribute left unknown: `type`, `default`, `nullable`, `definition`, … */
  attribute: string;
  file: string;
  line: number;
  /** Why, in a few words: `type GUID from app/types.py could not be resolved`. */
  reason: string;
}

export interface Migration {
  /** Alembic revision id, Prisma folder name, Flyway/golang-migrate/dbmate version. */
  id: string;
  description: string;
  tool: MigrationTool;
  /** Absolute path of the file (for Prisma: the migration.sql). */
  file: string;
  /** Ids this migration applies on top of (Alembic down_revision(s); the previous one for linear tools). */
  parents: string[];
  /** Alembic depends_on ids (must be applied first, but are not parents). */
  dependsOn: string[];
  branchLabels: string[];
  /** The upgrade, as SQL statements in order. */
  statements: MigrationStatement[];
  /** Statements of the downgrade; null when the tool has no down migrations in this file. */
  downStatements: MigrationStatement[] | null;
  /** False when the downgrade is missing, empty, `pass`, or raises. */
  reversible: boolean;
  unanalyzed: Unanalyzed[];
  /** Attributes created with a placeholder because the reader could not determine them (absent = none). */
  unverified?: UnverifiedAttribute[];
  /** sha256 hex of the file's bytes (Prisma compares it with _prisma_migrations.checksum). */
  checksum: string;
  /** Extra per-tool data, e.g. the sql scheme ('flyway' | 'golang-migrate' | 'dbmate'). */
  meta: Record<string, string>;
}

/** Every migration of a project, in the order they apply (topological; ties by id), with graph facts. */
export interface MigrationSet {
  tool: MigrationTool;
  /** Absolute path of the migrations directory. */
  path: string;
  migrations: Migration[];
  /** Ids of migrations nobody builds on. One head is the norm; several is a warning. */
  heads: string[];
  diagnostics: Diagnostic[];
}

/** What an environment's version table says. Never a guess: every odd state is named. */
export interface VersionState {
  tool: MigrationTool;
  /** The version table that was read (`public.alembic_version`, …), or null when none exists. */
  table: string | null;
  state: 'ok' | 'no-version-table' | 'empty' | 'unknown-version' | 'multiple-rows' | 'dirty' | 'failed' | 'checksum-mismatch';
  /** What the table says is current (Alembic: the rows' version_num; linear tools: the latest applied), possibly several. */
  current: string[];
  /** Every migration id the table records as successfully applied (linear tools list each; Alembic lists its rows). */
  applied: string[];
  /** One human sentence per odd thing noticed (unknown id, failed row, edited file, …). */
  problems: string[];
}
