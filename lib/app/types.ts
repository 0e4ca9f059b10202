/**
 * What the lib/app reads return: plain JSON (ISO time strings, no Maps, no connection URLs), so the same
 * object is rendered by a server component, served by the API and refetched by TanStack Query.
 * Type-only: safe to import from client components.
 */
import type { SchemaChange, ObjectKind, ChangeType, UncheckedAttribute } from '../model/diff';
import type { MigrationTool } from '../model/migration';
import type { Finding, RiskLevel } from '../model/risk';
import type { EnvironmentStatus, GhostMigration, ReplayProblem } from '../model/status';
import type { TableStats } from '../model/schema';
import type { EventType, SnapshotSummary, StoredEvent, StoredPoll } from '../store/types';

export type { EventType, SnapshotSummary, StoredEvent, StoredPoll };

/** `pending` = configured but not polled yet. */
export type EnvironmentHealth = EnvironmentStatus['status'] | 'pending';

export interface AppInfo {
  demo: boolean;
  /** Config file shown to the user (relative when inside the working directory); null for the demo. */
  configFile: string | null;
  tool: MigrationTool;
  head: string | null;
  /** This project's environments. */
  environments: string[];
  /** The project shown, in a `projects` config (links carry it as `?project=`); null with one project. */
  project: string | null;
  /** Every project of a `projects` config; empty with one project. */
  projects: string[];
}

export interface OverviewRow {
  name: string;
  /** Its project in a `projects` config; null with one project. */
  project: string | null;
  /** Its key in the history store and in events: the name, or `project/name`. */
  key: string;
  status: EnvironmentHealth;
  /** Why it is unreachable / errored (redacted). */
  error: string | null;
  version: string | null;
  head: string | null;
  behind: number | null;
  pendingCount: number | null;
  highestRisk: RiskLevel | null;
  driftCount: number | null;
  /** Changes against the ORM models at the latest check; null without `models` or when not compared. */
  modelDriftCount?: number | null;
  ghostCount: number;
  lastPollAt: string | null;
  lastPollStatus: EnvironmentStatus['status'] | null;
  lastPollError: string | null;
  lastPollDurationMs: number | null;
  pollIntervalSeconds: number;
  schemaHash: string | null;
}

export interface SyncCell {
  left: string;
  right: string;
  /** `unknown` when either side has no stored schema yet. */
  state: 'same' | 'differs' | 'unknown';
  changes: number | null;
}

/** `project`: the matrix's project in a `projects` config (its links carry it); null/absent with one project. */
export type SyncMatrixData = import('./overview-matrix').OverviewMatrix & { models?: string | null; project?: string | null };

/** One project on the overview: its head, its environments and its own sync matrix. */
export interface ProjectOverview {
  /** Null in a one-project config. */
  name: string | null;
  tool: MigrationTool;
  head: string | null;
  environments: OverviewRow[];
  /** `models`: the name of the models' pseudo-environment in the matrix (null/absent without `models`). */
  matrix: SyncMatrixData;
}

export interface Overview {
  generatedAt: string;
  /** The first project's (the only one's in a one-project config). */
  app: AppInfo;
  /** Every environment of every project, grouped by project in config order. */
  environments: OverviewRow[];
  /** The first project's matrix (the only one's in a one-project config); `projects` holds each. */
  matrix: SyncMatrixData;
  projects: ProjectOverview[];
}

export interface AffectedTable {
  table: string;
  stats: TableStats | null;
}

export interface PendingDetail {
  order: number;
  id: string;
  description: string;
  risk: RiskLevel;
  reversible: boolean;
  findings: Finding[];
  /** One line per lock / rewrite taken: `ACCESS EXCLUSIVE on public.orders (rewrites the table)`. */
  lockNotes: string[];
  affectedTables: AffectedTable[];
}

export interface TableDrift {
  /** `schema.table`, or `schema` for schema-level objects. */
  table: string;
  changes: SchemaChange[];
}

export interface EnvironmentDetail {
  app: AppInfo;
  environment: OverviewRow;
  status: EnvironmentStatus | null;
  pending: PendingDetail[];
  drift: TableDrift[];
  ghostMigrations: GhostMigration[];
  /** Statements the expected schema was built without (file:line, error): the drift lacks their effect. */
  replayProblems: ReplayProblem[];
  /** Attributes the drift could not compare ("could not check", never "no drift"). */
  unverified: UncheckedAttribute[];
  events: StoredEvent[];
  tableStats: TableStats[];
}

/** One side of a diff: an environment now, the expected schema at a version, or a stored snapshot. */
export type Ref =
  | { type: 'env'; name: string }
  | { type: 'expected'; version: string }
  | { type: 'snapshot'; hash: string }
  /** The ORM models as the files say now (`models:current`). */
  | { type: 'models'; at: 'current' };

export interface ResolvedRef {
  ref: Ref;
  /** The ref as written in a URL: `env:production`, `expected:head`, `snapshot:ab12…`. */
  key: string;
  label: string;
  /** Hash of the resolved schema when known. */
  hash: string | null;
}

export interface DiffResult {
  left: ResolvedRef;
  right: ResolvedRef;
  identical: boolean;
  changes: SchemaChange[];
  groups: TableDrift[];
  counts: { total: number; byChange: Record<ChangeType, number>; byKind: Partial<Record<ObjectKind, number>> };
  /** Attributes a side could not determine (replay, models' reader), of objects both sides have: not compared. */
  unchecked: UncheckedAttribute[];
  /** What the models' reader could not determine at all, with file:line (models side only). */
  unresolved: Array<{ file: string; line: number; message: string }>;
}

export interface DiffChoices {
  /** The project the choices are of, in a `projects` config (null with one project), and every project. */
  project: string | null;
  projects: string[];
  environments: string[];
  versions: Array<{ id: string; description: string }>;
  snapshots: SnapshotSummary[];
  /** The configured models (`models` in the config), offered as a side; null without them. */
  models: { orm: 'sqlalchemy' | 'prisma' } | null;
}

export interface HistoryPoint {
  at: string;
  status: EnvironmentStatus['status'];
  version: string | null;
  /** Position of `version` in apply order (1 = first migration), null when unknown. */
  versionIndex: number | null;
  pendingCount: number | null;
  driftCount: number | null;
  /** Changes against the ORM models at this poll; null without `models` or when not compared. */
  modelDriftCount: number | null;
}

export interface HistoryEvent extends StoredEvent {
  /** Link to the diff between the snapshots around the event, when both are known. */
  diffHref: string | null;
}

export interface History {
  environment: string;
  /** Its project in a `projects` config; null with one project. */
  project: string | null;
  points: HistoryPoint[];
  events: HistoryEvent[];
  /** Migration ids in apply order, to label versionIndex. */
  versions: string[];
}
