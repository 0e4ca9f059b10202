/**
 * Timing log of the expected-schema work (cache reads, shadow boot, replay, read-back, writes), on
 * stderr when DRIFTBOARD_TIMING=1: where a slow `status` spends its time, without a profiler.
 */
const enabled = () => process.env.DRIFTBOARD_TIMING === '1';
const start = performance.now();

export async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  if (!enabled()) return step();
  const t = performance.now();
  try {
    return await step();
  } finally {
    const now = performance.now();
    process.stderr.write(`driftboard timing: ${label.padEnd(34)} ${(now - t).toFixed(0).padStart(6)} ms  (at ${(now - start).toFixed(0)} ms)\n`);
  }
}
