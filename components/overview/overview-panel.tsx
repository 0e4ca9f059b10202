'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { overviewQuery } from './queries';
import { EnvironmentsTable } from './environments-table';
import { SyncMatrix } from './sync-matrix';
import { ErrorPanel, Section } from '@/components/ui/panels';
import { TableSkeleton } from '@/components/ui/skeletons';
import { formatTime } from '@/components/ui/format';

/** The overview, kept fresh by polling /api/overview; a refresh shows as a small indicator, not a skeleton. */
export function OverviewPanel() {
  const { data, error, isPending, isFetching, isError } = useQuery(overviewQuery());

  if (isPending) return <TableSkeleton rows={3} label="Loading environments" />;
  if (isError && !data) return <ErrorPanel title="Cannot load the overview" message={error.message} />;

  const refreshing = isFetching && !isPending;
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between text-sm text-slate-600">
        <p>
          {data.app.environments.length} environment{data.app.environments.length === 1 ? '' : 's'} · {data.app.tool} migrations · head{' '}
          <code className="font-mono text-slate-900">{data.app.head ?? '—'}</code>
        </p>
        <p role="status" aria-live="polite" aria-label="Refresh status" className="flex items-center gap-2">
          {refreshing ? (
            <>
              <span className="inline-block h-2 w-2 animate-ping rounded-full bg-blue-500" aria-hidden="true" />
              Refreshing…
            </>
          ) : isError ? (
            <span className="text-red-700">Refresh failed: {error.message} (showing data from {formatTime(data.generatedAt)})</span>
          ) : (
            <>Updated {formatTime(data.generatedAt)}</>
          )}
        </p>
      </div>
      {data.environments.length === 0 ? (
        <Section title="No environments">
          <p className="text-sm">Add environments to driftboard.config.json to see them here.</p>
        </Section>
      ) : (
        <>
          <Section title="Status" id="status">
            <EnvironmentsTable rows={data.environments} />
          </Section>
          <Section title="Sync matrix" id="matrix" actions={<Link className="text-sm text-blue-700 underline" href="/diff">Compare any two…</Link>}>
            <SyncMatrix matrix={data.matrix} />
          </Section>
        </>
      )}
    </div>
  );
}
