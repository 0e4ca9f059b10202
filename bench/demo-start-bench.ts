// Demo start: time from `npm start` to the first overview showing all three demo environments with a
// polled status, on a first start (empty data folder: databases built, history seeded) and a second start
// (databases reopened from the demo cache, history already stored). Goal: second start ≤ 5 s.
// With a Next build (NEXT_DIST_DIR, default .next, holding BUILD_ID) it runs what `npm start` runs
// (scripts/start.sh: build check, listen check, next start) and polls GET /api/overview; a start that had to
// rebuild (a source newer than the build) is flagged. Without a build it times the same server side
// (getAppContext + getOverview) in a fresh node process.
// Standalone: `npx tsx bench/demo-start-bench.ts` (`NEXT_DIST_DIR=.next-x` to use another build).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const GOAL_SECOND_MS = 5_000;
const READY_LINE = 'demo-start-bench: ready';

interface StartTiming {
  ms: number;
  /** scripts/start.sh rebuilt the app first (its time is included). */
  rebuilt: boolean;
  /** What the server printed, with the time since start of each line (npm start only). */
  log: string[];
}

export async function runDemoStartBench(): Promise<{ firstMs: number; secondMs: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'driftboard-demo-start-'));
  const cacheDir = join(dir, 'demo-databases');
  const env = {
    ...process.env,
    DRIFTBOARD_DATA_DIR: join(dir, 'store'),
    DRIFTBOARD_DEMO_CACHE_DIR: cacheDir,
    DRIFTBOARD_CACHE_DIR: join(dir, 'cache'),
    DRIFTBOARD_CONFIG: '',
    DATABASE_URL: '',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  const dist = process.env.NEXT_DIST_DIR || '.next';
  const viaNext = existsSync(resolve(dist, 'BUILD_ID'));
  try {
    const first = await timeStart(env, viaNext, cacheDir);
    const second = await timeStart(env, viaNext, cacheDir);
    const flag = (t: StartTiming) => (t.rebuilt ? '   (included a rebuild: a source was newer than the build)' : '');
    console.log(
      [
        `measured with            ${viaNext ? `npm start (scripts/start.sh, build in ${dist}) + GET /api/overview` : 'getAppContext + getOverview (no Next build)'}`,
        `first start (build)      ${(first.ms / 1000).toFixed(1)} s${flag(first)}`,
        `second start (cached)    ${(second.ms / 1000).toFixed(1)} s   (goal ≤ ${GOAL_SECOND_MS / 1000} s)${flag(second)}`,
        ...(second.log.length ? ['second start, server output:', ...second.log.map((l) => `  ${l}`)] : []),
      ].join('\n'),
    );
    return { firstMs: first.ms, secondMs: second.ms };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function timeStart(env: NodeJS.ProcessEnv, viaNext: boolean, cacheDir: string): Promise<StartTiming> {
  const started = performance.now();
  if (!viaNext) {
    let readyAt = 0;
    await runChild(process.execPath, ['--import', 'tsx', resolve('bench/demo-start-child.ts')], env, (line) => {
      if (line === READY_LINE && !readyAt) readyAt = performance.now();
      return line === READY_LINE;
    });
    return { ms: readyAt - started, rebuilt: false, log: [] };
  }
  const port = await freePort();
  // Its own process group, so stopping it stops next start too (start.sh execs npx, which runs next).
  const child = spawn('bash', [resolve('scripts/start.sh')], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log: string[] = [];
  let rebuilt = false;
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      if (line.startsWith('start: building')) rebuilt = true;
      log.push(`${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line.slice(0, 160)}`);
    }
  };
  child.stdout!.on('data', onLine);
  child.stderr!.on('data', onLine);
  try {
    let ms = 0;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log.join('\n')}`);
      const overview = await fetch(`http://127.0.0.1:${port}/api/overview`).then((r) => (r.ok ? r.json() : null)).catch(() => null);
      if (threePolled(overview)) {
        ms = performance.now() - started;
        break;
      }
      await new Promise((r) => setTimeout(r, 100)); // polling an HTTP server: there is no event to wait on
    }
    // A running server saves freshly built databases in the background: the next start needs them saved.
    while (!savedCache(cacheDir)) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return { ms, rebuilt, log };
  } finally {
    await stopGroup(child);
  }
}

/** True once the demo cache holds a complete set of databases. */
function savedCache(cacheDir: string): boolean {
  if (!existsSync(cacheDir)) return false;
  return readdirSync(cacheDir).some((name) => existsSync(join(cacheDir, name, 'complete')));
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await exited;
  // npx exits before the server it started: the next start must not find the demo databases still held.
  while (groupAlive(child.pid)) await new Promise((r) => setTimeout(r, 50));
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
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
