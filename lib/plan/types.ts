import type { Finding, LockMode, RiskLevel } from '../model/risk';
import type { ReplayProblem } from '../model/status';

/** One table a step locks, with its live size and the estimated time writers wait behind it. */
export interface PlanLock {
  /** `schema.table` (or the bare name the statement used). */
  table: string;
  lock: LockMode;
  rewrite: boolean;
  /** Estimated rows / bytes from pg_class; null when the environment's statistics do not know the table. */
  rows: number | null;
  bytes: number | null;
  /** Seconds the lock is estimated to block other sessions; null when it cannot be estimated. */
  estimatedBlockingSeconds: number | null;
}

export interface PlanStatement {
  sql: string;
  line: number;
  /** False when the statement must run outside a transaction block. */
  inTransaction: boolean;
}

export interface PlanStep {
  /** 1-based position in apply order. */
  order: number;
  id: string;
  description: string;
  file: string;
  risk: RiskLevel;
  reversible: boolean;
  findings: Finding[];
  statements: PlanStatement[];
  locks: PlanLock[];
  /** Sum of the step's estimated blocking time; null when no estimate exists for a blocking lock. */
  estimatedBlockingSeconds: number | null;
  /** Statements that cannot run inside a transaction (CONCURRENTLY, ADD VALUE, autocommit blocks). */
  nonTransactional: string[];
  /** Statements with findings that destroy data (drops, truncates, unbounded updates/deletes). */
  destroysData: boolean;
}

export interface RollbackNote {
  id: string;
  /** `downgrade` when a down migration exists, `restore` when only a backup (or a forward fix) undoes it. */
  kind: 'downgrade' | 'restore';
  note: string;
}

/** What a release manager needs to apply an environment's pending migrations up to a target. */
export interface Plan {
  environment: string;
  /** The environment's current version (null: nothing applied / unknown). */
  from: string | null;
  target: string;
  generatedAt: string;
  risk: RiskLevel;
  steps: PlanStep[];
  /** Ids of steps that cannot be rolled back by a downgrade. */
  irreversible: string[];
  /** Total estimated blocking seconds; null when any blocking lock could not be estimated. */
  estimatedBlockingSeconds: number | null;
  checklist: string[];
  rollback: RollbackNote[];
  /** Things that make the plan less certain (unreachable env, drift, unanalyzed code, stale statistics). */
  warnings: string[];
  /** Statements of the applied migrations the replay could not run: the drift check lacks their effect. */
  replayProblems: ReplayProblem[];
  /** How many attributes the drift check could not compare (drift.unverified of the environment). */
  uncheckedAttributes: number;
  /**
   * Set when the environment has drift or ghost migrations: the step before the first migration is to
   * repair it (the migrations assume the schema its version promises). `href` opens the repair SQL.
   */
  repairFirst: { driftChanges: number; ghostMigrations: string[]; href: string } | null;
}
