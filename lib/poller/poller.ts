import { UserInputError } from '../model';
import type { EnvironmentCheck, EnvironmentConfig } from '../model';
import { redactText } from '../db';
import { recordCheck } from '../store';
import type { Store, StoredEvent } from '../store';
import { nextDelayMs } from './backoff';
import { createLeases } from './lease';
import {
  createSemaphore,
  createServerBudgets,
  DEFAULT_CONNECTIONS_PER_SERVER,
  DEFAULT_MAX_CONCURRENT_POLLS,
  isTooManyClients,
  positiveIntFromEnv,
  serverKeyOf,
} from './limits';

export type PollerLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface PollerOptions {
  store: Store;
  environments: EnvironmentConfig[];
  /**
   * Reads one environment (lib/status checkEnvironment in the app). Should report failures in its result.
   * `grant.sessions` is how many connections it may open on the environment's server (1, or 2 for a large schema).
   */
  check: (env: EnvironmentConfig, grant: CheckGrant) => Promise<EnvironmentCheck>;
  log?: PollerLog;
  /** For tests: 0..1, the jitter source. */
  random?: () => number;
  /** Delay before the first poll of each environment (ms, default 0), before the spread below. */
  initialDelayMs?: number;
  /** Polls in flight at once, all environments together. Default DRIFTBOARD_MAX_POLLS or 4. */
  maxConcurrent?: number;
  /** Connections held at once on one server (host:port). Default DRIFTBOARD_CONNECTIONS_PER_SERVER or 2. */
  connectionsPerServer?: number;
  /** Called after each recorded poll (alerting). Must return at once: the poller never waits on it. */
  onRecorded?: (poll: { environment: string; pollId: number; events: StoredEvent[]; status: EnvironmentCheck['status'] }) => void;
}

/** What a check may use. */
export interface CheckGrant {
  sessions: number;
}

/** A schema this large is read with a second session sharing the first one's snapshot (when the budget allows). */
export const LARGE_SCHEMA_TABLES = 500;
/** First polls are spread this far apart (up to the interval), so 200 environments do not connect in the same second. */
const START_SPREAD_STEP_MS = 250;
/** A server refusing for "too many clients" is retried after this long (± jitter), without counting as an outage. */
const REFUSAL_RETRY_MS = 10_000;
/** The shortest pause between two polls of one environment, as a fraction of its interval (see run). */
const MIN_GAP_FRACTION = 0.1;
/** After this many refusals in a row the poll is recorded (as an error naming the cause) so the page shows it. */
const REFUSALS_BEFORE_RECORDING = 5;

/** What one poll did: recorded, or skipped because another instance holds the environment's lease. */
export type PollOutcome =
  | { recorded: true; pollId: number; events: StoredEvent[]; status: EnvironmentCheck['status']['status'] }
  | { recorded: false; reason: 'not-leader' | 'failed' | 'stopped' | 'refused' };

export interface Poller {
  /** Polls `name` now (after any poll in flight) and resolves once it is recorded. */
  pollNow(name: string): Promise<PollOutcome>;
  /** Stops every timer, waits for polls in flight, releases the leases. */
  stop(): Promise<void>;
}

interface Slot {
  env: EnvironmentConfig;
  timer: NodeJS.Timeout | null;
  inFlight: Promise<PollOutcome> | null;
  /** Consecutive polls that found the environment unreachable (or could not record). */
  failures: number;
  /** Consecutive "too many clients" refusals (not failures: the server is up, just full). */
  refusals: number;
  /** Tables in the last snapshot: decides whether a second session is worth asking for. */
  lastTables: number;
}

const defaultLog: PollerLog = (level, message) => {
  if (level !== 'info') console[level](`[driftboard poller] ${message}`);
};

/**
 * Polls every environment on its own timer, server-side: one poll in flight per environment, the
 * environment's interval while it answers, jittered backoff while it does not. Politely: at most
 * `maxConcurrent` polls at once, at most `connectionsPerServer` connections on one server (environments
 * on the same host:port share them), first polls spread out, and a server that is merely full is retried
 * rather than reported down. Timers are unref'd so they never keep a process alive, and checks run
 * asynchronously, off any request's path.
 */
