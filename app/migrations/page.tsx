import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getMigrationCell, getMigrationMatrix, migrationCellQuery } from '@/lib/app/migrations-matrix';
import { readForPage } from '@/lib/app/page-read';
import { pageProject } from '@/lib/app/context';
import { pageHref, projectParam } from '@/lib/app/links';
import { ProjectPicker } from '@/components/ui/project-picker';
import { describeError } from '@/lib/app/route';
import { EmptyState, ErrorPanel, Section } from '@/components/ui/panels';
import { PageSkeleton } from '@/components/ui/skeletons';
import { BehindSummary } from '@/components/migrations/behind-summary';
import { MatrixTable } from '@/components/migrations/matrix-table';
import { CellDetail } from '@/components/migrations/cell-detail';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Migrations' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MigrationsPage({ searchParams }: Props) {
  const sp = await searchParams;
  const query = migrationCellQuery.safeParse({ env: first(sp.env), migration: first(sp.migration) });
  const read = await readForPage(async () => getMigrationMatrix(undefined, await pageProject(projectParam(sp))));
  if (!read.ok) return <ErrorPanel title="Cannot show the migrations" message={read.message} />;
  const matrix = read.data;
  const project = matrix.app.project;
  const selected = query.success && query.data.env && query.data.migration ? { env: query.data.env, migration: query.data.migration } : null;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Migrations × environments{project ? ` · ${project}` : ''}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {matrix.rows.length} {matrix.app.tool} migration{matrix.rows.length === 1 ? '' : 's'}, newest first · head{' '}
          <code className="font-mono text-slate-900">{matrix.app.head ?? '—'}</code> · from each environment&apos;s last read
        </p>
      </div>
      <ProjectPicker projects={matrix.app.projects} current={project} hrefOf={(p) => pageHref('/migrations', {}, p)} />
      {matrix.columns.length === 0 ? (
        <EmptyState>Add environments to driftboard.config.json to see them here.</EmptyState>
      ) : (
        <>
          <BehindSummary columns={matrix.columns} project={project} />
          {!query.success && <ErrorPanel title="Cannot open that cell" message={query.error.issues.map((i) => i.message).join('; ')} />}
          {selected && (
            <Suspense key={`${project}|${selected.env}|${selected.migration}`} fallback={<PageSkeleton label="Opening the cell" />}>
              <SelectedCell env={selected.env} migration={selected.migration} project={project} />
            </Suspense>
          )}
          <Section title="Migrations by environment" id="matrix">
            {matrix.rows.length === 0 ? <EmptyState>No migrations found.</EmptyState> : <MatrixTable matrix={matrix} selected={selected} />}
          </Section>
        </>
      )}
    </div>
  );
}

async function SelectedCell({ env, migration, project }: { env: string; migration: string; project: string | null }) {
  // An unknown name is a message in place (the matrix stays useful), not the 404 page.
  const read = await getMigrationCell(env, migration, undefined, project).then(
    (detail) => ({ ok: true as const, detail }),
    (err: unknown) => {
      const { status, body } = describeError(err);
      if (status === 500) throw err;
      return { ok: false as const, message: body.error };
    },
  );
  return read.ok ? <CellDetail detail={read.detail} project={project} /> : <ErrorPanel title="Cannot open that cell" message={read.message} />;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
