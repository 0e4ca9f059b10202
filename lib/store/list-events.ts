import { toStoredEvent } from './rows';
import type { Store, StoredEvent } from './types';

/** Events, newest first, of one environment, of some (`environments`: keys), or all (default limit 100, at most 10 000). */
export async function listEvents(store: Store, options: { environment?: string; environments?: string[]; limit?: number } = {}): Promise<StoredEvent[]> {
  const take = Math.min(Math.max(1, Math.trunc(options.limit ?? 100)), 10_000);
  const where =
    options.environment !== undefined ? { environment: options.environment } : options.environments !== undefined ? { environment: { in: options.environments } } : {};
  const rows = await store.prisma.event.findMany({
    where,
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take,
  });
  return rows.map(toStoredEvent);
}

export async function getEvent(store: Store, id: number): Promise<StoredEvent | null> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
  const row = await store.prisma.event.findUnique({ where: { id } });
  return row ? toStoredEvent(row) : null;
}
