import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/app/fetch-json';
import { overviewKeys } from '@/lib/app/query-keys';
import type { Overview } from '@/lib/app/types';

/** How often the overview refetches while open (the poller itself runs on the server regardless). */
export const OVERVIEW_REFRESH_MS = 10_000;

/** Shared by the server prefetch (which swaps in a direct queryFn) and the client hook. */
export function overviewQuery() {
  return queryOptions({
    queryKey: overviewKeys.all,
    queryFn: ({ signal }) => fetchJson<Overview>('/api/overview', signal),
    refetchInterval: OVERVIEW_REFRESH_MS,
  });
}
