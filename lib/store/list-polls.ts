import { toStoredPoll } from './rows';
import type { Store, StoredPoll } from './types';

export interface ListPollsOptions {
  /** Only polls at or after this time. */
  since?: Date | string;
  /** The most recent N polls (default 1000, at most 100 000). */
  limit?: number;
}

/** Polls of one environment, oldest first (for timelines): the most recent `limit` since `since`. */
export async function listPolls(store: Store, environment: string, options: ListPollsOptions = {}): Promise<StoredPoll[]> {
  const take = Math.min(Math.max(1, Math.trunc(options.limit ?? 1000)), 100_000);
  const rows = await store.prisma.poll.findMany({
    where: { environment, ...(options.since !== undefined ? { startedAt: { gte: new Date(options.since) } } : {}) },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take,
  });
  return rows.reverse().map(toStoredPoll);
}
