import Link from 'next/link';
import type { Overview, Ref } from '@/lib/app/types';
import { cellBetween, type MatrixGroup } from '@/lib/app/overview-matrix';
import { diffHref } from '@/lib/app/refs';

type Matrix = Overview['matrix'];

/** Environment × environment (or, over a dozen environments, group × group): same schema or how far apart. */
export function SyncMatrix({ matrix }: { matrix: Matrix }) {
  return matrix.grouped ? <GroupedMatrix matrix={matrix} /> : <PairMatrix matrix={matrix} />;
}

/** The models' pseudo-environment compares as `models:current`, every other name as `env:`. */
function sideRef(matrix: Matrix, name: string): Ref {
  return name === matrix.models ? { type: 'models', at: 'current' } : { type: 'env', name };
}

const STYLE = { same: 'bg-emerald-50 text-emerald-800', differs: 'bg-amber-50 text-amber-900', unknown: 'bg-slate-50 text-slate-500' };

function PairMatrix({ matrix }: { matrix: Matrix }) {
  return (
    <div className="overflow-x-auto">
      <table aria-label={matrix.project ? `Sync matrix of ${matrix.project}` : 'Sync matrix'} className="border-collapse text-sm">
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
                const c = cellBetween(row, col, matrix.schemaOf, matrix.changes);
                const text = c.state === 'unknown' ? 'unknown' : c.state === 'same' ? 'same' : `differs (${c.changes} change${c.changes === 1 ? '' : 's'})`;
                return (
                  <td key={col} className={`px-3 py-2 ${STYLE[c.state]}`}>
                    {c.state !== 'unknown' ? (
                      <Link href={diffHref(sideRef(matrix, row), sideRef(matrix, col), matrix.project)} aria-label={`${row} vs ${col}: ${text}`} className="hover:underline">
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

/** How many environments of a group have each schema (index; -1: none stored). */
function schemaCounts(group: MatrixGroup, schemaOf: Matrix['schemaOf']): Map<number, number> {
  const counts = new Map<number, number>();
  for (const e of group.environments) {
    const s = schemaOf[e] ?? -1;
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return counts;
}

/** Pairs between two groups (or within one) that are same / differ / unknown, from schema counts alone. */
function summarize(a: Map<number, number>, b: Map<number, number>, within: boolean, changes: Matrix['changes']) {
  let same = 0;
  let differs = 0;
  let unknown = 0;
  for (const [i, n] of a) {
    for (const [j, m] of b) {
      const pairs = within && i === j ? n * (n - 1) : n * m;
      if (i < 0 || j < 0) unknown += pairs;
      else if (i === j) same += pairs;
      else {
        const c = changes[i]?.[j] ?? null;
        if (c === null) unknown += pairs;
        else if (c === 0) same += pairs;
        else differs += pairs;
      }
    }
  }
  return { same, differs, unknown };
}

function GroupedMatrix({ matrix }: { matrix: Matrix }) {
  const counts = new Map(matrix.groups.map((g) => [g.name, schemaCounts(g, matrix.schemaOf)]));
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        {matrix.environments.length} environments in {matrix.groups.length} groups (by the name before the first “-” or “.”); {matrix.changes.length} distinct
        schemas. Open a group to see its environments, or compare any two.
      </p>
      <div className="overflow-x-auto">
        <table aria-label={matrix.project ? `Sync matrix of ${matrix.project}` : 'Sync matrix'} className="border-collapse text-sm">
          <thead>
            <tr>
              <td />
              {matrix.groups.map((g) => (
                <th key={g.name} scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
                  {g.name} ({g.environments.length})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.groups.map((row) => (
              <tr key={row.name}>
                <th scope="row" className="px-3 py-2 text-left font-medium text-slate-600">
                  {row.name} ({row.environments.length})
                </th>
                {matrix.groups.map((col) => {
                  const s = summarize(counts.get(row.name)!, counts.get(col.name)!, row.name === col.name, matrix.changes);
                  const total = s.same + s.differs + s.unknown;
                  if (total === 0) return <td key={col.name} className="px-3 py-2 text-slate-300">—</td>;
                  const state = s.differs > 0 ? 'differs' : s.unknown > 0 ? 'unknown' : 'same';
                  const text = state === 'same' ? 'all same' : [s.differs && `${s.differs} of ${total} pairs differ`, s.unknown && `${s.unknown} unknown`].filter(Boolean).join(', ');
                  return (
                    <td key={col.name} className={`px-3 py-2 ${STYLE[state]}`} aria-label={`${row.name} vs ${col.name}: ${text}`}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-1 text-sm">
        {matrix.groups.map((g) => (
          <li key={g.name}>
            <GroupMembers group={g} matrix={matrix} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A group's environments by schema: the most common schema first, the others with their distance from it. */
function GroupMembers({ group, matrix }: { group: MatrixGroup; matrix: Matrix }) {
  const bySchema = new Map<number, string[]>();
  for (const e of group.environments) {
    const s = matrix.schemaOf[e] ?? -1;
    bySchema.set(s, [...(bySchema.get(s) ?? []), e]);
  }
  const classes = [...bySchema.entries()].sort(([a, x], [b, y]) => y.length - x.length || a - b);
  const main = classes.find(([s]) => s >= 0)?.[0] ?? null;
  return (
    <details>
      <summary className="cursor-pointer text-slate-700">
        {group.name}: {group.environments.length} environment{group.environments.length === 1 ? '' : 's'}, {classes.length} schema{classes.length === 1 ? '' : 's'}
      </summary>
      <ul className="mt-1 ml-4 space-y-1">
        {classes.map(([s, envs]) => {
          const c = s < 0 || main === null ? null : matrix.changes[main]?.[s] ?? null;
          const label = s < 0 ? 'no schema stored yet' : s === main ? 'most common schema' : c === null ? 'differs (count unknown)' : `${c} change${c === 1 ? '' : 's'} from the most common`;
          const first = main !== null && s >= 0 && s !== main ? group.environments.find((e) => matrix.schemaOf[e] === main) : undefined;
          return (
            <li key={s}>
              <span className="text-slate-500">{label}:</span>{' '}
              {envs.map((e, i) => (
                <span key={e}>
                  {i > 0 && ', '}
                  {first ? (
                    <Link href={diffHref({ type: 'env', name: first }, { type: 'env', name: e }, matrix.project)} className="text-blue-700 hover:underline">
                      {e}
                    </Link>
                  ) : (
                    e
                  )}
                </span>
              ))}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
