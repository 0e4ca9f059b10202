import { describe, expect, it } from 'vitest';
import { MAX_BACKOFF_MS, nextDelayMs } from './backoff';

describe('nextDelayMs', () => {
  it('uses the interval while the environment answers', () => {
    expect(nextDelayMs(60_000, 0, () => 0.99)).toBe(60_000);
  });

  it('doubles per consecutive failure, capped, with ±20 % jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((f) => nextDelayMs(60_000, f, mid))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(nextDelayMs(60_000, 50, mid)).toBe(MAX_BACKOFF_MS);
    expect(nextDelayMs(60_000, 2, () => 0)).toBe(96_000);
    expect(nextDelayMs(60_000, 2, () => 1)).toBe(144_000);
  });

  it('never waits less than a long interval', () => {
    expect(nextDelayMs(3_600_000, 9, () => 0.5)).toBe(3_600_000);
  });
});
