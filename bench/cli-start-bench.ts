// CLI start: `driftboard --help`, whole process, with the compiled bundle (dist/cli, `npm run build:cli`)
// against the TypeScript sources through tsx (what every run paid before). Goal: ≤ 0.3 s with the bundle.
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const GOAL_MS = 300;

export async function runCliStartBench(runs = 10): Promise<{ bundleMs: number; tsxMs: number }> {
  execFileSync(process.execPath, [resolve('scripts/build-cli.mjs')], { stdio: 'ignore' });
  const bundleMs = median(runs, {});
  const tsxMs = median(runs, { DRIFTBOARD_CLI_TSX: '1' });
  const nodeMs = median(runs, {}, ['-e', '0']);
  console.log(
    [
      `driftboard --help (bundle)   ${bundleMs.toFixed(0)} ms   (goal ≤ ${GOAL_MS} ms)`,
      `driftboard --help (tsx)      ${tsxMs.toFixed(0)} ms   (before)`,
      `node -e 0                    ${nodeMs.toFixed(0)} ms   (floor)`,
    ].join('\n'),
  );
  return { bundleMs, tsxMs };
}

function median(runs: number, env: Record<string, string>, args = [resolve('bin/driftboard.mjs'), '--help']): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

if (import.meta.url === `file://${process.argv[1]}`) await runCliStartBench();
