import type { RiskLevel } from '../model';
import type { Event as EventRow, Poll as PollRow } from './generated/client';
import type { EventType, StoredEvent, StoredPoll } from './types';

/** Prisma rows → the plain objects pages and API use (ISO times, narrowed unions). */
export function toStoredPoll(row: PollRow): StoredPoll {
  return {
    id: row.id,
    environment: row.environment,
    startedAt: row.startedAt.toISOString(),
    durationMs: row.durationMs,
    status: row.status as StoredPoll['status'],
    error: row.error,
    version: row.version,
    head: row.head,
    behind: row.behind,
    pendingCount: row.pendingCount,
    driftCount: row.driftCount,
    modelDriftCount: row.modelDriftCount,
    maxRisk: row.maxRisk as RiskLevel | null,
    schemaHash: row.schemaHash,
  };
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    environment: row.environment,
    at: row.at.toISOString(),
    type: row.type as EventType,
    fromPollId: row.fromPollId,
    toPollId: row.toPollId,
    fromHash: row.fromHash,
    toHash: row.toHash,
    fromVersion: row.fromVersion,
    toVersion: row.toVersion,
    detail: row.detail,
  };
}
