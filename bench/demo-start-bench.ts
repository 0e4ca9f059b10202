// Demo start: time from starting the app to the first overview showing all three demo environments with a
// polled status, on a first start (empty data folder: databases built, history seeded) and a second start
// (databases reopened from the demo cache, history already stored). Goal: second start ≤ 5 s.
// With a Next build (.next/BUILD_ID) it times `next start` + GET /api/overview, as `npm start` serves;
// without one it times the same server side (getAppContext + getOverview) in a fresh node process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const GOAL_SECOND_MS = 5_000;
const READY_LINE = 'demo-start-bench: ready';

export async function runDemoStartBench(): Promise<{ firstMs: number; secondMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'driftboard-demo-start-'));
  const env = {
    ...process.env,
    DRIFTBOARD_DATA_DIR: join(dir, 'store'),
    DRIFTBOARD_DEMO_CACHE_DIR: join(dir, 'demo-databases'),
    DRIFTBOARD_CONFIG: '',
    DATABASE_URL: '',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const viaNext = existsSync(resolve('.next/BUILD_ID'));
  try {
    const firstMs = await timeStart(env, viaNext);
    const secondMs = await timeStart(env, viaNext);
    console.log(
      [
        `measured with            ${viaNext ? 'next start + GET /api/overview' : 'getAppContext + getOverview (no Next build)'}`,
        `first start (build)      ${(firstMs / 1000).toFixed(1)} s`,
        `second start (cached)    ${(secondMs / 1000).toFixed(1)} s   (goal ≤ ${GOAL_SECOND_MS / 1000} s)`,
      ].join('\n'),
    );
    return { firstMs, secondMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function timeStart(env: NodeJS.ProcessEnv, viaNext: boolean): Promise<number> {
  const started = performance.now();
  if (!viaNext) {
    let readyAt = 0;
    await runChild(process.execPath, ['--import', 'tsx', resolve('bench/demo-start-child.ts')], env, (line) => {
      if (line === READY_LINE && !readyAt) readyAt = performance.now();
      return line === READY_LINE;
    });
    return readyAt - started;
  }
  const port = await freePort();
  const child = spawn(resolve('node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], { env, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
      const overview = await fetch(`http://127.0.0.1:${port}/api/overview`).then((r) => (r.ok ? r.json() : null)).catch(() => null);
      if (threePolled(overview)) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 100)); // polling an HTTP server: there is no event to wait on
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** True when the overview lists the three demo environments, each with a status from a poll. */
export function threePolled(overview: unknown): boolean {
  const rows = (overview as { environments?: Array<{ lastPollAt: string | null }> } | null)?.environments;
  return Array.isArray(rows) && rows.length === 3 && rows.every((r) => r.lastPollAt);
}

function runChild(cmd: string, args: string[], env: NodeJS.ProcessEnv, done: (line: string) => boolean): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    let ok = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.split('\n').some(done)) ok = true;
    });
    child.on('exit', (code) => (ok ? resolvePromise() : reject(new Error(`demo start child exited with ${code}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => res(port));
    });
    server.on('error', rej);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await runDemoStartBench();
