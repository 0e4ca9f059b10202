import { listEvents, listSnapshots } from '../store';
import type { SnapshotSummary, StoredEvent } from '../store/types';
import { getAppContext } from './context';
import { requireEnvironment } from './info';
import { toPublic } from './sanitize';

/** Recent events of every environment (or one), newest first. */
export async function getEvents(options: { environment?: string; limit?: number } = {}): Promise<{ events: StoredEvent[] }> {
  const ctx = await getAppContext();
  if (options.environment !== undefined) requireEnvironment(ctx, options.environment);
  const events = await listEvents(ctx.store, { environment: options.environment, limit: options.limit ?? 100 });
  return toPublic({ events }, ctx.secrets);
}

/** The distinct schemas an environment has had, newest first. */
export async function getSnapshots(name: string): Promise<{ environment: string; snapshots: SnapshotSummary[] }> {
  const ctx = await getAppContext();
  requireEnvironment(ctx, name);
  const snapshots = (await listSnapshots(ctx.store, name)).sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  return toPublic({ environment: name, snapshots }, ctx.secrets);
}
