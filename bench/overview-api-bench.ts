// p50/p95 of the real overview API handler (`GET /api/overview`: route → getOverview → store reads,
// sync matrix, scrubbing, JSON) with 100,000 polls stored and 200 environments (the three the year-of-polls
// fill writes, plus 197 more in name groups with a handful of distinct schemas, so the matrix is grouped and
// its change counts come from the diff_count table after the first request). Both store kinds, each in its
// own process (the app context is one per process): PGlite in a data folder (the default store) and
// PostgreSQL (DATABASE_URL; a fresh `dbt_ovw_*` database on the local server, skipped when there is none).
// The environments point at a closed port; the app's own poller is stopped before measuring.
// Standalone: `npx tsx bench/overview-api-bench.ts [--polls=100000] [--kind=pglite|postgres]`.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { latestOfEach, openStore, recordCheck } from '../lib/store';
import type { Store } from '../lib/store';
import type { EnvironmentCheck } from '../lib/model';
import { fixtureCheck, fixtureSchema } from '../lib/store/fixtures.test-helpers';
import { ENVIRONMENTS, fill, timeAlternating } from './store-bench';

const GOAL_P95_MS = 100;
/** 200 environments polled once a minute: a poll recorded every 300 ms. */
const WRITE_EVERY_MS = 300;
type Kind = 'pglite' | 'postgres';

export interface OverviewBenchResult {
  kind: Kind;
  polls: number;
  environments: number;
  diffCounts: number;
  fillMs: number;
  firstMs: number;
  p50: number;
  p95: number;
  /** Where a request's time goes (p50 of each part timed alone). */
  parts: { storeReads: number; overview: number; serialize: number; scrubAll: number };
  /** Secrets scrubbed from every string (passwords and URLs of the config). */
  secrets: number;
  responseBytes: number;
  /** Polls recorded (one every 300 ms) while the requests were timed. */
  pollsWhileMeasuring: number;
  /** The longest a poll's recordCheck waited and ran while the requests were timed. */
  slowestWriteMs: number;
}

/** `eu-001`, `us-002`, … : a few name groups, as a fleet of tenants or regions would have. */
export function fleetNames(count: number): string[] {
  const regions = ['eu', 'us', 'ap', 'sa'];
  return Array.from({ length: count }, (_, i) => `${regions[i % regions.length]}-${String(i).padStart(3, '0')}`);
}

/** A fleet environment's check as a real poll of a 50-table database records it (table sizes included). */
function fleetCheck(name: string, i: number, schemas: ReturnType<typeof fixtureSchema>[]): EnvironmentCheck {
  const schema = schemas[i % 17 === 0 ? i % schemas.length : 0];
  const check = fixtureCheck({ name, schema, pendingRisk: i % 9 === 0 ? ['high'] : [], driftCount: i % 13 === 0 ? 2 : 0 });
  const tableStats = Array.from({ length: 50 }, (_, t) => ({ schema: 'public', table: `table_${String(t).padStart(2, '0')}`, rows: 1000 * t, bytes: 8192 * t, analyzed: true }));
  return { ...check, status: { ...check.status, tableStats } };
}

