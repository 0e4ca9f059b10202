import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { readForPage } from '@/lib/app/page-read';
import { envHref, pageHref, projectParam } from '@/lib/app/links';
import { repairQuery } from '@/lib/app/params';
import { getRepair } from '@/lib/app/repair';
import { EmptyState, ErrorPanel } from '@/components/ui/panels';
import { PageSkeleton } from '@/components/ui/skeletons';
import { RepairView } from '@/components/repair/repair-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Repair' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RepairPage({ searchParams }: Props) {
  const sp = await searchParams;
  const parsed = repairQuery.safeParse({ env: first(sp.env), to: first(sp.to), include: first(sp.include) });
  if (!parsed.success) return <EmptyState>Open the repair from an environment page (it needs ?env=NAME).</EmptyState>;
  const { env, to, include } = parsed.data;
  const project = projectParam(sp) ?? null;
  const withDrops = pageHref('/repair', { env, to, ...(include ? {} : { include: 'unexpected' }) }, project);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">
          Repair <Link href={envHref(env, project)} className="text-blue-700 hover:underline">{env}</Link>
          <span className="text-slate-500"> → {to === 'expected' ? 'what its version promises' : to}</span>
        </h1>
        <Link href={withDrops} className="text-sm text-blue-700 hover:underline">
          {include ? 'Leave unexpected objects alone' : 'Also drop unexpected objects'}
        </Link>
      </div>
      <Suspense key={`${project}|${env}|${to}|${include}`} fallback={<PageSkeleton label="Building and verifying the repair" />}>
        <RepairResult env={env} to={to} include={include === 'unexpected'} project={project} />
      </Suspense>
    </div>
  );
}

async function RepairResult({ env, to, include, project }: { env: string; to: string; include: boolean; project: string | null }) {
  const read = await readForPage(() => getRepair(env, to, include, project));
  if (!read.ok) return <ErrorPanel title="Cannot build the repair" message={read.message} />;
  return <RepairView report={read.data} />;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
