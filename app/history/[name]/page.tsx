import type { Metadata } from 'next';
import Link from 'next/link';
import { getHistory } from '@/lib/app';
import { readForPage } from '@/lib/app/page-read';
import { envHref, projectParam } from '@/lib/app/links';
import { ErrorPanel, EmptyState, Section } from '@/components/ui/panels';
import { HistoryChart } from '@/components/history/history-chart';
import { EventList } from '@/components/env/event-list';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `History of ${decodeURIComponent((await params).name)}` };
}

export default async function HistoryPage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).name);
  const project = projectParam(await searchParams);
  const read = await readForPage(() => getHistory(name, { project }));
  if (!read.ok) return <ErrorPanel title={`Cannot show the history of ${name}`} message={read.message} />;
  const history = read.data;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">
        History of{' '}
        <Link href={envHref(name, history.project)} className="text-blue-700 hover:underline">
          {name}
        </Link>
      </h1>
      <Section title="Timeline" id="timeline">
        {history.points.length === 0 ? (
          <EmptyState>No polls recorded yet: the chart appears after the first poll.</EmptyState>
        ) : (
          <HistoryChart points={history.points} versions={history.versions} />
        )}
      </Section>
      <EventList events={history.events} title="Events" />
    </div>
  );
}
