import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { getDiff, getDiffChoices } from '@/lib/app';
import { readForPage } from '@/lib/app/page-read';
import { pageProject } from '@/lib/app/context';
import { pageHref, projectParam } from '@/lib/app/links';
import { ProjectPicker } from '@/components/ui/project-picker';
import { diffQuery } from '@/lib/app/params';
import { EmptyState, ErrorPanel } from '@/components/ui/panels';
import { TableSkeleton } from '@/components/ui/skeletons';
import { DiffPicker } from '@/components/diff/diff-picker';
import { DiffView } from '@/components/diff/diff-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Diff' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DiffPage({ searchParams }: Props) {
  const sp = await searchParams;
  const left = first(sp.left);
  const right = first(sp.right);
  const envSide = [left, right].find((r) => r?.startsWith('env:'))?.slice(4);
  const choices = await readForPage(async () => getDiffChoices(await pageProject(projectParam(sp), envSide)));
  if (!choices.ok) return <ErrorPanel title="Cannot load the diff choices" message={choices.message} />;
  const project = choices.data.project;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Diff</h1>
      <ProjectPicker projects={choices.data.projects} current={project} hrefOf={(p) => pageHref('/diff', {}, p)} />
      <DiffPicker key={`picker:${project}|${left}|${right}`} choices={choices.data} left={left ?? null} right={right ?? null} />
      {left && right ? (
        <Suspense key={`result:${project}|${left}|${right}`} fallback={<TableSkeleton rows={5} label="Comparing schemas" />}>
          <DiffResult left={left} right={right} project={project} />
        </Suspense>
      ) : (
        <EmptyState>
          Pick two sides — an environment now, the expected schema at a version, or a past snapshot — and press Compare. The URL keeps the
          choice, so you can share it.
        </EmptyState>
      )}
    </div>
  );
}

async function DiffResult({ left, right, project }: { left: string; right: string; project: string | null }) {
  const parsed = diffQuery.safeParse({ left, right });
  if (!parsed.success) {
    return <ErrorPanel title="Cannot compare" message={parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} />;
  }
  const read = await readForPage(() => getDiff(parsed.data.left, parsed.data.right, project));
  if (!read.ok) return <ErrorPanel title="Cannot compare" message={read.message} />;
  const { left: l, right: r } = parsed.data;
  // The right side is what the repair changes: an environment, brought to the left environment or to its promise.
  const target = r.type === 'env' ? r.name : null;
  const repair = target && (l.type === 'env' || l.type === 'expected') ? pageHref('/repair', { env: target, ...(l.type === 'env' ? { to: l.name } : {}) }, project) : null;
  return (
    <div className="space-y-3">
      {repair && (
        <p className="text-sm">
          <Link href={repair} className="rounded border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 shadow-sm hover:bg-slate-50">
            Repair SQL for {target}
          </Link>
        </p>
      )}
      <DiffView result={read.data} />
    </div>
  );
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
