// `npm run bench`: every speed goal, each printed side by side with its reference or target.
// Each part is also runnable on its own (`npx tsx bench/<name>.ts`).
const parts: Array<[string, () => Promise<unknown>]> = [
  ['Snapshot and diff (2,000 tables × 25 columns) vs pg_dump --schema-only', async () => (await import('./schema-bench')).runSchemaBench()],
  ['Status (420 migrations: cold vs psql, warm, one new migration)', async () => (await import('./status-bench')).runStatusBench()],
  ['Repair (2,000 tables, 50 changes: plan vs shadow verification)', async () => (await import('./repair-bench')).runRepairBench()],
  ['Lint (500 migrations)', async () => (await import('./lint-bench')).runLintBench()],
  ['History store (year of polls, overview read)', async () => (await import('./store-bench')).runStoreBench()],
  ['Overview API (GET /api/overview, 200 environments, 100,000 polls stored)', async () => (await import('./overview-api-bench')).runOverviewApiBench()],
  ['Poller (200 environments × 50 tables on the local server, 60 s interval)', async () => (await import('./poller-bench')).runPollerBench()],
  ['CLI start (driftboard --help)', async () => (await import('./cli-start-bench')).runCliStartBench()],
  ['Demo start (first and second start to the first overview)', async () => (await import('./demo-start-bench')).runDemoStartBench()],
];

const only = process.argv[2];
for (const [title, run] of parts) {
  if (only && !title.toLowerCase().includes(only.toLowerCase())) continue;
  console.log(`\n== ${title}`);
  await run();
}

// Pools and embedded databases opened by the parts need not hold the process open.
process.exit(0);

export {};
