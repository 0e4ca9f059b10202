import type { Metadata } from 'next';
import Link from 'next/link';
import { getEnvironmentDetail } from '@/lib/app';
import { readForPage } from '@/lib/app/page-read';
import { diffHref } from '@/lib/app/refs';
import { historyHref, pageHref, projectParam } from '@/lib/app/links';
import { ErrorPanel } from '@/components/ui/panels';
import { StatusBadge } from '@/components/ui/badges';
import { formatTime, shortId } from '@/components/ui/format';
import { PendingList } from '@/components/env/pending-list';
import { DriftByTable } from '@/components/env/drift-by-table';
import { GhostMigrations } from '@/components/env/ghost-migrations';
import { EventList } from '@/components/env/event-list';
import { ModelDrift } from '@/components/env/model-drift';
import { getModelDriftDetail } from '@/lib/app/model-drift';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function EnvironmentPage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).name);
  const asked = projectParam(await searchParams);
  const read = await readForPage(() => getEnvironmentDetail(name, asked));
  if (!read.ok) return <ErrorPanel title={`Cannot show ${name}`} message={read.message} />;
  const { environment: env, pending, drift, ghostMigrations, events, status } = read.data;
  const head = read.data.app.head;
  const project = read.data.app.project;
  const modelDrift = await getModelDriftDetail(name, project);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="flex items-center gap-3 text-2xl font-semibold">
            {env.name} <StatusBadge status={env.status} />
          </h1>
          {project && (
            <p className="mt-1 text-sm text-slate-600">
              Project <span className="font-medium text-slate-900">{project}</span>
            </p>
          )}
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Version</dt>
            <dd className="font-mono">{env.version ?? '—'}</dd>
            <dt className="text-slate-500">Head</dt>
            <dd className="font-mono">{head ?? '—'}</dd>
            <dt className="text-slate-500">Behind</dt>
            <dd>{env.behind === null ? 'unknown' : env.behind === 0 ? 'up to date' : `${env.behind} migration${env.behind === 1 ? '' : 's'}`}</dd>
            <dt className="text-slate-500">Last poll</dt>
            <dd>
              {formatTime(env.lastPollAt)}
              {env.lastPollDurationMs !== null && <span className="text-slate-500"> · {env.lastPollDurationMs} ms</span>}
            </dd>
          </dl>
          {env.error && (
            <p role="alert" className="mt-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
              {env.status === 'unreachable' ? 'Unreachable: ' : 'Error: '}
              {env.error}
            </p>
          )}
          {status?.versionState?.problems.map((p) => (
            <p key={p} className="mt-2 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {p}
            </p>
          ))}
        </div>
        <nav aria-label="Environment actions" className="flex flex-wrap gap-2 text-sm">
          <ActionLink href={pageHref('/plan', { env: env.name, target: 'head' }, project)}>Plan to head</ActionLink>
          {env.version && <ActionLink href={diffHref({ type: 'expected', version: env.version.split(',')[0] }, { type: 'env', name: env.name }, project)}>Diff against expected</ActionLink>}
          <ActionLink href={historyHref(env.name, project)}>History</ActionLink>
          {env.schemaHash && <ActionLink href={pageHref('/repair', { env: env.name }, project)}>Repair SQL</ActionLink>}
        </nav>
      </div>

      {ghostMigrations.length > 0 && <GhostMigrations ghosts={ghostMigrations} />}
      <PendingList pending={pending} head={head} known={env.behind !== null} />
      <DriftByTable groups={drift} checked={Boolean(status?.drift)} replayProblems={read.data.replayProblems} unverified={read.data.unverified} />
      {modelDrift && <ModelDrift detail={modelDrift} />}
      <EventList events={events} title="Recent events" />
      {env.schemaHash && (
        <p className="text-xs text-slate-500">
          Schema hash <code className="font-mono">{shortId(env.schemaHash, 16)}</code>
        </p>
      )}
    </div>
  );
}

function ActionLink({ href, children }: { href: string; children: string }) {
  return (
    <Link href={href} className="rounded border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 shadow-sm hover:bg-slate-50">
      {children}
    </Link>
  );
}
