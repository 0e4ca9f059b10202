import type { EnvironmentStatus } from '../model';
import { toStoredPoll } from './rows';
import type { Store, StoredPoll } from './types';

/** The latest full status and the latest poll of one environment (the poll may be newer, e.g. a failure). */
export interface LatestOfEach {
  /** Null before the first complete check. */
  status: EnvironmentStatus | null;
  poll: StoredPoll | null;
}

interface Cached extends LatestOfEach {
  lastPollId: number | null;
  updatedAt: number;
}

/** Per store: what this process last read of each environment_state row. */
const seen = new WeakMap<Store, Map<string, Cached>>();

/**
 * The latest status and poll of every environment ever polled, by store key, in key order. The overview
 * reads this on every request for every environment: the statuses are the big part (table sizes, drift,
 * pending migrations: kilobytes each), and they only change when a poll is recorded. So each request reads
 * just the small version columns of environment_state (`last_poll_id`, `updated_at`: recordCheck sets both
 * on every write, whichever instance writes), and fetches status and poll only for the rows that changed
 * since this process last read them. History size plays no part: the latest poll is found by its id.
 * The objects returned are shared between callers and frozen: copy before changing one.
 */
export async function latestOfEach(store: Store): Promise<Map<string, LatestOfEach>> {
  let cache = seen.get(store);
  if (!cache) seen.set(store, (cache = new Map()));
  const versions = await store.prisma.environmentState.findMany({
    select: { environment: true, lastPollId: true, updatedAt: true },
    orderBy: { environment: 'asc' },
  });
  const stale = versions.filter((v) => {
    const c = cache.get(v.environment);
    return !c || c.lastPollId !== v.lastPollId || c.updatedAt !== v.updatedAt.getTime();
  });
  if (stale.length) {
    const rows = await store.prisma.environmentState.findMany({
      where: { environment: { in: stale.map((v) => v.environment) } },
      include: { lastPoll: true },
    });
    for (const r of rows) {
      cache.set(r.environment, {
        lastPollId: r.lastPollId,
        updatedAt: r.updatedAt.getTime(),
        status: deepFreeze((r.status as unknown as EnvironmentStatus | null) ?? null),
        poll: r.lastPoll ? Object.freeze(toStoredPoll(r.lastPoll)) : null,
      });
    }
  }
  const out = new Map<string, LatestOfEach>();
  for (const v of versions) {
    const c = cache.get(v.environment);
    if (c) out.set(v.environment, { status: c.status, poll: c.poll });
  }
  // Rows gone from the store (none today: states are never deleted) are forgotten too.
  if (cache.size > out.size) for (const key of [...cache.keys()]) if (!out.has(key)) cache.delete(key);
  return out;
}

/** The latest full status of every environment ever polled, by name. */
export async function latestStates(store: Store): Promise<EnvironmentStatus[]> {
  return [...(await latestOfEach(store)).values()].flatMap((l) => (l.status ? [l.status] : []));
}

/** The latest poll of every environment, by name (found by id, whatever the history size). */
export async function latestPolls(store: Store): Promise<StoredPoll[]> {
  return [...(await latestOfEach(store)).values()].flatMap((l) => (l.poll ? [l.poll] : []));
}

/** Shared objects must not be changed by one reader under another's feet: a write throws instead. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
