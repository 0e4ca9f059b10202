import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getPlan, getPlanChoices } from '@/lib/app';
import { readForPage } from '@/lib/app/page-read';
import { pageProject } from '@/lib/app/context';
import { pageHref, projectParam } from '@/lib/app/links';
import { ProjectPicker } from '@/components/ui/project-picker';
import { planQuery } from '@/lib/app/params';
import { planToMarkdown } from '@/lib/plan';
import { EmptyState, ErrorPanel } from '@/components/ui/panels';
import { PageSkeleton } from '@/components/ui/skeletons';
import { PlanForm } from '@/components/plan/plan-form';
import { PlanView } from '@/components/plan/plan-view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Plan' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PlanPage({ searchParams }: Props) {
  const sp = await searchParams;
  const env = first(sp.env);
  const target = first(sp.target) ?? 'head';
  const choices = await readForPage(async () => getPlanChoices(await pageProject(projectParam(sp), env)));
  if (!choices.ok) return <ErrorPanel title="Cannot load the plan form" message={choices.message} />;
  const project = choices.data.project;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Migration plan</h1>
      <ProjectPicker projects={choices.data.projects} current={project} hrefOf={(p) => pageHref('/plan', {}, p)} />
      <PlanForm key={`form:${project}|${env}|${target}`} project={project} environments={choices.data.environments} versions={choices.data.versions} env={env ?? null} target={target} />
      {env ? (
        <Suspense key={`result:${project}|${env}|${target}`} fallback={<PageSkeleton label="Building the plan" />}>
          <PlanResult env={env} target={target} project={project} />
        </Suspense>
      ) : (
        <EmptyState>Pick an environment and a target version to see the steps, locks, blocking time, checklist and rollback notes.</EmptyState>
      )}
    </div>
  );
}

async function PlanResult({ env, target, project }: { env: string; target: string; project: string | null }) {
  const parsed = planQuery.safeParse({ env, target });
  if (!parsed.success) return <ErrorPanel title="Cannot plan" message={parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} />;
  const read = await readForPage(() => getPlan(parsed.data.env, parsed.data.target, project));
  if (!read.ok) return <ErrorPanel title="Cannot plan" message={read.message} />;
  return <PlanView plan={read.data} markdown={planToMarkdown(read.data)} />;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
