'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { filterRows, statusCounts, type RowOrder, type StatusFilter } from './filter-rows';
import { overviewQuery } from './queries';
import { EnvironmentsTable } from './environments-table';
import { SyncMatrix } from './sync-matrix';
import { ErrorPanel, Section } from '@/components/ui/panels';
import { TableSkeleton } from '@/components/ui/skeletons';
import { formatTime } from '@/components/ui/format';
import { pageHref } from '@/lib/app/links';
import type { OverviewRow, ProjectOverview } from '@/lib/app/types';

/** The overview, kept fresh by polling /api/overview; a refresh shows as a small indicator, not a skeleton. */
export function OverviewPanel() {
  const { data, error, isPending, isFetching, isError } = useQuery(overviewQuery());
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [order, setOrder] = useState<RowOrder>('config');

  if (isPending) return <TableSkeleton rows={3} label="Loading environments" />;
  if (isError && !data) return <ErrorPanel title="Cannot load the overview" message={error.message} />;

  const refreshing = isFetching && !isPending;
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between text-sm text-slate-600">
        <p>
          {data.projects.length > 1 ? (
            <>
              {data.projects.length} projects · {data.environments.length} environments
            </>
          ) : (
            <>
              {data.app.environments.length} environment{data.app.environments.length === 1 ? '' : 's'} · {data.app.tool} migrations · head{' '}
              <code className="font-mono text-slate-900">{data.app.head ?? '—'}</code>
            </>
          )}
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
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <input
              type="search"
              aria-label="Search environments"
              placeholder="Search environments…"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              className="rounded border border-slate-300 px-2 py-1"
            />
            <label className="flex items-center gap-1">
              Status
              <select aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)} className="rounded border border-slate-300 px-1 py-1">
                <option value="all">all ({data.environments.length})</option>
                <option value="problems">needs attention</option>
                {statusCounts(data.environments).map(([s, n]) => (
                  <option key={s} value={s}>
                    {s} ({n})
                  </option>
                ))}
              </select>
            </label>
            <label className="flex items-center gap-1">
              Order
              <select aria-label="Order" value={order} onChange={(e) => setOrder(e.target.value as RowOrder)} className="rounded border border-slate-300 px-1 py-1">
                <option value="config">config order</option>
                <option value="risk">highest risk first</option>
                <option value="name">name</option>
              </select>
            </label>
          </div>
          {data.projects.map((project) => (
            <ProjectBlock key={project.name ?? ''} project={project} several={data.projects.length > 1} shown={filterRows(project.environments, search, status, order)} order={order} />
          ))}
        </>
      )}
    </div>
  );
}

/** One project: its environments (filtered) and its own sync matrix; headed by name, tool and head when there are several. */
function ProjectBlock({ project, several, shown, order }: { project: ProjectOverview; several: boolean; shown: OverviewRow[]; order: RowOrder }) {
  const table =
    shown.length === 0 ? (
      <p className="text-sm text-slate-600">No environment matches.</p>
    ) : (
      <>
        {shown.length < project.environments.length && (
          <p className="mb-2 text-xs text-slate-600">
            Showing {shown.length} of {project.environments.length}
          </p>
        )}
        <EnvironmentsTable key={order} rows={shown} />
      </>
    );
  const matrix = (
    <Section title="Sync matrix" id={several ? `matrix-${project.name}` : 'matrix'} actions={<Link className="text-sm text-blue-700 underline" href={pageHref('/diff', {}, project.name)}>Compare any two…</Link>}>
      <SyncMatrix matrix={project.matrix} />
    </Section>
  );
  if (!several) {
    return (
      <>
        <Section title="Status" id="status">
          {table}
        </Section>
        {matrix}
      </>
    );
  }
  return (
    <section aria-label={`Project ${project.name}`} className="space-y-3 rounded-lg border border-slate-200 p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{project.name}</h2>
        <p className="text-sm text-slate-600">
          {project.environments.length} environment{project.environments.length === 1 ? '' : 's'} · {project.tool} migrations · head{' '}
          <code className="font-mono text-slate-900">{project.head ?? '—'}</code> ·{' '}
          <Link className="text-blue-700 underline" href={pageHref('/migrations', {}, project.name)}>
            migrations × environments
          </Link>
        </p>
      </div>
      <Section title="Status" id={`status-${project.name}`}>
        {table}
      </Section>
      {matrix}
    </section>
  );
}
