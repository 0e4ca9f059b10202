import type { EnvironmentStatus } from '../model';
import type { EventType } from './types';

/** The facts of a poll that events are derived from. */
export interface PollFacts {
  id: number;
  at: Date;
  status: EnvironmentStatus['status'];
  error: string | null;
  version: string | null;
  /** Null when the schema could not be read. */
  schemaHash: string | null;
}

export interface EventDraft {
  type: EventType;
  at: Date;
  fromPollId: number | null;
  toPollId: number;
  fromHash: string | null;
  toHash: string | null;
  fromVersion: string | null;
  toVersion: string | null;
  detail: string | null;
}

/**
 * Events between two consecutive polls of one environment. Reachability compares with the previous
 * poll; the schema compares with the last poll that could read it (`lastRead`, by default `previous`),
 * so a migration applied while the environment was unreachable is still reported once it recovers.
 */
export function deriveEvents(previous: PollFacts | null, next: PollFacts, lastRead: PollFacts | null = previous): EventDraft[] {
  const events: EventDraft[] = [];
  if (previous) {
    // A busy server answered (a lock held it up): reachable, so busy never starts or ends an outage.
    const wasOk = previous.status === 'ok' || previous.status === 'busy';
    const isOk = next.status === 'ok' || next.status === 'busy';
    if (wasOk && !isOk) {
      events.push(draft('unreachable', previous, next, next.error ?? `status is ${next.status}`));
    } else if (!wasOk && isOk) {
      events.push(draft('recovered', previous, next, `was ${previous.status} since ${previous.at.toISOString()}`));
    }
  }
  if (lastRead && lastRead.schemaHash !== null && next.schemaHash !== null) {
    if (lastRead.version !== next.version) {
      events.push(draft('migration-applied', lastRead, next, `version ${lastRead.version ?? 'none'} → ${next.version ?? 'none'}`));
    } else if (lastRead.schemaHash !== next.schemaHash) {
      events.push(draft('changed-outside-migrations', lastRead, next, `schema changed at version ${next.version ?? 'none'}`));
    }
  }
  return events;
}

function draft(type: EventType, from: PollFacts, to: PollFacts, detail: string): EventDraft {
  return {
    type,
    at: to.at,
    fromPollId: from.id,
    toPollId: to.id,
    fromHash: from.schemaHash,
    toHash: to.schemaHash,
    fromVersion: from.version,
    toVersion: to.version,
    detail,
  };
}
