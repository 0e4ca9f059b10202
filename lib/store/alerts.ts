import type { Prisma } from './generated/client';
import type { Store } from './types';

/**
 * The alerting's memory in the history store (lib/alerts): which alerts fired (de-duplication and
 * reminders), the delivery log, and when a migration was first seen pending. Shared by every instance,
 * so two servers on one store alert once.
 */

export type AlertClaim = 'new' | 'reminder' | null;

/**
 * Claims alert `key` at `at`: 'new' the first time, 'reminder' when it last fired `reminderHours` or more
 * ago (null hours: never), else null. Atomic (INSERT … ON CONFLICT / conditional UPDATE), so concurrent
 * pollers cannot both send it.
 */
export async function claimAlert(
  store: Store,
  claim: { key: string; rule: string; environment: string; at: Date; reminderHours: number | null },
): Promise<AlertClaim> {
  const inserted = await store.prisma.$executeRaw`
    INSERT INTO "alert_state" ("key", "rule", "environment", "first_fired_at", "last_fired_at")
    VALUES (${claim.key}, ${claim.rule}, ${claim.environment}, ${claim.at}, ${claim.at})
    ON CONFLICT ("key") DO NOTHING`;
  if (inserted === 1) return 'new';
  if (claim.reminderHours === null) return null;
  const due = new Date(claim.at.getTime() - claim.reminderHours * 3_600_000);
  const updated = await store.prisma.alertState.updateMany({
    where: { key: claim.key, lastFiredAt: { lte: due } },
    data: { lastFiredAt: claim.at },
  });
  return updated.count === 1 ? 'reminder' : null;
}

/**
 * Forgets the condition alerts of one rule on one environment whose keys start with `prefix` and are not
 * in `active`: a condition that ended alerts again when it comes back.
 */
export async function clearEndedAlerts(store: Store, rule: string, environment: string, prefix: string, active: readonly string[]): Promise<number> {
  const result = await store.prisma.alertState.deleteMany({
    where: { rule, environment, key: { startsWith: prefix, notIn: [...active] } },
  });
  return result.count;
}

/** When each of `migrationIds` was first seen pending on `environment` (recording `at` for the new ones). */
export async function pendingFirstSeen(store: Store, environment: string, migrationIds: readonly string[], at: Date): Promise<Map<string, Date>> {
  if (migrationIds.length === 0) return new Map();
  await store.prisma.alertPendingSeen.createMany({
    data: migrationIds.map((migrationId) => ({ environment, migrationId, firstSeenAt: at })),
    skipDuplicates: true,
  });
  const rows = await store.prisma.alertPendingSeen.findMany({ where: { environment, migrationId: { in: [...migrationIds] } } });
  return new Map(rows.map((r) => [r.migrationId, r.firstSeenAt]));
}

/** The start of the environment's current outage: its first poll after its last 'ok' poll (null when it is up). */
export async function outageStart(store: Store, environment: string, beforePollId?: number): Promise<Date | null> {
  const idFilter = beforePollId === undefined ? {} : { id: { lte: beforePollId } };
  const lastOk = await store.prisma.poll.findFirst({
    where: { environment, status: 'ok', ...idFilter },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    select: { startedAt: true, id: true },
  });
  const first = await store.prisma.poll.findFirst({
    where: { environment, ...idFilter, ...(lastOk ? { startedAt: { gt: lastOk.startedAt } } : {}), status: { not: 'ok' } },
    orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
    select: { startedAt: true },
  });
  return first?.startedAt ?? null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One row of the delivery log, as the admin page and /api/alerts/deliveries serve it. */
export interface AlertDeliveryRecord {
  id: number;
  alertKey: string;
  rule: string;
  kind: string;
  environment: string;
  channel: string;
  reminder: boolean;
  status: DeliveryStatus;
  attempts: number;
  /** The last failure, redacted (no URL, no secret). */
  lastError: string | null;
  title: string;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

export async function createDelivery(
  store: Store,
  d: { alertKey: string; rule: string; kind: string; environment: string; channel: string; reminder: boolean; title: string; payload: unknown; at: Date },
): Promise<number> {
  const row = await store.prisma.alertDelivery.create({
    data: {
      alertKey: d.alertKey,
      rule: d.rule,
      kind: d.kind,
      environment: d.environment,
      channel: d.channel,
      reminder: d.reminder,
      status: 'pending',
      attempts: 0,
      title: d.title,
      payload: d.payload as Prisma.InputJsonValue,
      createdAt: d.at,
      updatedAt: d.at,
    },
    select: { id: true },
  });
  return row.id;
}

/** Records one attempt: delivered, failed for good, or failed and still retrying (status stays 'pending'). */
export async function recordAttempt(
  store: Store,
  id: number,
  attempt: { attempts: number; outcome: 'delivered' | 'retrying' | 'failed'; error: string | null; at: Date },
): Promise<void> {
  await store.prisma.alertDelivery.update({
    where: { id },
    data: {
      attempts: attempt.attempts,
      status: attempt.outcome === 'retrying' ? 'pending' : attempt.outcome,
      lastError: attempt.error,
      updatedAt: attempt.at,
      deliveredAt: attempt.outcome === 'delivered' ? attempt.at : null,
    },
  });
}

/** The delivery log, newest first (default 100, at most 1 000), optionally of one environment or status. */
export async function listDeliveries(
  store: Store,
  options: { environment?: string; status?: DeliveryStatus; limit?: number } = {},
): Promise<AlertDeliveryRecord[]> {
  const take = Math.min(Math.max(1, Math.trunc(options.limit ?? 100)), 1_000);
  const rows = await store.prisma.alertDelivery.findMany({
    where: {
      ...(options.environment !== undefined ? { environment: options.environment } : {}),
      ...(options.status !== undefined ? { status: options.status } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
  });
  return rows.map((r) => ({
    id: r.id,
    alertKey: r.alertKey,
    rule: r.rule,
    kind: r.kind,
    environment: r.environment,
    channel: r.channel,
    reminder: r.reminder,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    lastError: r.lastError,
    title: r.title,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
  }));
}
