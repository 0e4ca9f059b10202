import { RISK_LEVELS } from '../model';
import type { EnvironmentCheck, EnvironmentStatus, RiskLevel } from '../model';
import { redactText } from '../db';
import type { Prisma } from './generated/client';
import { deriveEvents } from './derive-events';
import type { PollFacts } from './derive-events';
import { redactDeep } from './redact-deep';
import { toStoredEvent } from './rows';
import type { Store, StoredEvent } from './types';

export interface RecordResult {
  pollId: number;
  events: StoredEvent[];
}

/**
 * Records one check of `environment`: the poll row, the schema once per distinct hash, the latest
 * status for the pages, and the events against the previous poll. All in one transaction.
 */
export async function recordCheck(
  store: Store,
  environment: string,
  check: EnvironmentCheck,
  options: { at?: Date } = {},
): Promise<RecordResult> {
  const status = redactDeep(check.status);
  const at = options.at ?? parseDate(status.checkedAt) ?? new Date();
  const snapshot = check.snapshot;
  const schemaHash = snapshot?.hash ?? null;

  return store.prisma.$transaction(async (tx) => {
    const previous = await tx.poll.findFirst({ where: { environment }, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] });
    const lastRead =
      previous && previous.schemaHash === null
        ? await tx.poll.findFirst({
            where: { environment, schemaHash: { not: null } },
            orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
          })
        : previous;

    if (snapshot && !(await tx.schemaBlob.findUnique({ where: { hash: snapshot.hash }, select: { hash: true } }))) {
      // ON CONFLICT DO NOTHING: another writer may store the same schema at the same moment.
      await tx.schemaBlob.createMany({
        data: [{ hash: snapshot.hash, json: snapshot.schema as unknown as Prisma.InputJsonValue }],
        skipDuplicates: true,
      });
    }

    const poll = await tx.poll.create({
      data: {
        environment,
        startedAt: at,
        durationMs: Math.max(0, Math.round(status.durationMs)),
        status: status.status,
        error: status.error === null ? null : redactText(status.error),
        version: status.version,
        head: status.head,
        behind: status.behind,
        pendingCount: status.status === 'ok' ? status.pending.length : null,
        driftCount: status.drift ? status.drift.changes.length : null,
        // A failed model comparison has no count: "could not check" is not zero.
        modelDriftCount: status.modelDrift && status.modelDrift.error === null ? status.modelDrift.changes.length : null,
        maxRisk: maxRisk(status),
        schemaHash,
      },
    });

    const drafts = deriveEvents(previous && facts(previous), facts(poll), lastRead && facts(lastRead));
    const events = drafts.length ? await tx.event.createManyAndReturn({ data: drafts.map((d) => ({ ...d, environment })) }) : [];

    // The status (a few hundred KB for a large schema) is serialized by the client once per write: an
    // environment polled before has its row, so it is updated; only a first poll pays upsert's two copies.
    const state = { status: status as unknown as Prisma.InputJsonValue, lastPollId: poll.id, updatedAt: at };
    const updated = previous ? await tx.environmentState.updateMany({ where: { environment }, data: state }) : { count: 0 };
    if (updated.count === 0) await tx.environmentState.upsert({ where: { environment }, create: { environment, ...state }, update: state });

    return { pollId: poll.id, events: events.map(toStoredEvent) };
  });
}

function facts(row: { id: number; startedAt: Date; status: string; error: string | null; version: string | null; schemaHash: string | null }): PollFacts {
  return {
    id: row.id,
    at: row.startedAt,
    status: row.status as PollFacts['status'],
    error: row.error,
    version: row.version,
    schemaHash: row.schemaHash,
  };
}

function maxRisk(status: EnvironmentStatus): RiskLevel | null {
  let best = -1;
  for (const p of status.pending) best = Math.max(best, RISK_LEVELS.indexOf(p.risk));
  return best < 0 ? null : RISK_LEVELS[best];
}

function parseDate(iso: string | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}
