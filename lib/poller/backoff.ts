/** Longest wait between two polls of an unreachable environment (unless its own interval is longer). */
export const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * Delay before the next poll: the environment's interval while it answers; while unreachable, the
 * interval doubled per consecutive failure up to MAX_BACKOFF_MS, ±20 % jitter so that instances and
 * environments do not retry in lockstep. `random` is injectable for tests.
 */
export function nextDelayMs(intervalMs: number, failures: number, random: () => number = Math.random): number {
  if (failures <= 0) return intervalMs;
  const cap = Math.max(intervalMs, MAX_BACKOFF_MS);
  const base = Math.min(cap, intervalMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(base * (0.8 + 0.4 * random()));
}
