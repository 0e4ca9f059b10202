/**
 * What rules know about the target while rating one statement: server version, table sizes, and
 * what earlier statements of the same run did (tables they created, column types, columns they proved non-null).
 */
import type { SchemaModel, TableStats } from '../model/schema';
import type { RiskContext } from '../model/risk';
import type { MigrationStatement } from '../model/migration';
import type { ParsedStmt, QualifiedName } from '../sql/parse';
import { formatQualified } from '../sql/parse';
import { classifyTable, describeSize } from './size';
import type { SizeClass } from './size';

/** When no server version is known, assume a current PostgreSQL. */
export const DEFAULT_SERVER_VERSION = 170000;

/**
 * Indexes stats by `schema.table` and by bare `table`. A bare name present in several schemas maps to
 * the `public` one when there is one, else to the largest (the cautious choice).
 */
export function tableStatsIndex(stats: TableStats[]): Map<string, TableStats> {
  const index = new Map<string, TableStats>();
  const bare = new Map<string, TableStats>();
  for (const s of stats) {
    index.set(`${s.schema}.${s.table}`, s);
    const prev = bare.get(s.table);
    if (!prev || s.schema === 'public' || (prev.schema !== 'public' && s.bytes > prev.bytes)) bare.set(s.table, s);
  }
  for (const [name, s] of bare) if (!index.has(name)) index.set(name, s);
  return index;
}

/** A column type the analysis knows, and where that knowledge came from (for messages). */
export interface KnownColumn {
  /** Type as written or as `format_type` prints it (`varchar(50)`, `character varying(50)`, `int4`). */
  type: string;
  /** `the live schema`, or `migration <id>` that created or last changed the column. */
  source: string;
}

/** What earlier statements of this run established. Mutated only by `track.ts`. */
export interface AnalysisState {
  /** Keys (`schema.table` and bare `table`) of tables created by earlier statements. */
  created: Set<string>;
  /** `table|column` pairs a validated `CHECK (column IS NOT NULL)` proves non-null. */
  provenNotNull: Set<string>;
  /** Names (as written) of indexes created by earlier statements. */
  createdIndexes: Set<string>;
  /** `table|constraint` → column, for NOT VALID `CHECK (column IS NOT NULL)` awaiting VALIDATE. */
  pendingNotNullChecks: Map<string, string>;
  /**
   * The schema before the current statement, as far as it is known: `schema.table` (schema resolved,
   * `public` when not written) → column → type. Seeded from the live schema, then kept current by every
   * CREATE TABLE / ADD COLUMN / ALTER COLUMN TYPE / DROP / RENAME of the run. A table absent here is
   * unknown (not "has no columns").
   */
  columns: Map<string, Map<string, KnownColumn>>;
  /** Names (`schema.type` and bare) of types created by earlier statements of this run. */
  createdTypes: Set<string>;
  /** Tables an earlier statement of the current migration's transaction locked ACCESS EXCLUSIVE → its line. */
  exclusiveLocks: Map<string, number>;
  /** Id of the migration being rated. */
  migrationId: string;
}

export function newAnalysisState(ctx?: RiskContext): AnalysisState {
  const columns = new Map<string, Map<string, KnownColumn>>();
  for (const t of ctx?.schema?.tables ?? []) {
    columns.set(`${t.schema}.${t.name}`, new Map(t.columns.map((c) => [c.name, { type: c.type, source: 'the live schema' }])));
  }
  return {
    created: new Set(),
    createdIndexes: new Set(),
    provenNotNull: new Set(),
    pendingNotNullChecks: new Map(),
    columns,
    createdTypes: new Set(),
    exclusiveLocks: new Map(),
    migrationId: '',
  };
}

/**
 * Starts the next migration. Locks always end with its transaction. With `historyOnly` (lint over
 * the whole history) what made a table count as empty is forgotten too: a table created by an old
 * migration has long been filled in every real environment. Column types are kept either way.
 */
export function beginMigration(state: AnalysisState, id: string, historyOnly: boolean): void {
  state.migrationId = id;
  state.exclusiveLocks.clear();
  if (!historyOnly) return;
  state.created.clear();
  state.createdIndexes.clear();
  state.provenNotNull.clear();
  state.pendingNotNullChecks.clear();
}

/**
 * The key of `ref` in `state.columns`: as written when it names a schema; else `public.<name>`, or the
 * only other schema holding such a table (the search path is not known here).
 */
export function columnsKey(ref: QualifiedName, state: Pick<AnalysisState, 'columns'>): string {
  if (ref.schema) return `${ref.schema}.${ref.name}`;
  const pub = `public.${ref.name}`;
  if (state.columns.has(pub)) return pub;
  const others = [...state.columns.keys()].filter((k) => k.slice(k.indexOf('.') + 1) === ref.name);
  return others.length === 1 ? others[0] : pub;
}

export function knownColumn(ref: QualifiedName, column: string, state: AnalysisState): KnownColumn | undefined {
  return state.columns.get(columnsKey(ref, state))?.get(column);
}

export interface TableInfo {
  /** `schema.table` as written (schema omitted when not written). */
  name: string;
  size: SizeClass;
  stats: TableStats | undefined;
  /** e.g. `public.users (~5.0M rows, 1.1 GB)`. */
  label: string;
}

/** Everything a rule receives. Rules are pure functions of this. */
export interface RuleInput {
  stmt: ParsedStmt;
  source: MigrationStatement;
  file: string | null;
  serverVersion: number;
  table(ref: QualifiedName): TableInfo;
  /** The column's type before this statement, when the set or the live schema says it. */
  column(ref: QualifiedName, name: string): KnownColumn | undefined;
  state: Readonly<AnalysisState>;
  /**
   * The live schema before the first migration rated, when known (functions, triggers, defaults,
   * indexes). Not kept current by the run: rules that use it say "the known schema".
   */
  schema?: SchemaModel;
}

export function tableKey(ref: QualifiedName): string {
  return formatQualified(ref);
}

export function createdKeys(ref: QualifiedName): string[] {
  return ref.schema ? [`${ref.schema}.${ref.name}`, ref.name] : [ref.name, `public.${ref.name}`];
}

export function lookupTable(ref: QualifiedName, ctx: RiskContext | undefined, state: AnalysisState): TableInfo {
  const name = formatQualified(ref);
  let size: SizeClass;
  let stats: TableStats | undefined;
  if (state.created.has(name)) {
    size = 'new';
  } else {
    stats = ctx?.tableStats?.get(name);
    size = classifyTable(stats);
  }
  return { name, size, stats, label: `${name} (${describeSize(size, stats)})` };
}
