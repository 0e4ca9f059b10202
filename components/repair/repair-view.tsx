import type { RepairReport } from '@/lib/model';
import { RiskBadge } from '@/components/ui/badges';
import { FindingList } from '@/components/ui/finding-list';
import { EmptyState, Section } from '@/components/ui/panels';
import { ExportText } from '@/components/ui/export-text';

/** A repair script with its rating, its verification on a shadow copy, and what it cannot restore. */
export function RepairView({ report }: { report: RepairReport }) {
  const live = report.statements.filter((s) => !s.commented);
  const file = `driftboard-repair-${report.environment}-to-${report.target}.sql`.replace(/[^\w.-]/g, '_');
  return (
    <div className="space-y-6">
      <Section title="Repair SQL" id="repair">
        <div className="mb-3 flex flex-wrap items-center gap-3 text-sm">
          <span className="flex items-center gap-2">
            Risk <RiskBadge level={report.risk} />
          </span>
          <span
            role="status"
            className={`rounded px-2 py-0.5 font-medium ${report.verified ? 'bg-green-100 text-green-900' : 'bg-amber-100 text-amber-900'}`}
          >
            {report.verified ? 'Verified on a shadow copy' : 'Not verified'}
          </span>
          <span className="text-slate-600">
            {live.length} statement{live.length === 1 ? '' : 's'}
            {report.statements.length > live.length && `, ${report.statements.length - live.length} drop${report.statements.length - live.length === 1 ? '' : 's'} left commented out`}
          </span>
        </div>
        {!report.verified && report.verificationError && <p className="mb-3 text-sm text-amber-900">{report.verificationError}</p>}
        {report.statements.length === 0 ? (
          <EmptyState>Nothing to repair: the environment already matches {report.target === 'expected' ? 'what its version promises' : report.target}.</EmptyState>
        ) : (
          <ExportText text={report.script} filename={file} mime="application/sql" what="repair SQL" open />
        )}
        <p className="mt-2 text-xs text-slate-500">Driftboard never runs this script. Review it, then run it yourself, e.g. psql -v ON_ERROR_STOP=1 -f {file}</p>
      </Section>
      {report.notes.length > 0 && (
        <Section title="What the script cannot restore" id="repair-notes">
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </Section>
      )}
      {report.findings.length > 0 && (
        <Section title="Risk findings" id="repair-findings">
          <FindingList findings={report.findings} />
        </Section>
      )}
      {report.remaining.length > 0 && (
        <Section title="Left on the shadow copy" id="repair-remaining">
          <ul className="space-y-1 font-mono text-xs">
            {report.remaining.map((c) => (
              <li key={`${c.kind}:${c.change}:${c.schema}.${c.table}.${c.name}`}>
                {c.change} {c.kind} {[c.schema, c.table, c.name].filter(Boolean).join('.')}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
