import type { UncheckedAttribute } from '@/lib/model/diff';
import type { ReplayProblem } from '@/lib/model/status';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the drift check had to leave out, as one sentence: empty when it left nothing out. */
export function uncertaintyText(replayProblems: readonly ReplayProblem[], unverified: readonly UncheckedAttribute[]): string {
  const parts: string[] = [];
  if (unverified.length) parts.push(`${plural(unverified.length, 'attribute')} could not be checked`);
  if (replayProblems.length) parts.push(`${plural(replayProblems.length, 'migration statement')} could not be replayed`);
  return parts.join('; ');
}

/** Replay problems (file:line, error) and unchecked attributes: what "no drift" does not cover. */
export function CouldNotCheck({ replayProblems, unverified }: { replayProblems: readonly ReplayProblem[]; unverified: readonly UncheckedAttribute[] }) {
  if (!replayProblems.length && !unverified.length) return null;
  return (
    <div className="mt-4 space-y-4">
      {replayProblems.length > 0 && (
        <div role="note" aria-label="Replay problems" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-semibold">Replay problems ({replayProblems.length})</p>
          <p className="mt-1">These statements failed in the shadow database; the expected schema was built without their effect.</p>
          <ul className="mt-2 space-y-1">
            {replayProblems.map((p) => (
              <li key={`${p.file}:${p.line}:${p.statement}`}>
                <code className="font-mono">
                  {p.file}:{p.line}
                </code>{' '}
                {p.error} <span className="text-xs text-amber-800">({p.migrationId}: <code className="font-mono">{p.statement}</code>)</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {unverified.length > 0 && (
        <table aria-label="Could not check" className="w-full table-fixed text-sm">
          <caption className="mb-1 text-left font-semibold">Could not check ({unverified.length})</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-600">
              <th scope="col" className="w-56 px-2 py-1 font-medium">Object</th>
              <th scope="col" className="w-28 px-2 py-1 font-medium">Attribute</th>
              <th scope="col" className="px-2 py-1 font-medium">Why</th>
              <th scope="col" className="w-56 px-2 py-1 font-medium">Where</th>
            </tr>
          </thead>
          <tbody>
            {unverified.map((u) => (
              <tr key={`${u.kind}:${u.schema}.${u.table}.${u.name}:${u.attribute}`} className="border-b border-slate-100 align-top last:border-0">
                <th scope="row" className="px-2 py-1 text-left font-normal">
                  <span className="text-xs text-slate-500">{u.kind}</span> <code className="font-mono">{[u.schema, u.table, u.name].filter(Boolean).join('.')}</code>
                </th>
                <td className="px-2 py-1 font-mono text-xs">{u.attribute}</td>
                <td className="px-2 py-1 text-xs">{u.reason}</td>
                <td className="px-2 py-1 font-mono text-xs break-all">{u.file ? `${u.file}${u.line ? `:${u.line}` : ''}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
