import type { OverviewRow } from '@/lib/app/types';
import { RISK_LEVELS } from '@/lib/model/risk';

export type StatusFilter = 'all' | 'problems' | OverviewRow['status'];
export type RowOrder = 'config' | 'risk' | 'name';

/** Rows matching the search (any part of the name, case-insensitive) and the status filter, in the chosen order. */
export function filterRows(rows: readonly OverviewRow[], search: string, status: StatusFilter, order: RowOrder): OverviewRow[] {
  const needle = search.trim().toLowerCase();
  const kept = rows.filter(
    (r) =>
      (!needle || r.name.toLowerCase().includes(needle)) &&
      (status === 'all' || (status === 'problems' ? r.status !== 'ok' || (r.driftCount ?? 0) > 0 || (r.behind ?? 0) > 0 : r.status === status)),
  );
  if (order === 'name') return [...kept].sort((a, b) => a.name.localeCompare(b.name));
  // Highest pending risk first; then the most drift, then the most behind, then by name.
  if (order === 'risk') return [...kept].sort((a, b) => riskRank(b) - riskRank(a) || (b.driftCount ?? 0) - (a.driftCount ?? 0) || (b.behind ?? 0) - (a.behind ?? 0) || a.name.localeCompare(b.name));
  return kept;
}

function riskRank(r: OverviewRow): number {
  return r.highestRisk ? RISK_LEVELS.indexOf(r.highestRisk) : -1;
}

/** How many rows have each status, sorted by status. */
export function statusCounts(rows: readonly OverviewRow[]): Array<[OverviewRow['status'], number]> {
  const counts = new Map<OverviewRow['status'], number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}
