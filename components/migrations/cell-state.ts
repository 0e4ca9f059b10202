import { pageHref } from '@/lib/app/links';
import type { MatrixCell, MatrixCellState } from '@/lib/app/migrations-matrix';

/** Words for a cell: what a screen reader says and what the table shows. */
export const CELL_TEXT: Record<MatrixCellState, string> = {
  applied: 'applied',
  pending: 'pending',
  'applied-but-missing': 'applied but missing',
  failed: 'failed',
  unknown: 'unknown',
};

export const CELL_STYLE: Record<MatrixCellState, string> = {
  applied: 'bg-emerald-50 text-emerald-800',
  pending: 'bg-amber-50 text-amber-900',
  'applied-but-missing': 'bg-red-100 text-red-900 font-semibold',
  failed: 'bg-red-200 text-red-950 font-semibold',
  unknown: 'bg-slate-100 text-slate-500',
};

/** `pending (high risk)`, `applied but missing (2 objects)`, `unknown`. */
export function cellLabel(cell: MatrixCell): string {
  const text = CELL_TEXT[cell.state];
  if ((cell.state === 'pending' || cell.state === 'failed') && cell.risk) return `${text} (${cell.risk} risk)`;
  if (cell.state === 'applied-but-missing') return `${text} (${cell.missing.length} object${cell.missing.length === 1 ? '' : 's'})`;
  return text;
}

/** The page URL that opens one cell. */
export function cellHref(environment: string, migration: string, project?: string | null): string {
  return `${pageHref('/migrations', { env: environment, migration }, project)}#cell-detail`;
}
