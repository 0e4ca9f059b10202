import { UserInputError } from '../model';
import type { EnvironmentCheck, EnvironmentConfig } from '../model';
import { redactText } from '../db';
import { recordCheck } from '../store';
import type { Store, StoredEvent } from '../store';
import { nextDelayMs } from './backoff';
import { createLeases } from './lease';

export type PollerLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface PollerOptions {
  store: Store;
  environments: EnvironmentConfig[];
  /** Reads one environment (lib/status checkEnvironment in the app). Should report failures in its result. */
  check: (env: EnvironmentConfig) => Promise<EnvironmentCheck>;
  log?: PollerLog;
  /** For tests: 0..1, the jitter source. */
  random?: () => number;
  /** Delay before the first poll of each environment (ms, default 0 + up to 1 s of jitter). */
  initialDelayMs?: number;
}

/** What one poll did: recorded, or skipped because another instance holds the environment's lease. */
export type PollOutcome =
  | { recorded: true; pollId: number; events: StoredEvent[]; status: EnvironmentCheck['status']['status'] }
  | { recorded: false; reason: 'not-leader' | 'failed' | 'stopped' };

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
}

const defaultLog: PollerLog = (level, message) => {
  if (level !== 'info') console[level](`[driftboard poller] ${message}`);
};

/**
 * Polls every environment on its own timer, server-side: one poll in flight per environment, the
 * environment's interval while it answers, jittered backoff while it does not. Timers are unref'd so
 * they never keep a process alive, and checks run asynchronously, off any request's path.
 */
export function startPoller(options: PollerOptions): Poller {
  const { store, check } = options;
  const log = options.log ?? defaultLog;
  const random = options.random ?? Math.random;
  const leases = createLeases(store);
  const slots = new Map<string, Slot>(options.environments.map((env) => [env.name, { env, timer: null, inFlight: null, failures: 0 }]));
  let stopped = false;

  const schedule = (slot: Slot, delayMs: number) => {
    if (stopped) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = null;
      void run(slot);
    }, delayMs);
    slot.timer.unref();
  };

  const run = (slot: Slot): Promise<PollOutcome> => {
    if (slot.inFlight) return slot.inFlight;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const current = pollOnce(slot).finally(() => {
      slot.inFlight = null;
      schedule(slot, nextDelayMs(slot.env.pollIntervalSeconds * 1000, slot.failures, random));
    });
    slot.inFlight = current;
    return current;
  };

  const pollOnce = async (slot: Slot): Promise<PollOutcome> => {
    if (stopped) return { recorded: false, reason: 'stopped' };
    const name = slot.env.name;
    if (!(await leases.hold(name))) return { recorded: false, reason: 'not-leader' };
    try {
      const result = await check(slot.env);
      const { pollId, events } = await recordCheck(store, name, result);
      slot.failures = result.status.status === 'unreachable' ? slot.failures + 1 : 0;
      for (const e of events) log('info', `${name}: ${e.type}${e.detail ? ` (${e.detail})` : ''}`);
      return { recorded: true, pollId, events, status: result.status.status };
    } catch (err) {
      slot.failures += 1;
      log('error', `${name}: poll failed: ${redactText(err instanceof Error ? err.message : String(err))}`);
      return { recorded: false, reason: 'failed' };
    }
  };

  for (const slot of slots.values()) schedule(slot, (options.initialDelayMs ?? 0) + Math.round(random() * 1000));

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
