// p50/p95 of the real overview API handler (`GET /api/overview`: route → getOverview → store reads,
// sync matrix) with 100,000 polls in a PostgreSQL history store and 200 environments (the three the
// year-of-polls fill writes, plus 197 more in name groups with a handful of distinct schemas, so the
// matrix is grouped and its change counts come from the diff_count table after the first request).
// The environments point at a closed port; the app's own poller is stopped before measuring.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore, recordCheck } from '../lib/store';
import { fixtureCheck, fixtureSchema } from '../lib/store/fixtures.test-helpers';
import { createTestDatabase } from '../lib/testing/pg-test-db';
import { ENVIRONMENTS, fill, timeAlternating } from './store-bench';

/** `eu-001`, `us-002`, … : a few name groups, as a fleet of tenants or regions would have. */
export function fleetNames(count: number): string[] {
  const regions = ['eu', 'us', 'ap', 'sa'];
  return Array.from({ length: count }, (_, i) => `${regions[i % regions.length]}-${String(i).padStart(3, '0')}`);
}

export async function runOverviewApiBench(
  options: { polls?: number; runs?: number; environments?: number } = {},
): Promise<{ p50: number; p95: number; first: number }> {
  const polls = options.polls ?? 100_000;
  const fleet = fleetNames(Math.max(0, (options.environments ?? 200) - ENVIRONMENTS.length));
  const db = await createTestDatabase('overviewbench');
  const dir = await mkdtemp(join(tmpdir(), 'driftboard-overview-bench-'));
  const store = await openStore({ databaseUrl: db.url });
  let stop: (() => Promise<void>) | null = null;
  try {
    await fill(store, 0, polls);
    const schemas = Array.from({ length: 6 }, (_, i) => fixtureSchema(30 + i));
    for (const [i, name] of fleet.entries()) {
      // Most of the fleet at the same schema, a few ahead or behind, some with a pending high-risk migration.
      const schema = schemas[i % 17 === 0 ? i % schemas.length : 0];
      await recordCheck(store, name, fixtureCheck({ name, schema, pendingRisk: i % 9 === 0 ? ['high'] : [], driftCount: i % 13 === 0 ? 2 : 0 }));
    }
    await store.prisma.$executeRawUnsafe('ANALYZE');
    const config = join(dir, 'driftboard.config.json');
    await writeFile(
      config,
      JSON.stringify({
        migrations: { tool: 'alembic', path: resolve('lib/demo/project/versions') },
        environments: [...ENVIRONMENTS, ...fleet].map((name) => ({ name, url: `postgres://bench@127.0.0.1:9/${name}`, pollIntervalSeconds: 86_400 })),
      }),
    );
    process.env.DRIFTBOARD_CONFIG = config;
    process.env.DATABASE_URL = db.url;
    const { GET } = await import('../app/api/overview/route');
    const { getAppContext } = await import('../lib/app/context');
    const ctx = await getAppContext();
    stop = () => ctx.poller.stop();
    // The 200 environments point at a closed port: the app's poller would record an "unreachable" poll
    // for each of them while we measure (its start is spread over 50 s). The reads are what is measured.
    await ctx.poller.stop();
    const call = async () => {
      const res = await GET(new Request('http://localhost/api/overview'), undefined);
      if (!res.ok) throw new Error(`GET /api/overview answered ${res.status}: ${await res.text()}`);
      await res.text();
    };
    // The first request after a start computes the change counts it cannot find stored.
    const t0 = performance.now();
    await call();
    const first = performance.now() - t0;
    const [timing] = await timeAlternating(options.runs ?? 200, call);
    const stats = await store.prisma.poll.count();
    const counts = await store.prisma.diffCount.count();
    console.log(
      [
        `polls in store          ${stats.toLocaleString('en')}`,
        `environments            ${ENVIRONMENTS.length + fleet.length} (change counts stored: ${counts})`,
        `first request           ${first.toFixed(1)} ms (computes and stores the missing counts)`,
        `GET /api/overview p50   ${timing.p50.toFixed(1)} ms`,
        `GET /api/overview p95   ${timing.p95.toFixed(1)} ms   (goal ≤ 100 ms)`,
      ].join('\n'),
    );
    return { ...timing, first };
  } finally {
    await stop?.();
    await store.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runOverviewApiBench();
  process.exit(0);
}
