import { listEvents, listPolls } from '../store';
import type { StoredPoll } from '../store/types';
import { getProjectContext, shownProject } from './context';
import { keyOf } from '../model/config';
import { requireEnvironment } from './info';
import { diffHref } from './refs';
import { toPublic } from './sanitize';
import { downsample } from './downsample';
import type { History, HistoryPoint } from './types';

const POLLS_READ = 5_000;

/** An environment over time: version position, pending and drift counts per poll, and what happened. */
export async function getHistory(name: string, options: { since?: string; project?: string | null } = {}): Promise<History> {
  const ctx = await getProjectContext(options.project, name);
  const key = keyOf(requireEnvironment(ctx, name));
  const [polls, events] = await Promise.all([
    listPolls(ctx.store, key, { since: options.since, limit: POLLS_READ }),
    listEvents(ctx.store, { environment: key, limit: 200 }),
  ]);
  const order = new Map(ctx.migrations.migrations.map((m, i) => [m.id, i + 1]));
  return toPublic(
    {
      environment: name,
      project: shownProject(ctx),
      points: downsample(polls).map((p) => toPoint(p, order)),
      events: events.map((e) => ({
        ...e,
        diffHref: e.fromHash && e.toHash && e.fromHash !== e.toHash ? diffHref({ type: 'snapshot', hash: e.fromHash }, { type: 'snapshot', hash: e.toHash }) : null,
      })),
      versions: ctx.migrations.migrations.map((m) => m.id),
    },
    ctx.secrets,
  );
}

export function toPoint(p: StoredPoll, order: Map<string, number>): HistoryPoint {
  const indexes = (p.version ?? '').split(',').map((id) => order.get(id.trim())).filter((n): n is number => n !== undefined);
  return {
    at: p.startedAt,
    status: p.status,
    version: p.version,
    versionIndex: indexes.length ? Math.max(...indexes) : p.version === null && p.status === 'ok' ? 0 : null,
    pendingCount: p.pendingCount,
    driftCount: p.driftCount,
    modelDriftCount: p.modelDriftCount ?? null,
  };
}
