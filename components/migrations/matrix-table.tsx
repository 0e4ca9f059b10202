import Link from 'next/link';
import type { MigrationMatrix } from '@/lib/app/migrations-matrix';
import { RiskBadge } from '@/components/ui/badges';
import { formatTime } from '@/components/ui/format';
import { CELL_STYLE, CELL_TEXT, cellHref, cellLabel } from './cell-state';

/** Rows: migrations newest first; columns: environments; each cell opens its detail. */
export function MatrixTable({ matrix, selected }: { matrix: MigrationMatrix; selected: { env: string; migration: string } | null }) {
  return (
    <div className="overflow-x-auto">
      <table aria-label="Migrations by environment" className="w-full border-collapse text-sm">
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
              Migration
            </th>
            <th scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
              Written
            </th>
            {matrix.columns.map((c) => (
              <th key={c.environment} scope="col" className="px-3 py-2 text-left font-medium text-slate-600">
                {c.environment}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row.id} className="border-b border-slate-100 align-top">
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <code className="font-mono font-semibold">{row.id}</code>
                <span className="block text-slate-800">{row.description}</span>
                <span className="block font-mono text-xs text-slate-500">{row.file}</span>
              </th>
              <td className="whitespace-nowrap px-3 py-2 text-slate-700" title={row.authoredNote ?? undefined}>
                {row.authoredAt ? formatTime(row.authoredAt) : <span className="text-slate-500">date unknown</span>}
              </td>
              {row.cells.map((cell) => {
                const isSelected = selected?.env === cell.environment && selected.migration === cell.migration;
                return (
                  <td key={cell.environment} className={`px-1 py-1 ${CELL_STYLE[cell.state]} ${isSelected ? 'ring-2 ring-inset ring-blue-600' : ''}`}>
                    <Link
                      href={cellHref(cell.environment, cell.migration, matrix.app.project)}
                      aria-label={`${row.id} on ${cell.environment}: ${cellLabel(cell)}`}
                      aria-current={isSelected ? 'true' : undefined}
                      title={cell.note ?? undefined}
                      className="flex items-center gap-2 rounded px-2 py-1 hover:underline"
                    >
                      {CELL_TEXT[cell.state]}
                      {cell.risk && (cell.state === 'pending' || cell.state === 'failed') && <RiskBadge level={cell.risk} />}
                    </Link>
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
