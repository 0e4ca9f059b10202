import type { EnvironmentStatus } from '../model';
import { toStoredPoll } from './rows';
import type { Store, StoredPoll } from './types';

export interface LatestOfEnvironment {
  /** The latest full status (null before the first complete check). */
  status: EnvironmentStatus | null;
  /** The latest poll, which may be newer than the status (e.g. a failure). */
  poll: StoredPoll | null;
}

/**
 * The latest status and poll of every environment ever polled, by store key (`project/name` in a
 * `projects` config, where two projects may both have a "production"): one indexed read.
 */
export async function latestByKey(store: Store): Promise<Map<string, LatestOfEnvironment>> {
  const rows = await store.prisma.environmentState.findMany({ include: { lastPoll: true } });
  return new Map(
    rows.map((r) => [r.environment, { status: (r.status as unknown as EnvironmentStatus | null) ?? null, poll: r.lastPoll ? toStoredPoll(r.lastPoll) : null }]),
  );
}

/** The latest status and poll of one environment, by store key. */
export async function latestOf(store: Store, key: string): Promise<LatestOfEnvironment> {
  const row = await store.prisma.environmentState.findUnique({ where: { environment: key }, include: { lastPoll: true } });
  return { status: (row?.status as unknown as EnvironmentStatus | null | undefined) ?? null, poll: row?.lastPoll ? toStoredPoll(row.lastPoll) : null };
}
