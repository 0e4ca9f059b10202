/**
 * A rough estimate of how long a finding's statement holds its blocking lock, for the maintenance
 * plan. Deliberately simple: table bytes (pg_class.relpages × block size; rows × 100 B when relpages
 * is 0) divided by a conservative throughput for the kind of work:
 *
 *   rewrite (copy heap + rebuild indexes)      50 MB/s
 *   full scan (validate, SET NOT NULL)        200 MB/s
 *   index build (scan + sort)                  30 MB/s
 *   UPDATE / DELETE of every row               20 MB/s
 *   catalog-only (drop, rename, …)              0 s (plus the wait for the lock, not modelled)
 *
 * Returns null when the table's size is unknown or the rule has no blocking work to model.
 */
import type { Finding, RiskContext } from '../model/risk';

const MB = 1024 * 1024;
export const THROUGHPUT_BYTES_PER_SECOND = {
  rewrite: 50 * MB,
  scan: 200 * MB,
  indexBuild: 30 * MB,
  rowWrite: 20 * MB,
} as const;
export const ASSUMED_ROW_BYTES = 100;

type Work = keyof typeof THROUGHPUT_BYTES_PER_SECOND | 'metadata';

const WORK_BY_RULE: Record<string, Work> = {
  'alter-column-type': 'rewrite',
  'alter-column-type-possible-rewrite': 'rewrite',
  'add-column-rewrite': 'rewrite',
  'table-rewrite': 'rewrite',
  'set-not-null': 'scan',
  'add-check-validated': 'scan',
  'add-foreign-key-validated': 'scan',
  'create-index-not-concurrently': 'indexBuild',
  'add-unique-without-index': 'indexBuild',
  'add-primary-key-without-index': 'indexBuild',
  'add-exclusion-constraint': 'indexBuild',
  'reindex-not-concurrently': 'indexBuild',
  'update-without-where': 'rowWrite',
  'delete-without-where': 'rowWrite',
  'drop-table': 'metadata',
  'drop-column': 'metadata',
  truncate: 'metadata',
  'rename-table': 'metadata',
  'rename-column': 'metadata',
  'add-column-not-null-no-default': 'metadata',
};

export function estimateBlockingSeconds(finding: Finding, ctx?: RiskContext): number | null {
  const work = WORK_BY_RULE[finding.rule];
  if (!work || !finding.table) return null;
  const stats = ctx?.tableStats?.get(finding.table);
  if (!stats) return null;
  if (work === 'metadata') return 0;
  const bytes = stats.bytes > 0 ? stats.bytes : stats.rows * ASSUMED_ROW_BYTES;
  return Math.round((bytes / THROUGHPUT_BYTES_PER_SECOND[work]) * 10) / 10;
}
