'use client';

import { useMemo, useState } from 'react';
import type { TableDrift } from '@/lib/app/types';
import type { ObjectKind } from '@/lib/model/diff';
import { filterByKind, kindCounts } from '@/lib/app/kind-filter';
import { KindFilter } from '@/components/diff/kind-filter';
import { EmptyState } from '@/components/ui/panels';
import { ChangeTable } from './change-table';

/** The drift blocks, one per table or schema, with a client-side filter by object kind. */
export function DriftGroups({ groups }: { groups: TableDrift[] }) {
  const [kinds, setKinds] = useState<Set<ObjectKind>>(() => new Set());
  const counts = useMemo(() => kindCounts(groups), [groups]);
  const shown = useMemo(() => filterByKind(groups, kinds), [groups, kinds]);
  const total = groups.reduce((n, g) => n + g.changes.length, 0);
  const showing = shown.reduce((n, g) => n + g.changes.length, 0);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <KindFilter counts={counts} selected={kinds} onChange={setKinds} />
        <span className="text-slate-500" aria-live="polite">
          showing {showing} of {total}
        </span>
      </div>
      {shown.length === 0 ? (
        <EmptyState>No change matches this filter.</EmptyState>
      ) : (
        shown.map((g) => (
          <ChangeTable
            key={g.table}
            label={`Drift in ${g.table}`}
            caption={<span className="font-mono font-semibold">{g.table}</span>}
            changes={g.changes}
            left="Expected"
            right="Actual"
          />
        ))
      )}
    </div>
  );
}
