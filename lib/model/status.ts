import type { SchemaChange, UncheckedAttribute } from './diff';
import type { MigrationTool, VersionState } from './migration';
import type { Finding, RiskLevel } from './risk';
import type { TableStats } from './schema';

export interface PendingMigration {
  id: string;
  description: string;
  risk: RiskLevel;
  reversible: boolean;
  findings: Finding[];
}

export interface GhostMigration {
  /** The migration the version table says is applied. */
  id: string;
  /** Objects it creates that are absent: `schema.table.column`, `schema.table` or `schema.index`. */
  missing: string[];
}

/** A migration statement that failed in the shadow database; the replay went on with the next one. */
export interface ReplayProblem {
  migrationId: string;
  /** Display path of the migration file (relative to the project). */
  file: string;
  line: number;
  /** First line of the statement (or op.* call) that failed. */
  statement: string;
  /** PostgreSQL's message, password-free. */
  error: string;
}

export interface Drift {
  /** Expected schema (replayed to the environment's version) against the environment. */
  changes: SchemaChange[];
  ghostMigrations: GhostMigration[];
  /** Attributes not compared because the migrations' reader could not determine them. */
  unverified: UncheckedAttribute[];
  /** Statements the replay could not run: the expected schema lacks their effect. */
  replayProblems: ReplayProblem[];
}

/** The ORM models (expected) against one environment (actual), apart from migration drift. */
export interface ModelDrift {
  changes: SchemaChange[];
  /** Attributes not compared because the models' reader could not determine them. */
  unchecked: UncheckedAttribute[];
  /** `schema.table` the environment has and a model declares but no migration creates (a create_all() table). */
  untrackedByMigrations: string[];
  /** Why the models could not be compared (a parse error, a shadow failure); then changes is empty and means nothing. */
  error: string | null;
}

/** The `status --json` shape of one environment; the dashboard and API serve the same object. */
export interface EnvironmentStatus {
  name: string;
  /**
   * `busy`: the server answered but a lock (a migration's ACCESS EXCLUSIVE) kept the catalog read from
   * finishing; `error` names the table, the holder's pid and for how long. Nothing else is read then.
   */
  status: 'ok' | 'unreachable' | 'error' | 'busy';
  /** Why it is unreachable / errored / busy; never contains a password. */
  error: string | null;
  tool: MigrationTool;
  /** The current version (several ids joined by `,` when the table holds several heads), or null. */
  version: string | null;
  head: string | null;
  /** Migrations between version and head (pending.length), or null when unknown. */
  behind: number | null;
  pending: PendingMigration[];
  drift: Drift | null;
  /** The ORM models (expected) against this environment (actual); null (or absent) without `models`. */
  modelDrift?: ModelDrift | null;
  /** Extra facts the UI shows; additive to the documented JSON. */
  versionState: VersionState | null;
  schemaHash: string | null;
  serverVersion: number | null;
  tableStats: TableStats[];
  checkedAt: string;
  durationMs: number;
}

export interface StatusReport {
  environments: EnvironmentStatus[];
}

/** One full check of an environment: what the API/CLI show, plus the snapshot the history store keeps. */
export interface EnvironmentCheck {
  status: EnvironmentStatus;
  /** Null when the environment could not be read. */
  snapshot: import('./schema').Snapshot | null;
}
