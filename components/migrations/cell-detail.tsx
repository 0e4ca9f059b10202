import Link from 'next/link';
import type { MatrixCellDetail } from '@/lib/app/migrations-matrix';
import { RiskBadge } from '@/components/ui/badges';
import { FindingList } from '@/components/ui/finding-list';
import { formatTime } from '@/components/ui/format';
import { CELL_TEXT } from './cell-state';
import { envHref, pageHref } from '@/lib/app/links';

/** One opened cell: the ghost's missing objects, or the migration's findings for that environment. */
export function CellDetail({ detail, project }: { detail: MatrixCellDetail; project: string | null }) {
  const { cell, migration, findings, replayProblems } = detail;
  const env = cell.environment;
  return (
    <section id="cell-detail" aria-labelledby="cell-detail-heading" className="rounded-lg border-2 border-blue-300 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="cell-detail-heading" className="text-lg font-semibold">
            {migration.id} on {env}: {CELL_TEXT[cell.state]}
          </h2>
          <p className="text-sm text-slate-700">
            {migration.description} · <code className="font-mono text-xs">{migration.file}</code> · written{' '}
            {migration.authoredAt ? formatTime(migration.authoredAt) : 'date unknown'}
            {migration.authoredNote && <span className="text-slate-500"> ({migration.authoredNote})</span>}
            {!migration.reversible && <span className="ml-2 rounded bg-slate-800 px-1.5 py-0.5 text-xs text-white">irreversible</span>}
          </p>
        </div>
        <nav aria-label="Cell actions" className="flex gap-3 text-sm">
          <Link className="text-blue-700 underline" href={envHref(env, project)}>
            {env}
          </Link>
          {cell.state === 'pending' && (
            <Link className="text-blue-700 underline" href={pageHref('/plan', { env, target: migration.id }, project)}>
              Plan to here
            </Link>
          )}
          <Link className="text-blue-700 underline" href={pageHref('/migrations', {}, project)} scroll={false}>
            Close
          </Link>
        </nav>
      </div>
      {cell.note && <p className="mt-2 rounded bg-slate-50 px-3 py-2 text-sm text-slate-800">{cell.note}</p>}

      {cell.state === 'applied-but-missing' && (
        <div className="mt-3">
          <p className="text-sm text-red-900">The version table says this migration ran, but these objects it creates are absent:</p>
          <ul aria-label="Missing objects" className="mt-2 flex flex-wrap gap-2">
            {cell.missing.map((m) => (
              <li key={m}>
                <code className="rounded bg-red-50 px-2 py-0.5 font-mono text-sm text-red-800 ring-1 ring-red-200">{m}</code>
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="mt-3">
        <h3 className="flex items-center gap-2 text-sm font-semibold">
          Findings {cell.risk && <RiskBadge level={cell.risk} />}
        </h3>
        <p className="text-xs text-slate-500">
          {cell.state === 'pending' ? `Rated against ${env}'s table sizes at its last read.` : 'What this migration does, rated statically (it is not pending here).'}
        </p>
        {findings.length === 0 ? <p className="mt-1 text-sm text-slate-600">No findings.</p> : <FindingList findings={findings} />}
      </div>

      {replayProblems.length > 0 && (
        <div className="mt-3">
          <h3 className="text-sm font-semibold">Could not replay</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {replayProblems.map((p) => (
              <li key={`${p.file}:${p.line}`}>
                <code className="font-mono text-xs">
                  {p.file}:{p.line}
                </code>{' '}
                {p.statement} — {p.error}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
