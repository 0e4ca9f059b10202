'use client';

import { useMemo, useState, type ReactNode } from 'react';

export interface Column {
  key: string;
  label: string;
  align?: 'left' | 'right';
  /** False for columns that make no sense to sort (actions). */
  sortable?: boolean;
}

export interface Row {
  id: string;
  /** Rendered cells (may come from a server component). */
  cells: Record<string, ReactNode>;
  /** Plain values to sort by; null sorts last. */
  sort: Record<string, string | number | null>;
  /** Extra classes for the row (e.g. highlight). */
  className?: string;
}

/**
 * A table whose column headers are buttons that sort it. Takes pre-rendered cells plus sort values, so a
 * server component can render the cells and only the sorting lives in the browser.
 */
export function SortableTable({ label, columns, rows, initialSort }: { label: string; columns: Column[]; rows: Row[]; initialSort?: string }) {
  const [sortKey, setSortKey] = useState<string | null>(initialSort ?? null);
  const [ascending, setAscending] = useState(true);

  const sorted = useMemo(() => {
    if (!sortKey) return rows;
    const factor = ascending ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = a.sort[sortKey] ?? null;
      const y = b.sort[sortKey] ?? null;
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * factor;
    });
  }, [rows, sortKey, ascending]);

  function toggle(key: string) {
    if (sortKey === key) setAscending(!ascending);
    else {
      setSortKey(key);
      setAscending(true);
    }
  }

  return (
    <div className="overflow-x-auto">
      <table aria-label={label} className="w-full border-collapse text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-600">
            {columns.map((c) => {
              const active = sortKey === c.key;
              const sortable = c.sortable !== false;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={active ? (ascending ? 'ascending' : 'descending') : undefined}
                  className={`px-2 py-2 font-medium ${c.align === 'right' ? 'text-right' : ''}`}
                >
                  {sortable ? (
                    <button type="button" onClick={() => toggle(c.key)} className="inline-flex items-center gap-1 rounded hover:text-slate-900">
                      {c.label}
                      <span aria-hidden="true" className="text-xs text-slate-400">
                        {active ? (ascending ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.id} className={`border-b border-slate-100 align-top last:border-0 ${r.className ?? ''}`}>
              {columns.map((c, i) =>
                i === 0 ? (
                  <th key={c.key} scope="row" className="px-2 py-2 text-left font-medium">
                    {r.cells[c.key]}
                  </th>
                ) : (
                  <td key={c.key} className={`px-2 py-2 ${c.align === 'right' ? 'text-right tabular-nums' : ''}`}>
                    {r.cells[c.key]}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
