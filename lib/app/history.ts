import { listEvents, listPolls } from '../store';
import type { StoredPoll } from '../store/types';
import { getAppContext } from './context';
import { requireEnvironment } from './info';
import { diffHref } from './refs';
import { toPublic } from './sanitize';
import type { History, HistoryPoint } from './types';

/** Chart points are capped so a year of one-minute polls still draws quickly. */
const MAX_POINTS = 500;
const POLLS_READ = 5_000;

/** An environment over time: version position, pending and drift counts per poll, and what happened. */
export async function getHistory(name: string, options: { since?: string } = {}): Promise<History> {
  const ctx = await getAppContext();
  requireEnvironment(ctx, name);
  const [polls, events] = await Promise.all([
    listPolls(ctx.store, name, { since: options.since, limit: POLLS_READ }),
    listEvents(ctx.store, { environment: name, limit: 200 }),
  ]);
  const order = new Map(ctx.migrations.migrations.map((m, i) => [m.id, i + 1]));
  return toPublic(
    {
      environment: name,
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

function toPoint(p: StoredPoll, order: Map<string, number>): HistoryPoint {
  const indexes = (p.version ?? '').split(',').map((id) => order.get(id.trim())).filter((n): n is number => n !== undefined);
  return {
    at: p.startedAt,
    status: p.status,
    version: p.version,
    versionIndex: indexes.length ? Math.max(...indexes) : p.version === null && p.status === 'ok' ? 0 : null,
    pendingCount: p.pendingCount,
    driftCount: p.driftCount,
  };
}

/** Keeps every poll where something changed and thins the unchanged runs in between. */
export function downsample(polls: StoredPoll[], max = MAX_POINTS): StoredPoll[] {
  if (polls.length <= max) return polls;
  const changed = (a: StoredPoll, b: StoredPoll) =>
    a.status !== b.status || a.version !== b.version || a.pendingCount !== b.pendingCount || a.driftCount !== b.driftCount || a.schemaHash !== b.schemaHash;
  const step = Math.ceil(polls.length / max);
  return polls.filter((p, i) => i === 0 || i === polls.length - 1 || i % step === 0 || changed(polls[i - 1], p) || (i + 1 < polls.length && changed(p, polls[i + 1])));
}
