import type { SchemaChange } from './diff';
import type { Finding, RiskLevel } from './risk';

/** Why a repair statement is there. */
export type RepairPurpose = 'create-missing' | 'alter' | 'drop-unexpected';

/** One statement of a repair script, in the order it must run. */
export interface RepairStatement {
  sql: string;
  purpose: RepairPurpose;
  /** The object it repairs: `schema.table.column`, `schema.index`, `schema.enum`, … */
  object: string;
  /** False when it must run outside a transaction block (CREATE INDEX CONCURRENTLY, ALTER TYPE … ADD VALUE). */
  transactional: boolean;
  /** True when the script shows it commented out (drops of unexpected objects, unless asked for). */
  commented: boolean;
}

/** What a repair target is: the schema the environment's version promises, another environment, or the models. */
export type RepairTarget = { kind: 'expected' } | { kind: 'environment'; name: string } | { kind: 'models' };

/** The `repair --json` shape; the dashboard serves the same object. */
export interface RepairReport {
  environment: string;
  /** `expected`, `models` or the other environment's name. */
  target: string;
  /** True when the script, applied to a shadow copy of the environment, leaves no difference with the target (but the unexpected objects left commented out). */
  verified: boolean;
  /** Why verification could not run, when it could not (e.g. an extension the shadow lacks). */
  verificationError: string | null;
  /** Differences the script leaves, on the shadow copy (empty when verified). */
  remaining: SchemaChange[];
  risk: RiskLevel;
  findings: Finding[];
  statements: RepairStatement[];
  /** What the script cannot do: data lost with dropped columns, definitions it does not know, … */
  notes: string[];
  /** The whole script, as `repair` prints it. */
  script: string;
}
