'use client';

import type { ObjectKind } from '@/lib/model/diff';

/**
 * Checkboxes of the object kinds present, with their counts. None checked shows every kind; checking
 * some shows only those (so a new kind in the data is never hidden by a stale selection).
 */
export function KindFilter({
  counts,
  selected,
  onChange,
}: {
  counts: ReadonlyArray<{ kind: ObjectKind; count: number }>;
  selected: ReadonlySet<ObjectKind>;
  onChange: (next: Set<ObjectKind>) => void;
}) {
  const toggle = (kind: ObjectKind, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(kind);
    else next.delete(kind);
    onChange(next);
  };
  return (
    <fieldset role="group" aria-label="Filter by kind" className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <legend className="sr-only">Filter by kind</legend>
      <span className="text-slate-600" aria-hidden="true">Kind</span>
      {counts.map(({ kind, count }) => (
        <label key={kind} className="inline-flex items-center gap-1">
          <input type="checkbox" checked={selected.has(kind)} onChange={(e) => toggle(kind, e.target.checked)} />
          {kind} ({count})
        </label>
      ))}
      {selected.size > 0 && (
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-xs" onClick={() => onChange(new Set())}>
          all kinds
        </button>
      )}
    </fieldset>
  );
}
