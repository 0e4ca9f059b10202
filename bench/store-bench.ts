// History-store benchmark: (a) bytes on disk per poll, extrapolated to a year of one-minute polls of
// three environments; (b) p50/p95 of the overview's store reads with 100,000 polls stored.
// Standalone: `npx tsx bench/store-bench.ts [--pg] [--polls=50000]`; also `runStoreBench()` for bench/run.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getSchemaByHash, latestPolls, latestStates, listEvents, openStore, recordCheck, storeStats } from '../lib/store';
import type { Store } from '../lib/store';
import { fixtureCheck, fixtureSchema } from '../lib/store/fixtures.test-helpers';

export const YEAR_OF_POLLS = 3 * 365 * 24 * 60; // 1,576,800
export const ENVIRONMENTS = ['local', 'staging', 'production'];
const START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

export interface StoreBenchResult {
  backend: 'pglite' | 'postgres';
  polls: number;
  schemaBlobs: number;
  events: number;
  bytesPerPoll: number;
  /** Fixed cost: an empty store (migrations applied) on disk. */
  emptyOnDiskBytes: number;
  yearTableBytes: number;
  yearOnDiskBytes: number;
  /** PGlite's write-ahead log after the fill (recycled, does not grow with history); null for PostgreSQL. */
  walBytes: number | null;
  readPolls: number;
  /** latestStates + latestPolls + listEvents(20). */
  rowsP50Ms: number;
  rowsP95Ms: number;
  /** The same plus getSchemaByHash of each environment's latest schema (the sync matrix). */
  p50Ms: number;
  p95Ms: number;
}

/**
 * Fills `store` up to `target` polls, minute by minute for each environment (poll i is environment i % 3 at
 * minute ⌊i / 3⌋). Polls go through recordCheck when something changes (a migration every 5,000 minutes,
 * an outage now and then); the unchanged polls in between are the rows recordCheck writes for an unchanged
 * environment (its previous poll again, a later time, another duration), inserted by one
 * `INSERT … SELECT … generate_series` per stretch: 100,000 polls take seconds, not minutes, in both store kinds.
 */
export async function fill(store: Store, from: number, target: number): Promise<void> {
  const schemas = Array.from({ length: 12 }, (_, i) => fixtureSchema(30 + i));
  const checkAt = (env: string, minute: number) => {
    const at = new Date(START + minute * MINUTE);
    const generation = Math.floor(minute / 5_000) % schemas.length;
    const version = `rev_${String(generation).padStart(4, '0')}`;
    return outageAt(env, minute)
      ? fixtureCheck({ name: env, status: 'unreachable', checkedAt: at })
      : fixtureCheck({ name: env, version, schema: schemas[generation], pendingRisk: env === 'production' ? ['low', 'medium', 'high'] : [], driftCount: env === 'local' ? 1 : 0, checkedAt: at });
  };
  for (const [k, env] of ENVIRONMENTS.entries()) {
    // This environment's minutes in [from, target): poll index 3·minute + k.
    const first = Math.ceil((from - k) / 3);
    const end = Math.ceil((target - k) / 3); // exclusive
    let minute = Math.max(0, first);
    while (minute < end) {
      const i = 3 * minute + k;
      const previous = await store.prisma.poll.findFirst({ where: { environment: env }, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], select: { id: true } });
      if (changedAt(env, minute, i) || !previous) {
        const at = new Date(START + minute * MINUTE);
        await recordCheck(store, env, checkAt(env, minute), { at });
        minute++;
        continue;
      }
      let stop = minute + 1;
      while (stop < end && !changedAt(env, stop, 3 * stop + k)) stop++;
      await copyPoll(store, previous.id, minute, stop - 1, k);
      minute = stop;
    }
    // Keep the latest state coherent with the last copied poll, as recordCheck would.
    const last = await store.prisma.poll.findFirst({ where: { environment: env }, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] });
    if (last) await store.prisma.environmentState.update({ where: { environment: env }, data: { lastPollId: last.id, updatedAt: last.startedAt } });
  }
}

const outageAt = (env: string, minute: number) => minute % 20_000 === 7_000 && env === 'production';
const changedAt = (env: string, minute: number, i: number) => minute % 5_000 === 0 || minute % 20_000 === 7_001 || outageAt(env, minute) || i < 3;

/** The poll `pollId` again at each minute in [fromMinute, toMinute], as recordCheck records an unchanged environment. */
async function copyPoll(store: Store, pollId: number, fromMinute: number, toMinute: number, k: number): Promise<void> {
  await store.prisma.$executeRaw`
    INSERT INTO poll (environment, started_at, duration_ms, status, error, version, head, behind, pending_count,
                      drift_count, model_drift_count, max_risk, schema_hash)
    SELECT p.environment, ${new Date(START)}::timestamptz + m * interval '1 minute',
           80 + (((3 * m + ${k})::bigint * 7919) % 400)::int, p.status, p.error, p.version, p.head, p.behind,
           p.pending_count, p.drift_count, p.model_drift_count, p.max_risk, p.schema_hash
      FROM poll p, generate_series(${fromMinute}::int, ${toMinute}::int) AS m
     WHERE p.id = ${pollId}
     ORDER BY m`;
}

/** The overview's rows: latest state and poll of each environment, recent events. */
async function overviewRows(store: Store) {
  const [, polls] = await Promise.all([latestStates(store), latestPolls(store), listEvents(store, { limit: 20 })]);
  return polls;
}

