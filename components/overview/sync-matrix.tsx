import Link from 'next/link';
import type { Overview } from '@/lib/app/types';
import { diffHref } from '@/lib/app/refs';

/** Environment × environment: same schema or how many changes apart; each cell opens the diff. */
export function SyncMatrix({ matrix }: { matrix: Overview['matrix'] }) {
  const cell = (left: string, right: string) => matrix.cells.find((c) => c.left === left && c.right === right);
  return (
    <div className="overflow-x-auto">
      <table aria-label="Sync matrix" className="border-collapse text-sm">
        <thead>
          <tr>
            <td />
            {matrix.environments.map((e) => (
              <th key={e} scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
                {e}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.environments.map((row) => (
            <tr key={row}>
              <th scope="row" className="px-3 py-2 text-left font-medium text-slate-600">
                {row}
              </th>
              {matrix.environments.map((col) => {
                if (row === col) return <td key={col} className="px-3 py-2 text-slate-300">—</td>;
                const c = cell(row, col);
                const text = !c || c.state === 'unknown' ? 'unknown' : c.state === 'same' ? 'same' : `differs (${c.changes} change${c.changes === 1 ? '' : 's'})`;
                const style = c?.state === 'same' ? 'bg-emerald-50 text-emerald-800' : c?.state === 'differs' ? 'bg-amber-50 text-amber-900' : 'bg-slate-50 text-slate-500';
                return (
                  <td key={col} className={`px-3 py-2 ${style}`}>
                    {c && c.state !== 'unknown' ? (
                      <Link href={diffHref({ type: 'env', name: row }, { type: 'env', name: col })} aria-label={`${row} vs ${col}: ${text}`} className="hover:underline">
                        {text}
                      </Link>
                    ) : (
                      text
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
