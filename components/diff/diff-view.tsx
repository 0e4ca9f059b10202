'use client';

import { useMemo, useState } from 'react';
import type { DiffResult } from '@/lib/app/types';
import type { ChangeType, ObjectKind } from '@/lib/model/diff';
import { ChangeBadge } from '@/components/ui/badges';
import { EmptyState } from '@/components/ui/panels';
import { filterByKind, kindCounts } from '@/lib/app/kind-filter';
import { KindFilter } from './kind-filter';
import { ValuesCell } from './values-cell';

const CHANGES: ChangeType[] = ['missing', 'unexpected', 'altered'];

/** The changes grouped by table, filterable by object kind and change, expected and actual side by side. */
export function DiffView({ result }: { result: DiffResult }) {
  const [kinds, setKinds] = useState<Set<ObjectKind>>(() => new Set());
  const [change, setChange] = useState<ChangeType | 'all'>('all');
  const counts = useMemo(() => kindCounts(result.groups), [result.groups]);

  const groups = useMemo(
    () =>
      filterByKind(result.groups, kinds)
        .map((g) => ({ ...g, changes: g.changes.filter((c) => change === 'all' || c.change === change) }))
        .filter((g) => g.changes.length > 0),
    [result.groups, kinds, change],
  );
  const shown = groups.reduce((n, g) => n + g.changes.length, 0);
  const select = 'ml-2 rounded border border-slate-300 bg-white px-2 py-1 text-sm';

  return (
    <section aria-labelledby="diff-result-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h2 id="diff-result-heading" className="text-lg font-semibold">
          {result.identical ? 'Identical schemas' : `${result.counts.total} change${result.counts.total === 1 ? '' : 's'}`}
          <span className="ml-2 text-sm font-normal text-slate-600">
            {result.left.label} → {result.right.label}
          </span>
        </h2>
        {!result.identical && (
          <p className="text-sm text-slate-600">
            {CHANGES.map((c) => `${result.counts.byChange[c]} ${c}`).join(' · ')}
          </p>
        )}
      </div>
      <NotCompared result={result} />
      {result.identical ? (
        <EmptyState>{result.unchecked.length + result.unresolved.length > 0 ? 'No differences in what could be compared (see above).' : 'No differences: both sides have the same schema.'}</EmptyState>
      ) : (
        <>
          <div className="flex flex-wrap gap-4 text-sm" role="group" aria-label="Filters">
            <KindFilter counts={counts} selected={kinds} onChange={setKinds} />
            <label>
              Change
              <select aria-label="Filter by change" className={select} value={change} onChange={(e) => setChange(e.target.value as ChangeType | 'all')}>
                <option value="all">all changes</option>
                {CHANGES.map((c) => (
                  <option key={c} value={c}>
                    {c} ({result.counts.byChange[c]})
                  </option>
                ))}
              </select>
            </label>
            <span className="self-center text-slate-500" aria-live="polite">
              showing {shown} of {result.counts.total}
            </span>
          </div>
          {groups.length === 0 ? (
            <EmptyState>No change matches these filters.</EmptyState>
          ) : (
            groups.map((g) => (
              <div key={g.table} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
                <table aria-label={`Changes in ${g.table}`} className="w-full table-fixed text-sm">
                  <caption className="mb-2 text-left font-mono font-semibold">{g.table}</caption>
                  <thead>
                    <tr className="border-b border-slate-200 text-left text-slate-600">
                      <th scope="col" className="w-56 px-2 py-1 font-medium">Object</th>
                      <th scope="col" className="w-28 px-2 py-1 font-medium">Change</th>
                      <th scope="col" className="px-2 py-1 font-medium">Expected ({result.left.label})</th>
                      <th scope="col" className="px-2 py-1 font-medium">Actual ({result.right.label})</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.changes.map((c) => (
                      <tr key={`${c.kind}:${c.name}:${c.change}`} className="border-b border-slate-100 align-top last:border-0">
                        <th scope="row" className="px-2 py-1.5 text-left font-normal">
                          <span className="text-xs text-slate-500">{c.kind}</span> <code className="font-mono break-all">{c.name}</code>
                        </th>
                        <td className="px-2 py-1.5">
                          <ChangeBadge change={c.change} />
                        </td>
                        <td className="px-2 py-1.5 font-mono text-xs break-words">
                          <ValuesCell values={c.expected} skipNulls={c.change !== 'altered'} />
                        </td>
                        <td className="px-2 py-1.5 font-mono text-xs break-words">
                          <ValuesCell values={c.actual} skipNulls={c.change !== 'altered'} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))
          )}
        </>
      )}
    </section>
  );
}

/** What a side could not determine: listed, so "identical" never hides "could not check". */
function NotCompared({ result }: { result: DiffResult }) {
  const unchecked = result.unchecked ?? [];
  const unresolved = result.unresolved ?? [];
  if (unchecked.length === 0 && unresolved.length === 0) return null;
  return (
    <details className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm" aria-label="Not compared">
      <summary className="cursor-pointer font-medium text-amber-900">
        Not compared: {unchecked.length} attribute{unchecked.length === 1 ? '' : 's'} could not be determined
        {unresolved.length > 0 && `, ${unresolved.length} model construct${unresolved.length === 1 ? '' : 's'} not resolved statically`}
      </summary>
      <ul className="mt-2 space-y-1 font-mono text-xs">
        {unchecked.map((u) => (
          <li key={`${u.kind}:${u.schema}:${u.table}:${u.name}:${u.attribute}`}>
            {[u.schema, u.table, u.name].filter(Boolean).join('.')} {u.attribute}: {u.reason}
            {u.file && ` (${u.file}${u.line ? `:${u.line}` : ''})`}
          </li>
        ))}
        {unresolved.map((u) => (
          <li key={`${u.file}:${u.line}:${u.message}`}>
            {u.file}:{u.line}: {u.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
