import { Suspense } from 'react';
import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import { getOverview } from '@/lib/app';
import { getQueryClient } from '@/components/query/get-query-client';
import { overviewQuery } from '@/components/overview/queries';
import { OverviewPanel } from '@/components/overview/overview-panel';
import { TableSkeleton } from '@/components/ui/skeletons';

export const dynamic = 'force-dynamic';

export default function OverviewPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Environments</h1>
      <Suspense fallback={<TableSkeleton rows={3} label="Loading environments" />}>
        <PrefetchedOverview />
      </Suspense>
    </div>
  );
}

/** The first paint comes from the server; the client then keeps it fresh with the same query. */
async function PrefetchedOverview() {
  const queryClient = getQueryClient();
  await queryClient.prefetchQuery({ ...overviewQuery(), queryFn: () => getOverview() });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <OverviewPanel />
    </HydrationBoundary>
  );
}
