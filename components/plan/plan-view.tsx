import Link from 'next/link';
import type { Plan } from '@/lib/plan';
import { formatSeconds } from '@/lib/plan';
import { RiskBadge } from '@/components/ui/badges';
import { FindingList } from '@/components/ui/finding-list';
import { EmptyState, Section } from '@/components/ui/panels';
import { formatBytes, formatCount, shortId } from '@/components/ui/format';
import { ExportMarkdown } from './export-markdown';

export function PlanView({ plan, markdown }: { plan: Plan; markdown: string }) {
  const filename = `driftboard-plan-${plan.environment}-${plan.target}.md`.replace(/[^\w.-]/g, '_');
  return (
    <div className="space-y-6">
      <Section title={`${plan.environment}: ${shortId(plan.from)} → ${shortId(plan.target)}`} id="plan-summary" actions={<RiskBadge level={plan.steps.length ? plan.risk : null} />}>
        <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
          <Fact label="Steps" value={String(plan.steps.length)} />
          <Fact label="Estimated blocking time" value={formatSeconds(plan.estimatedBlockingSeconds)} />
          <Fact label="Irreversible steps" value={plan.irreversible.length ? plan.irreversible.map((id) => shortId(id)).join(', ') : 'none'} />
          <Fact label="Non-transactional statements" value={String(plan.steps.reduce((n, s) => n + s.nonTransactional.length, 0))} />
        </dl>
        <div className="mt-4">
          <ExportMarkdown markdown={markdown} filename={filename} />
        </div>
      </Section>

      {plan.warnings.length > 0 && (
        <div role="note" aria-label="Warnings" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
          <p className="font-semibold">Warnings</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {plan.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}

      {plan.replayProblems.length > 0 && (
        <Section title={`Replay problems (${plan.replayProblems.length})`} id="replay-problems">
          <p className="text-sm text-slate-600">Statements the expected schema was built without: the drift check of {plan.environment} lacks their effect.</p>
          <ul aria-label="Replay problems" className="mt-2 space-y-1 text-sm">
            {plan.replayProblems.map((p) => (
              <li key={`${p.file}:${p.line}:${p.statement}`}>
                <code className="font-mono">
                  {p.file}:{p.line}
                </code>{' '}
                {p.error} <span className="text-xs text-slate-500">({shortId(p.migrationId)}: <code className="font-mono">{p.statement}</code>)</span>
              </li>
            ))}
          </ul>
        </Section>
      )}

      {plan.repairFirst && (
        <Section title="Step 0: repair drift first" id="repair-first">
          <p className="text-sm">
            {plan.environment} has{' '}
            {[
              plan.repairFirst.driftChanges ? `${plan.repairFirst.driftChanges} drift change${plan.repairFirst.driftChanges === 1 ? '' : 's'}` : '',
              plan.repairFirst.ghostMigrations.length ? `${plan.repairFirst.ghostMigrations.length} applied-but-missing migration${plan.repairFirst.ghostMigrations.length === 1 ? '' : 's'}` : '',
            ]
              .filter(Boolean)
              .join(' and ')}
            : the migrations below assume the schema its version promises.{' '}
            <Link href={plan.repairFirst.href} className="font-medium text-blue-700 hover:underline">
              Repair drift first
            </Link>
          </p>
        </Section>
      )}

      <Section title="Pre-flight checklist" id="checklist">
        <ul aria-label="Pre-flight checklist" className="space-y-1 text-sm">
          {plan.checklist.map((c) => (
            <li key={c} className="flex gap-2">
              <input type="checkbox" aria-label={c} className="mt-0.5" />
              <span>{c}</span>
            </li>
          ))}
        </ul>
      </Section>

      <Section title="Steps" id="steps">
        {plan.steps.length === 0 ? (
          <EmptyState>Nothing to apply: {plan.environment} is already at {shortId(plan.target)}.</EmptyState>
        ) : (
          <ol aria-label="Plan steps" className="space-y-4">
            {plan.steps.map((s) => (
              <li key={s.id} className="rounded border border-slate-200 p-3">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-sm text-slate-500">{s.order}.</span>
                  <code className="font-mono font-semibold">{s.id}</code>
                  <span className="text-sm">{s.description}</span>
                  <RiskBadge level={s.risk} />
                  {!s.reversible && <span className="rounded bg-slate-800 px-1.5 py-0.5 text-xs text-white">irreversible</span>}
                  {s.destroysData && <span className="rounded bg-red-700 px-1.5 py-0.5 text-xs text-white">destroys data</span>}
                  <span className="ml-auto text-sm text-slate-600">blocking: {formatSeconds(s.estimatedBlockingSeconds)}</span>
                </div>
                {s.locks.length > 0 && (
                  <table aria-label={`Locks of ${s.id}`} className="mt-2 w-full text-xs">
                    <thead>
                      <tr className="text-left text-slate-500">
                        <th scope="col" className="py-1 pr-2 font-medium">Table</th>
                        <th scope="col" className="py-1 pr-2 font-medium">Lock</th>
                        <th scope="col" className="py-1 pr-2 font-medium">Rewrite</th>
                        <th scope="col" className="py-1 pr-2 text-right font-medium">Rows</th>
                        <th scope="col" className="py-1 pr-2 text-right font-medium">Size</th>
                        <th scope="col" className="py-1 text-right font-medium">Blocks for</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.locks.map((l, i) => (
                        <tr key={i} className="border-t border-slate-100">
                          <td className="py-1 pr-2 font-mono">{l.table}</td>
                          <td className="py-1 pr-2 font-mono">{l.lock}</td>
                          <td className="py-1 pr-2">{l.rewrite ? 'yes' : 'no'}</td>
                          <td className="py-1 pr-2 text-right tabular-nums">{formatCount(l.rows)}</td>
                          <td className="py-1 pr-2 text-right tabular-nums">{formatBytes(l.bytes)}</td>
                          <td className="py-1 text-right tabular-nums">{formatSeconds(l.estimatedBlockingSeconds)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                <FindingList findings={s.findings} />
                {s.nonTransactional.length > 0 && (
                  <div className="mt-2 rounded bg-amber-50 p-2 text-xs">
                    <p className="font-semibold text-amber-900">Must run outside a transaction:</p>
                    {s.nonTransactional.map((sql) => (
                      <pre key={sql} className="mt-1 font-mono whitespace-pre-wrap">{sql}</pre>
                    ))}
                  </div>
                )}
                <details className="mt-2">
                  <summary className="cursor-pointer text-xs text-slate-600">SQL ({s.statements.length} statement{s.statements.length === 1 ? '' : 's'})</summary>
                  <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">
                    {s.statements.map((st) => st.sql.trim()).join(';\n\n')}
                  </pre>
                </details>
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section title="Rollback" id="rollback">
        {plan.rollback.length === 0 ? (
          <EmptyState>Nothing to roll back.</EmptyState>
        ) : (
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            {plan.rollback.map((r) => (
              <li key={r.id} className={r.kind === 'restore' ? 'text-red-800' : ''}>
                {r.note}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </div>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}
