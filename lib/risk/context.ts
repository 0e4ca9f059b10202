/**
 * What rules know about the target while rating one statement: server version, table sizes, and
 * what earlier statements of the same run did (tables they created, columns they proved non-null).
 */
import type { TableStats } from '../model/schema';
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
}

export function newAnalysisState(): AnalysisState {
  return { created: new Set(), createdIndexes: new Set(), provenNotNull: new Set(), pendingNotNullChecks: new Map() };
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
  state: Readonly<AnalysisState>;
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
