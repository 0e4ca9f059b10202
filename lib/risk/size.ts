/**
 * How big a table is, and how that turns a rule's concern into a level. Every threshold lives here.
 *
 * Size classes (from pg_class.reltuples / relpages of the live environment):
 *   new     created earlier in the same run of migrations: certainly empty
 *   empty   analyzed and 0 estimated rows
 *   small   < 10,000 rows and < 10 MB          (seconds at most, even under a strong lock)
 *   large   > 1,000,000 rows or > 1 GB         (minutes of blocking; an outage)
 *   medium  in between
 *   unknown no statistics (lint, a table the environment does not have, or never analyzed/vacuumed)
 */
import type { RiskLevel } from '../model/risk';
import type { TableStats } from '../model/schema';
import { formatBytes, formatCount } from '../format';

export type SizeClass = 'new' | 'empty' | 'small' | 'medium' | 'large' | 'unknown';

export const SMALL_MAX_ROWS = 10_000;
export const SMALL_MAX_BYTES = 10 * 1024 * 1024;
export const LARGE_MIN_ROWS = 1_000_000;
export const LARGE_MIN_BYTES = 1024 * 1024 * 1024;

export function classifyTable(stats: TableStats | undefined): SizeClass {
  if (!stats) return 'unknown';
  if (!stats.analyzed && stats.bytes === 0) return 'unknown';
  if (stats.analyzed && stats.rows === 0) return 'empty';
  if (stats.rows > LARGE_MIN_ROWS || stats.bytes > LARGE_MIN_BYTES) return 'large';
  // Never analyzed but has pages: judge by bytes alone.
  const rowsSmall = stats.analyzed ? stats.rows < SMALL_MAX_ROWS : true;
  if (rowsSmall && stats.bytes < SMALL_MAX_BYTES) return 'small';
  return 'medium';
}

/** A level for each size class: what a rule's concern amounts to on a table of that size. */
export type LevelProfile = Record<SizeClass, RiskLevel>;

export const PROFILES = {
  /** The whole table is rewritten under ACCESS EXCLUSIVE: no reads or writes until done. */
  rewrite: { new: 'low', empty: 'low', small: 'low', medium: 'high', large: 'critical', unknown: 'high' },
  /** May rewrite (the old type is unknown): one step milder than `rewrite`. */
  possibleRewrite: { new: 'low', empty: 'low', small: 'low', medium: 'medium', large: 'high', unknown: 'medium' },
  /** A full scan (validation, index build) while holding a lock that blocks writes. */
  scanUnderLock: { new: 'low', empty: 'low', small: 'low', medium: 'medium', large: 'high', unknown: 'medium' },
  /**
   * UPDATE/DELETE … WHERE in the migration's transaction: every matched row stays locked until commit,
   * and a long transaction holds back vacuum and replication. Grows with the table.
   */
  backfill: { new: 'low', empty: 'low', small: 'low', medium: 'medium', large: 'high', unknown: 'medium' },
  /** Brief ACCESS EXCLUSIVE (e.g. DROP INDEX) that still queues behind long queries. */
  briefExclusive: { new: 'low', empty: 'low', small: 'low', medium: 'medium', large: 'medium', unknown: 'medium' },
  /** The statement errors if the table has any row. */
  failsOnRows: { new: 'low', empty: 'low', small: 'critical', medium: 'critical', large: 'critical', unknown: 'high' },
  /** Data is gone for good. */
  destroysData: { new: 'low', empty: 'medium', small: 'high', medium: 'high', large: 'high', unknown: 'high' },
  /** Code deployed before the migration breaks when it runs. */
  breaksRunningCode: { new: 'low', empty: 'high', small: 'high', medium: 'high', large: 'high', unknown: 'high' },
} as const satisfies Record<string, LevelProfile>;

export type ProfileName = keyof typeof PROFILES;

export function levelFor(profile: ProfileName, size: SizeClass): RiskLevel {
  return PROFILES[profile][size];
}

/** Words for a message: `~5.0M rows, 1.1 GB`, `created in this migration`, `size unknown`. */
export function describeSize(size: SizeClass, stats: TableStats | undefined): string {
  if (size === 'new') return 'created earlier in this run, so empty';
  if (size === 'unknown' || !stats) return 'size unknown';
  if (size === 'empty') return 'empty';
  return `~${formatCount(stats.rows)} rows, ${formatBytes(stats.bytes)}`;
}

export { formatBytes, formatCount };
