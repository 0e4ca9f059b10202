import Link from 'next/link';
import type { MatrixColumn } from '@/lib/app/migrations-matrix';
import { StatusBadge } from '@/components/ui/badges';
import { formatTime } from '@/components/ui/format';
import { envHref } from '@/lib/app/links';

/** Per environment: "N behind, for D days" (since the oldest pending migration's author date). */
export function BehindSummary({ columns, project }: { columns: MatrixColumn[]; project: string | null }) {
  return (
    <ul aria-label="Behind by environment" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {columns.map((c) => (
        <li key={c.environment} aria-label={c.environment} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
          <div className="flex items-center justify-between gap-2">
            <Link href={envHref(c.environment, project)} className="font-semibold text-blue-700 hover:underline">
              {c.environment}
            </Link>
            <StatusBadge status={c.health} />
          </div>
          <p className={`mt-1 text-sm ${c.behind ? 'font-medium text-amber-900' : 'text-slate-700'}`}>{c.summary}</p>
          {c.oldestPendingAt && (
            <p className="mt-1 text-xs text-slate-500">
              since <code className="font-mono">{c.oldestPendingId}</code> was written ({formatTime(c.oldestPendingAt)})
            </p>
          )}
          <p className="mt-1 text-xs text-slate-500">
            version <code className="font-mono">{c.version ?? '—'}</code> · read {formatTime(c.checkedAt)}
          </p>
          {c.error && <p className="mt-1 text-xs text-red-800">{c.error}</p>}
          {c.problems.map((p) => (
            <p key={p} className="mt-1 text-xs text-amber-900">
              {p}
            </p>
          ))}
        </li>
      ))}
    </ul>
  );
}
