import { listEvents, listSnapshots } from '../store';
import type { SnapshotSummary, StoredEvent } from '../store/types';
import { getAppContext, getProjectContext } from './context';
import { keyOf } from '../model/config';
import { requireEnvironment } from './info';
import { toPublic } from './sanitize';

/** Recent events of every environment (or one), newest first. */
export async function getEvents(options: { environment?: string; limit?: number; project?: string | null } = {}): Promise<{ events: StoredEvent[] }> {
  // Every project's events unless one environment is asked for (events name environment keys).
  const ctx = options.environment !== undefined || options.project ? await getProjectContext(options.project, options.environment) : await getAppContext();
  const key = options.environment !== undefined ? keyOf(requireEnvironment(ctx, options.environment)) : undefined;
  const ofProject = options.project && key === undefined ? ctx.config.environments.map(keyOf) : undefined;
  const events = await listEvents(ctx.store, { environment: key, environments: ofProject, limit: options.limit ?? 100 });
  return toPublic({ events }, ctx.secrets);
}

/** The distinct schemas an environment has had, newest first. */
export async function getSnapshots(name: string, project?: string | null): Promise<{ environment: string; snapshots: SnapshotSummary[] }> {
  const ctx = await getProjectContext(project, name);
  const key = keyOf(requireEnvironment(ctx, name));
  const snapshots = (await listSnapshots(ctx.store, key)).sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  return toPublic({ environment: name, snapshots }, ctx.secrets);
}
