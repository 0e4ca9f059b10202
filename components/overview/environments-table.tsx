'use client';

import Link from 'next/link';
import type { OverviewRow } from '@/lib/app/types';
import { RISK_LEVELS } from '@/lib/model/risk';
import { RiskBadge, StatusBadge } from '@/components/ui/badges';
import { SortableTable, type Column } from '@/components/ui/sortable-table';
import { formatTime, shortId } from '@/components/ui/format';
import { envHref } from '@/lib/app/links';

const COLUMNS: Column[] = [
  { key: 'name', label: 'Environment' },
  { key: 'status', label: 'Status' },
  { key: 'version', label: 'Version' },
  { key: 'behind', label: 'Behind', align: 'right' },
  { key: 'risk', label: 'Highest pending risk' },
  { key: 'drift', label: 'Drift', align: 'right' },
  { key: 'lastPoll', label: 'Last poll' },
];

export function EnvironmentsTable({ rows }: { rows: OverviewRow[] }) {
  return (
    <SortableTable
      label="Environments"
      columns={COLUMNS}
      rows={rows.map((r) => ({
        id: r.key ?? r.name,
        className: r.status === 'unreachable' || r.status === 'error' ? 'bg-red-50/60' : r.status === 'busy' ? 'bg-amber-50/60' : undefined,
        sort: {
          name: r.name,
          status: r.status,
          version: r.version,
          behind: r.behind,
          risk: r.highestRisk ? RISK_LEVELS.indexOf(r.highestRisk) : -1,
          drift: r.driftCount,
          lastPoll: r.lastPollAt,
        },
        cells: {
          name: (
            <Link href={envHref(r.name, r.project)} className="text-blue-700 underline-offset-2 hover:underline">
              {r.name}
            </Link>
          ),
          status: (
            <div className="space-y-1">
              <StatusBadge status={r.status} />
              {r.error && <p className="max-w-xs text-xs break-words text-red-800">{r.error}</p>}
            </div>
          ),
          version: (
            <span title={r.version ?? undefined} className="font-mono">
              {r.version === null ? '—' : r.version.split(',').map((v) => shortId(v)).join(', ')}
            </span>
          ),
          behind: r.behind === null ? '—' : String(r.behind),
          risk: <RiskBadge level={r.highestRisk} />,
          drift:
            r.driftCount === null ? '—' : (
              <span className={r.driftCount > 0 ? 'font-semibold text-amber-800' : ''}>
                {r.driftCount}
                {r.ghostCount > 0 && <span className="ml-1 text-xs font-normal text-red-700">({r.ghostCount} ghost)</span>}
              </span>
            ),
          lastPoll: (
            <span className="text-xs text-slate-600">
              {formatTime(r.lastPollAt)}
              {r.lastPollStatus && r.lastPollStatus !== 'ok' && <span className="block text-red-700">{r.lastPollStatus}</span>}
            </span>
          ),
        },
      }))}
    />
  );
}
