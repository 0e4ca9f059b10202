// p50/p95 of the real overview API handler (`GET /api/overview`: route → getOverview → store reads,
// sync matrix) with 100,000 polls in a PostgreSQL history store. The environments point at a closed port,
// so the app's own poller adds only a few "unreachable" polls while we measure.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore } from '../lib/store';
import { createTestDatabase } from '../lib/testing/pg-test-db';
import { ENVIRONMENTS, fill, timeAlternating } from './store-bench';

export async function runOverviewApiBench(options: { polls?: number; runs?: number } = {}): Promise<{ p50: number; p95: number }> {
  const polls = options.polls ?? 100_000;
  const db = await createTestDatabase('overviewbench');
  const dir = await mkdtemp(join(tmpdir(), 'driftboard-overview-bench-'));
  const store = await openStore({ databaseUrl: db.url });
  let stop: (() => Promise<void>) | null = null;
  try {
    await fill(store, 0, polls);
    await store.prisma.$executeRawUnsafe('ANALYZE');
    const config = join(dir, 'driftboard.config.json');
    await writeFile(
      config,
      JSON.stringify({
        migrations: { tool: 'alembic', path: resolve('lib/demo/project/versions') },
        environments: ENVIRONMENTS.map((name) => ({ name, url: `postgres://bench@127.0.0.1:9/${name}`, pollIntervalSeconds: 86_400 })),
      }),
    );
    process.env.DRIFTBOARD_CONFIG = config;
    process.env.DATABASE_URL = db.url;
    const { GET } = await import('../app/api/overview/route');
    const { getAppContext } = await import('../lib/app/context');
    const ctx = await getAppContext();
    stop = () => ctx.poller.stop();
    const call = async () => {
      const res = await GET(new Request('http://localhost/api/overview'), undefined);
      if (!res.ok) throw new Error(`GET /api/overview answered ${res.status}: ${await res.text()}`);
      await res.text();
    };
    const [timing] = await timeAlternating(options.runs ?? 200, call);
    const stats = await store.prisma.poll.count();
    console.log(
      [
        `polls in store          ${stats.toLocaleString('en')}`,
        `GET /api/overview p50   ${timing.p50.toFixed(1)} ms`,
        `GET /api/overview p95   ${timing.p95.toFixed(1)} ms`,
      ].join('\n'),
    );
    return timing;
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