/** The whole overview read: its rows plus the latest schema of each environment (for the sync matrix). */
async function overviewWithSchemas(store: Store): Promise<void> {
  const polls = await overviewRows(store);
  await Promise.all(polls.map((p) => (p.schemaHash ? getSchemaByHash(store, p.schemaHash) : null)));
}

/** Times two reads turn about, so machine load and warm-up weigh on both alike. */
export async function timeAlternating(runs: number, ...fns: Array<() => Promise<unknown>>): Promise<Array<{ p50: number; p95: number }>> {
  for (let i = 0; i < 20; i++) for (const fn of fns) await fn(); // warm-up
  const times = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of fns.entries()) {
      // Each call its own turn of the event loop, as separate HTTP requests are: PGlite answers without I/O,
      // so back-to-back calls would otherwise never let timers (the poller, a writer) run in between.
      await new Promise((r) => setImmediate(r));
      const t = performance.now();
      await fn();
      times[k].push(performance.now() - t);
    }
  }
  return times.map((ts) => {
    ts.sort((a, b) => a - b);
    return { p50: percentile(ts, 50), p95: percentile(ts, 95) };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(store: Store, backend: StoreBenchResult['backend'], polls: number, readPolls: number): Promise<StoreBenchResult> {
  const empty = await storeStats(store);
  await fill(store, 0, polls);
  await store.prisma.$executeRawUnsafe('CHECKPOINT');
  const full = await storeStats(store);
  const bytesPerPoll = (full.tableBytes - empty.tableBytes) / polls;
  // The WAL is recycled (bounded by max_wal_size), so only the rest of the data folder grows with history.
  const withoutWal = (s: typeof full) => s.onDiskBytes - (s.walBytes ?? 0);
  const perPollOnDisk = (withoutWal(full) - withoutWal(empty)) / polls;

  await fill(store, polls, readPolls);
  await store.prisma.$executeRawUnsafe('ANALYZE');
  const [rows, whole] = await timeAlternating(200, () => overviewRows(store), () => overviewWithSchemas(store));
  const stats = await storeStats(store);
  return {
    backend,
    polls,
    schemaBlobs: full.schemaBlobs,
    events: full.events,
    bytesPerPoll,
    emptyOnDiskBytes: empty.onDiskBytes,
    yearTableBytes: empty.tableBytes + bytesPerPoll * YEAR_OF_POLLS,
    yearOnDiskBytes: withoutWal(empty) + Math.max(perPollOnDisk, bytesPerPoll) * YEAR_OF_POLLS + (full.walBytes ?? 0),
    walBytes: full.walBytes,
    readPolls: stats.polls,
    rowsP50Ms: rows.p50,
    rowsP95Ms: rows.p95,
    p50Ms: whole.p50,
    p95Ms: whole.p95,
  };
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

export function formatStoreBench(results: StoreBenchResult[]): string {
  const rows = [
    ['backend', 'polls', 'blobs', 'events', 'bytes/poll', 'empty store', 'year: tables', 'year: on disk', 'of which WAL', 'stored polls', 'rows p50 / p95', 'with schemas p50 / p95'],
    ...results.map((r) => [
      r.backend,
      r.polls.toLocaleString('en'),
      String(r.schemaBlobs),
      String(r.events),
      r.bytesPerPoll.toFixed(0),
      mb(r.emptyOnDiskBytes),
      mb(r.yearTableBytes),
      mb(r.yearOnDiskBytes),
      r.walBytes === null ? '-' : mb(r.walBytes),
      r.readPolls.toLocaleString('en'),
      `${r.rowsP50Ms.toFixed(1)} / ${r.rowsP95Ms.toFixed(1)} ms`,
      `${r.p50Ms.toFixed(1)} / ${r.p95Ms.toFixed(1)} ms`,
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => v.padEnd(widths[c])).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line), '',
    `year = ${YEAR_OF_POLLS.toLocaleString('en')} polls (3 environments × one a minute); on disk = empty store + measured growth per poll (+ PGlite's recycled WAL).`,
    'rows = latestStates + latestPolls + listEvents(20); with schemas = + getSchemaByHash per environment (the overview sync matrix).'].join('\n');
}

export async function runStoreBench(options: { polls?: number; readPolls?: number; postgres?: boolean } = {}): Promise<StoreBenchResult[]> {
  const polls = options.polls ?? 50_000;
  const readPolls = Math.max(polls, options.readPolls ?? 100_000);
  const results: StoreBenchResult[] = [];

  const dir = await mkdtemp(join(tmpdir(), 'driftboard-store-bench-'));
  const lite = await openStore({ databaseUrl: null, dataDir: join(dir, 'store') });
  try {
    results.push(await measure(lite, 'pglite', polls, readPolls));
  } finally {
    await lite.close();
    await rm(dir, { recursive: true, force: true });
  }

  if (options.postgres ?? true) {
    const { createTestDatabase } = await import('../lib/testing/pg-test-db');
    const db = await createTestDatabase('storebench').catch((err: Error) => {
      console.log(`(PostgreSQL skipped: ${err.message})`);
      return null;
    });
    if (db) {
      const store = await openStore({ databaseUrl: db.url });
      try {
        results.push(await measure(store, 'postgres', polls, readPolls));
      } finally {
        await store.close();
        await db.drop();
      }
    }
  }
  console.log(formatStoreBench(results));
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  await runStoreBench({
    polls: arg('polls') ? Number(arg('polls')) : undefined,
    readPolls: arg('read-polls') ? Number(arg('read-polls')) : undefined,
    postgres: !process.argv.includes('--no-pg'),
  });
}
