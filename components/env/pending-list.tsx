import type { PendingDetail } from '@/lib/app/types';
import { RiskBadge } from '@/components/ui/badges';
import { FindingList } from '@/components/ui/finding-list';
import { EmptyState, Section } from '@/components/ui/panels';
import { formatBytes, formatCount } from '@/components/ui/format';

/** Pending migrations in the order they would apply, each with its findings, locks and table sizes. */
export function PendingList({ pending, head, known }: { pending: PendingDetail[]; head: string | null; known: boolean }) {
  return (
    <Section title={known ? `Pending migrations (${pending.length})` : 'Pending migrations'} id="pending">
      {!known ? (
        <EmptyState>Pending migrations are not known: the environment&apos;s version could not be read.</EmptyState>
      ) : pending.length === 0 ? (
        <EmptyState>Nothing pending: this environment is at head{head ? ` (${head})` : ''}.</EmptyState>
      ) : (
        <ol aria-label="Pending migrations" className="space-y-3">
          {pending.map((p) => (
            <li key={p.id} aria-label={`${p.order}. ${p.id}`} className="rounded border border-slate-200 p-3">
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-sm text-slate-500">{p.order}.</span>
                <code className="font-mono font-semibold">{p.id}</code>
                <span className="text-sm">{p.description}</span>
                <RiskBadge level={p.risk} />
                {!p.reversible && <span className="rounded bg-slate-800 px-1.5 py-0.5 text-xs text-white">irreversible</span>}
              </div>
              {p.lockNotes.length > 0 && (
                <ul aria-label="Locks" className="mt-2 flex flex-wrap gap-2 text-xs">
                  {p.lockNotes.map((n) => (
                    <li key={n} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-slate-700">
                      {n}
                    </li>
                  ))}
                </ul>
              )}
              <FindingList findings={p.findings} />
              {p.affectedTables.length > 0 && (
                <p className="mt-2 text-xs text-slate-600">
                  Tables:{' '}
                  {p.affectedTables.map((t, i) => (
                    <span key={t.table}>
                      {i > 0 && ' · '}
                      <code className="font-mono">{t.table}</code>{' '}
                      {t.stats ? `~${formatCount(t.stats.rows)} rows, ${formatBytes(t.stats.bytes)}` : 'new or size unknown'}
                    </span>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