export function startPoller(options: PollerOptions): Poller {
  const { store, check } = options;
  const log = options.log ?? defaultLog;
  const random = options.random ?? Math.random;
  const leases = createLeases(store);
  const slots = new Map<string, Slot>(
    options.environments.map((env) => [env.name, { env, timer: null, inFlight: null, failures: 0, refusals: 0, lastTables: 0 }]),
  );
  const polls = createSemaphore(options.maxConcurrent ?? positiveIntFromEnv('DRIFTBOARD_MAX_POLLS', DEFAULT_MAX_CONCURRENT_POLLS));
  const perServer = options.connectionsPerServer ?? positiveIntFromEnv('DRIFTBOARD_CONNECTIONS_PER_SERVER', DEFAULT_CONNECTIONS_PER_SERVER);
  const budgetOf = createServerBudgets(perServer);
  let stopped = false;

  const schedule = (slot: Slot, delayMs: number) => {
    if (stopped) return;
    if (slot.timer) clearTimeout(slot.timer);
    const due = Date.now() + delayMs;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      void run(slot, due);
    }, delayMs);
    slot.timer.unref();
  };

  /** Polls `slot` now; `due` is when its timer was meant to fire (a busy event loop fires it late). */
  const run = (slot: Slot, due = Date.now()): Promise<PollOutcome> => {
    if (slot.inFlight) return slot.inFlight;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const began = Math.min(due, Date.now());
    const current = limited(slot).finally(() => {
      slot.inFlight = null;
      const refused = slot.refusals > 0 && slot.refusals < REFUSALS_BEFORE_RECORDING;
      if (refused) return schedule(slot, Math.round(REFUSAL_RETRY_MS * (0.5 + random())));
      // Fixed rate: the interval counts from when this poll was due, so time spent waiting for a poll slot,
      // a slow read or a late timer does not push every later poll back (5 s intervals stretching to 20 s). At
      // least a tenth of the interval between two polls, however late this one was.
      const planned = nextDelayMs(slot.env.pollIntervalSeconds * 1000, slot.failures, random);
      schedule(slot, Math.max(planned - (Date.now() - began), Math.round(planned * MIN_GAP_FRACTION)));
    });
    slot.inFlight = current;
    return current;
  };

  /** Waits for a poll slot and for the server's connection budget, then polls. */
  const limited = async (slot: Slot): Promise<PollOutcome> => {
    const releasePoll = await polls.acquire();
    try {
      const server = serverKeyOf(slot.env.url);
      const sessions = slot.lastTables >= LARGE_SCHEMA_TABLES && perServer >= 2 ? 2 : 1;
      const releaseServer = server ? await budgetOf(server).acquire(sessions) : () => {};
      try {
        return await pollOnce(slot, { sessions });
      } finally {
        releaseServer();
      }
    } finally {
      releasePoll();
    }
  };

  const pollOnce = async (slot: Slot, grant: CheckGrant): Promise<PollOutcome> => {
    if (stopped) return { recorded: false, reason: 'stopped' };
    const name = slot.env.name;
    if (!(await leases.hold(name))) return { recorded: false, reason: 'not-leader' };
    try {
      const result = await check(slot.env, grant);
      if (result.status.status !== 'ok' && isTooManyClients(result.status.error)) {
        // The server is up but full (often with other clients' connections): not an outage. Retry soon;
        // record only when it persists, as an error naming the cause, never as "unreachable".
        slot.refusals += 1;
        log('warn', `${name}: the server refused the connection (too many clients); retry ${slot.refusals} of ${REFUSALS_BEFORE_RECORDING}`);
        if (slot.refusals < REFUSALS_BEFORE_RECORDING) return { recorded: false, reason: 'refused' };
        result.status.status = 'error';
        result.status.error = `the server refused ${REFUSALS_BEFORE_RECORDING} connections in a row: too many clients (its max_connections is used up); still retrying`;
      } else {
        slot.refusals = 0;
      }
      if (result.snapshot) slot.lastTables = result.snapshot.schema.tables.length;
      const { pollId, events } = await recordCheck(store, name, result);
      slot.failures = result.status.status === 'unreachable' ? slot.failures + 1 : 0;
      for (const e of events) log('info', `${name}: ${e.type}${e.detail ? ` (${e.detail})` : ''}`);
      try {
        options.onRecorded?.({ environment: name, pollId, events, status: result.status });
      } catch (err) {
        log('error', `${name}: alerting failed: ${redactText(err instanceof Error ? err.message : String(err))}`);
      }
      return { recorded: true, pollId, events, status: result.status.status };
    } catch (err) {
      slot.failures += 1;
      log('error', `${name}: poll failed: ${redactText(err instanceof Error ? err.message : String(err))}`);
      return { recorded: false, reason: 'failed' };
    }
  };

  // Spread the first polls: environment i starts i × 250 ms later (capped by its interval), plus jitter.
  [...slots.values()].forEach((slot, i) => {
    const spread = Math.min(i * START_SPREAD_STEP_MS, slot.env.pollIntervalSeconds * 1000);
    schedule(slot, (options.initialDelayMs ?? 0) + spread + Math.round(random() * START_SPREAD_STEP_MS));
  });

  return {
    async pollNow(name) {
      const slot = slots.get(name);
      if (!slot) throw new UserInputError(`unknown environment "${name}"`);
      // A poll already in flight may have started before what the caller wants to see: wait, then poll again.
      if (slot.inFlight) await slot.inFlight.catch(() => {});
      return run(slot);
    },
    async stop() {
      stopped = true;
      for (const slot of slots.values()) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
      }
      await Promise.all([...slots.values()].map((s) => s.inFlight?.catch(() => {})));
      await leases.release();
    },
  };
}