/** One store kind, in this process: fill, start the app on it, time the handler. */
async function measureKind(kind: Kind, polls: number, runs: number, environments: number): Promise<OverviewBenchResult> {
  const fleet = fleetNames(Math.max(0, environments - ENVIRONMENTS.length));
  const dir = await mkdtemp(join(tmpdir(), 'driftboard-overview-bench-'));
  const db = kind === 'postgres' ? await (await import('../lib/testing/pg-test-db')).createTestDatabase('dbt_ovw') : null;
  process.env.DATABASE_URL = db?.url ?? '';
  process.env.DRIFTBOARD_DATA_DIR = join(dir, 'store');
  process.env.DRIFTBOARD_CACHE_DIR = join(dir, 'cache');
  let store: Store | null = null;
  let stop: (() => Promise<void>) | null = null;
  try {
    store = await openStore();
    const t0 = performance.now();
    await fill(store, 0, polls);
    const schemas = Array.from({ length: 6 }, (_, i) => fixtureSchema(30 + i));
    for (const [i, name] of fleet.entries()) await recordCheck(store, name, fleetCheck(name, i, schemas));
    await store.prisma.$executeRawUnsafe('ANALYZE');
    const fillMs = performance.now() - t0;
    const config = join(dir, 'driftboard.config.json');
    await writeFile(
      config,
      JSON.stringify({
        migrations: { tool: 'alembic', path: resolve('lib/demo/project/versions') },
        environments: [...ENVIRONMENTS, ...fleet].map((name) => ({ name, url: `postgres://bench:s3cret-pw@127.0.0.1:9/${name}`, pollIntervalSeconds: 86_400 })),
      }),
    );
    process.env.DRIFTBOARD_CONFIG = config;
    const { GET } = await import('../app/api/overview/route');
    const { getAppContext, getOverview } = await import('../lib/app');
    const ctx = await getAppContext();
    if (ctx.store !== store) throw new Error('the app opened another store than the bench filled');
    stop = () => ctx.poller.stop();
    // The 200 environments point at a closed port: the app's poller would record an "unreachable" poll
    // for each of them while we measure (its start is spread over the interval). The reads are what is measured.
    await ctx.poller.stop();
    let responseBytes = 0;
    const call = async () => {
      const res = await GET(new Request('http://localhost/api/overview'), undefined);
      if (!res.ok) throw new Error(`GET /api/overview answered ${res.status}: ${await res.text()}`);
      responseBytes = (await res.text()).length;
    };
    // The first request after a start computes the change counts it cannot find stored.
    const t1 = performance.now();
    await call();
    const firstMs = performance.now() - t1;
    const s = store;
    const overview = await getOverview();
    // Meanwhile polls keep arriving as the poller would record them: 200 environments a minute each is one
    // poll every 300 ms (the latest states change under the reads, as they do in a running app).
    let writing = true;
    let written = 0;
    let slowestWriteMs = 0;
    const writer = (async () => {
      for (let i = 0; writing && fleet.length; i++) {
        const name = fleet[i % fleet.length];
        const w = performance.now();
        await recordCheck(s, name, fleetCheck(name, i % fleet.length, schemas));
        slowestWriteMs = Math.max(slowestWriteMs, performance.now() - w);
        written++;
        await new Promise((r) => setTimeout(r, WRITE_EVERY_MS)); // a bench's clock: the poller's pace
      }
    })();
    const { toPublic } = await import('../lib/app/sanitize');
    const [whole, reads, build, serialize, scrub] = await timeAlternating(
      runs,
      call,
      () => latestOfEach(s),
      () => getOverview(),
      async () => JSON.stringify(overview),
      // The whole answer scrubbed from scratch (what every request does).
      async () => toPublic(overview, ctx.secrets),
    ).finally(() => (writing = false));
    await writer;
    return {
      kind,
      polls: await store.prisma.poll.count(),
      environments: ENVIRONMENTS.length + fleet.length,
      diffCounts: await store.prisma.diffCount.count(),
      fillMs,
      firstMs,
      p50: whole.p50,
      p95: whole.p95,
      parts: { storeReads: reads.p50, overview: build.p50, serialize: serialize.p50, scrubAll: scrub.p50 },
      secrets: ctx.secrets.length,
      responseBytes,
      pollsWhileMeasuring: written,
      slowestWriteMs,
    };
  } finally {
    await stop?.();
    await store?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

function runChild(kind: Kind, polls: number): Promise<OverviewBenchResult | string> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('bench/overview-api-bench.ts'), `--kind=${kind}`, `--polls=${polls}`, '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        done(JSON.parse(line) as OverviewBenchResult);
      } catch {
        done(`exited with ${code}${line ? `: ${line}` : ''}`);
      }
    });
  });
}

async function postgresReachable(): Promise<string | null> {
  const { createTestDatabase } = await import('../lib/testing/pg-test-db');
  return createTestDatabase('dbt_ovw').then(
    async (db) => (await db.drop(), null),
    (err: Error) => err.message,
  );
}

export function formatOverviewBench(results: OverviewBenchResult[]): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const rows = [
    ['store', 'polls', 'envs', 'fill', 'first request', 'p50', 'p95 (goal ≤ 100 ms)', 'store reads', 'getOverview', 'JSON', 'scrub all', 'response'],
    ...results.map((r) => [
      r.kind,
      r.polls.toLocaleString('en'),
      String(r.environments),
      `${(r.fillMs / 1000).toFixed(1)} s`,
      ms(r.firstMs),
      ms(r.p50),
      `${ms(r.p95)} ${r.p95 <= GOAL_P95_MS ? 'ok' : 'OVER'}`,
      ms(r.parts.storeReads),
      ms(r.parts.overview),
      ms(r.parts.serialize),
      `${ms(r.parts.scrubAll)} (${r.secrets} secrets)`,
      `${(r.responseBytes / 1024).toFixed(0)} KB`,
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => v.padEnd(widths[c])).join('  ');
  return [
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    '',
    `p50/p95: the route handler (auth, getOverview, Response.json, body read), while a poll is recorded every ${WRITE_EVERY_MS} ms (${results.map((r) => `${r.kind}: ${r.pollsWhileMeasuring} polls, slowest ${(r.slowestWriteMs / 1000).toFixed(1)} s`).join('; ')}).`,
    'Parts, each timed alone (p50):',
    'store reads = latestOfEach (latest status + poll of each environment); getOverview = reads + matrix (stored counts) + one scrub of the whole answer;',
    'JSON = serializing its result; scrub all = toPublic of the whole answer from scratch (what a cold start or all rows changed costs).',
  ].join('\n');
}

export async function runOverviewApiBench(options: { polls?: number } = {}): Promise<OverviewBenchResult[]> {
  const polls = options.polls ?? 100_000;
  const results: OverviewBenchResult[] = [];
  for (const kind of ['pglite', 'postgres'] as const) {
    const unavailable = kind === 'postgres' ? await postgresReachable() : null;
    if (unavailable) {
      console.log(`(PostgreSQL skipped: ${unavailable})`);
      continue;
    }
    const r = await runChild(kind, polls);
    if (typeof r === 'string') throw new Error(`overview bench (${kind}) ${r}`);
    results.push(r);
  }
  console.log(formatOverviewBench(results));
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const polls = arg('polls') ? Number(arg('polls')) : 100_000;
  const kind = arg('kind') as Kind | undefined;
  if (kind) {
    const r = await measureKind(kind, polls, Number(arg('runs') ?? 200), Number(arg('environments') ?? 200));
    console.log(process.argv.includes('--json') ? JSON.stringify(r) : formatOverviewBench([r]));
  } else {
    await runOverviewApiBench({ polls });
  }
  process.exit(0);
}
