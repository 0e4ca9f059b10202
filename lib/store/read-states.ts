import type { EnvironmentStatus } from '../model';
import { toStoredPoll } from './rows';
import type { Store, StoredPoll } from './types';

/** The latest full status of every environment ever polled, by name. */
export async function latestStates(store: Store): Promise<EnvironmentStatus[]> {
  const rows = await store.prisma.environmentState.findMany({ orderBy: { environment: 'asc' } });
  return rows.map((r) => r.status as unknown as EnvironmentStatus);
}

/** The latest poll of every environment, by name (one indexed lookup each, whatever the history size). */
export async function latestPolls(store: Store): Promise<StoredPoll[]> {
  const rows = await store.prisma.environmentState.findMany({ orderBy: { environment: 'asc' }, include: { lastPoll: true } });
  return rows.flatMap((r) => (r.lastPoll ? [toStoredPoll(r.lastPoll)] : []));
}
