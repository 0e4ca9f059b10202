import type { ReactNode } from 'react';
import type { SchemaChange } from '@/lib/model/diff';
import { ChangeBadge } from '@/components/ui/badges';
import { ValuesCell } from '@/components/diff/values-cell';

/** One table's changes: object, change, and the two sides' values (`left` is the expected side). */
export function ChangeTable({ label, caption, changes, left, right }: { label: string; caption: ReactNode; changes: readonly SchemaChange[]; left: string; right: string }) {
  return (
    <table aria-label={label} className="w-full table-fixed text-sm">
      <caption className="mb-1 text-left">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-200 text-left text-slate-600">
          <th scope="col" className="w-56 px-2 py-1 font-medium">Object</th>
          <th scope="col" className="w-28 px-2 py-1 font-medium">Change</th>
          <th scope="col" className="px-2 py-1 font-medium">{left}</th>
          <th scope="col" className="px-2 py-1 font-medium">{right}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={`${c.kind}:${c.name}:${c.change}`} className="border-b border-slate-100 align-top last:border-0">
            <th scope="row" className="px-2 py-1 text-left font-normal">
              <span className="text-xs text-slate-500">{c.kind}</span> <code className="font-mono break-all">{c.name}</code>
            </th>
            <td className="px-2 py-1"><ChangeBadge change={c.change} /></td>
            <td className="px-2 py-1 font-mono text-xs break-words"><ValuesCell values={c.expected} skipNulls={c.change !== 'altered'} /></td>
            <td className="px-2 py-1 font-mono text-xs break-words"><ValuesCell values={c.actual} skipNulls={c.change !== 'altered'} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
