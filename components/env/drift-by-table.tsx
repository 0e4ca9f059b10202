import type { TableDrift } from '@/lib/app/types';
import { ChangeBadge } from '@/components/ui/badges';
import { EmptyState, Section } from '@/components/ui/panels';
import type { UncheckedAttribute } from '@/lib/model/diff';
import type { ReplayProblem } from '@/lib/model/status';
import { describeValues } from '@/components/diff/values';
import { CouldNotCheck, uncertaintyText } from './could-not-check';

/**
 * Drift against the expected schema at the environment's version, one block per table, then what could
 * not be checked (replay problems, unchecked attributes): "could not check" is never "no drift".
 */
export function DriftByTable({
  groups,
  checked,
  replayProblems = [],
  unverified = [],
}: {
  groups: TableDrift[];
  checked: boolean;
  replayProblems?: readonly ReplayProblem[];
  unverified?: readonly UncheckedAttribute[];
}) {
  const total = groups.reduce((n, g) => n + g.changes.length, 0);
  const unsure = checked ? uncertaintyText(replayProblems, unverified) : '';
  return (
    <Section title={checked ? `Drift (${total})` : 'Drift'} id="drift">
      {!checked ? (
        <EmptyState>Drift is not known: the environment has not been read successfully.</EmptyState>
      ) : groups.length === 0 ? (
        <EmptyState>
          {unsure
            ? `No drift in what could be checked; ${unsure} (see below).`
            : 'No drift: the schema matches what the migrations produce at this version.'}
        </EmptyState>
      ) : (
        <div className="space-y-4">
          {groups.map((g) => (
            <table key={g.table} aria-label={`Drift in ${g.table}`} className="w-full table-fixed text-sm">
              <caption className="mb-1 text-left font-mono font-semibold">{g.table}</caption>
              <thead>
                <tr className="border-b border-slate-200 text-left text-slate-600">
                  <th scope="col" className="w-56 px-2 py-1 font-medium">Object</th>
                  <th scope="col" className="w-28 px-2 py-1 font-medium">Change</th>
                  <th scope="col" className="px-2 py-1 font-medium">Expected</th>
                  <th scope="col" className="px-2 py-1 font-medium">Actual</th>
                </tr>
              </thead>
              <tbody>
                {g.changes.map((c) => (
                  <tr key={`${c.kind}:${c.name}:${c.change}`} className="border-b border-slate-100 align-top last:border-0">
                    <th scope="row" className="px-2 py-1 text-left font-normal">
                      <span className="text-xs text-slate-500">{c.kind}</span> <code className="font-mono">{c.name}</code>
                    </th>
                    <td className="px-2 py-1"><ChangeBadge change={c.change} /></td>
                    <td className="px-2 py-1 font-mono text-xs break-all">{describeValues(c.expected, c.change !== 'altered')}</td>
                    <td className="px-2 py-1 font-mono text-xs break-all">{describeValues(c.actual, c.change !== 'altered')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      )}
      {checked && <CouldNotCheck replayProblems={replayProblems} unverified={unverified} />}
    </Section>
  );
}
