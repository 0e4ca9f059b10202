import { redactText } from '../db/redact';
import { recordAttempt } from '../store/alerts';
import type { Store } from '../store/types';
import type { AlertMessage, ChannelConfig, RetryPolicy } from './types';

export interface DeliveryJob {
  deliveryId: number;
  channelName: string;
  channel: ChannelConfig;
  message: AlertMessage;
}

export type Send = (channel: ChannelConfig, message: AlertMessage, deliveryId: number) => Promise<void>;
export type AlertLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Deliveries sent at once; the rest wait their turn (a slow receiver never holds up the others for long). */
const CONCURRENCY = 4;

/**
 * The delivery queue: jobs are sent in the background, each attempt is written to the delivery log, a
 * failure is retried with exponential backoff (jittered, timers unref'd) up to `maxAttempts`, then logged
 * as failed. Nothing here is awaited by the poller.
 */
export function createDeliveryQueue(options: { store: Store; send: Send; retry: RetryPolicy; secrets: readonly string[]; log: AlertLog; random?: () => number }) {
  const { store, send, retry, secrets, log } = options;
  const random = options.random ?? Math.random;
  const waiting: Array<{ job: DeliveryJob; attempt: number }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let running = 0;
  let outstanding = 0;
  let stopped = false;
  let idleWaiters: Array<() => void> = [];

  const settle = () => {
    outstanding -= 1;
    if (outstanding === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const pump = () => {
    while (!stopped && running < CONCURRENCY && waiting.length) {
      const next = waiting.shift()!;
      running += 1;
      void attempt(next.job, next.attempt).finally(() => {
        running -= 1;
        pump();
      });
    }
  };

  const attempt = async (job: DeliveryJob, n: number): Promise<void> => {
    let error: string | null = null;
    try {
      await send(job.channel, job.message, job.deliveryId);
    } catch (err) {
      error = redactText(err instanceof Error ? err.message : String(err), secrets).slice(0, 500);
    }
    const final = error === null || n >= retry.maxAttempts;
    const outcome = error === null ? 'delivered' : final ? 'failed' : 'retrying';
    try {
      await recordAttempt(store, job.deliveryId, { attempts: n, outcome, error, at: new Date() });
    } catch (err) {
      log('error', `alert delivery ${job.deliveryId}: cannot write the delivery log: ${redactText((err as Error).message, secrets)}`);
    }
    if (error !== null) log(final ? 'error' : 'warn', `alert "${job.message.title}" to ${job.channelName}: attempt ${n} of ${retry.maxAttempts} failed: ${error}`);
    if (final || stopped) {
      settle();
      return;
    }
    const delay = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (n - 1)) * (0.75 + random() / 2);
    const timer = setTimeout(() => {
      timers.delete(timer);
      waiting.push({ job, attempt: n + 1 });
      pump();
    }, Math.round(delay));
    timer.unref();
    timers.add(timer);
  };

  return {
    push(job: DeliveryJob) {
      if (stopped) return;
      outstanding += 1;
      waiting.push({ job, attempt: 1 });
      pump();
    },
    /** Resolves once every job is delivered or failed for good. */
    idle(): Promise<void> {
      return outstanding === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
    /** Pending retries are dropped (their log rows stay 'pending' with the last error). */
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      const dropped = timers.size + waiting.length;
      timers.clear();
      waiting.length = 0;
      for (let i = 0; i < dropped; i++) settle();
    },
    get size() {
      return outstanding;
    },
  };
}
