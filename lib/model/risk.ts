export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'] as const;

/** PostgreSQL table lock modes, weakest first. */
export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

export interface Finding {
  /** Stable rule id, e.g. `add-column-not-null-no-default`, `create-index-not-concurrently`, `unanalyzed`. */
  rule: string;
  level: RiskLevel;
  /** What happens, in one sentence, naming the table. */
  message: string;
  /** What to do instead. */
  suggestion: string;
  /** The SQL statement (or Alembic call) the finding is about. */
  statement: string;
  /** `schema.table` (schema omitted when the statement did not name one), or null. */
  table: string | null;
  lock: LockMode | null;
  /** True when the statement rewrites the whole table. */
  rewrite: boolean;
  /** True when the statement cannot run inside a transaction block (CONCURRENTLY, ALTER TYPE ADD VALUE before PG12, …). */
  nonTransactional: boolean;
  file: string | null;
  line: number | null;
}

export interface MigrationRisk {
  id: string;
  description: string;
  risk: RiskLevel;
  reversible: boolean;
  findings: Finding[];
}

/** Facts about the target that make a rating precise. All optional: lint runs with none. */
export interface RiskContext {
  /** server_version_num; when absent, assume a current server (>= 11). */
  serverVersion?: number;
  /** Table sizes keyed by `schema.table` AND by bare `table` name (for statements that name no schema). */
  tableStats?: Map<string, import('./schema').TableStats>;
  /** The live schema before the first migration rated (column types prove or rule out rewrites). */
  schema?: import('./schema').SchemaModel;
}
