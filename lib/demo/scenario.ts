/**
 * How the demo's three environments got where they are, as the ordered steps a real team would have
 * taken. startDemo applies every step to build the live databases; seedDemoHistory replays the same
 * steps on a scratch database and records a real check after each, at the step's (simulated) time.
 */

export const DEMO_ENVIRONMENTS = ['local', 'staging', 'production'] as const;
export type DemoEnvironment = (typeof DEMO_ENVIRONMENTS)[number];

/** The bundled project's revisions, oldest first (lib/demo/project/versions). */
export const DEMO_REVISIONS = [
  '4b1c9e2d7a10', // create organizations and users
  '9f3e6a1b2c84', // create projects
  'c5d2a8e41f07', // create orders with an order_status enum
  '2e7b4f9c0d13', // create events (audit log)
  '7a0d3c5e9b26', // add user profile fields
  'e8c1f4a2d695', // rename users.name to full_name
  'b3f9d0e6a471', // add 'refunded' to order_status (empty downgrade)
  '5d8a2c7f1e39', // index events by organization and time (plain CREATE INDEX)
  'f0e4b6a9c358', // orders: currency required (SET NOT NULL), tax amount
  'a6c3e9d2b814', // soft delete for orders, partial index
] as const;

export const DEMO_HEAD = DEMO_REVISIONS[DEMO_REVISIONS.length - 1];

/** Rows loaded into production's events table: above the risk rules' "large" threshold (1,000,000). */
export const PRODUCTION_EVENT_ROWS = 1_050_000;

/** The columns a hotfix on production dropped by hand, although 7a0d3c5e9b26 (applied) created them. */
export const GHOST_MIGRATION = '7a0d3c5e9b26';
export const GHOST_COLUMNS = ['avatar_url', 'timezone'] as const;

/** The column a developer added to their local database by hand. */
export const LOCAL_EXTRA_COLUMN = { table: 'orders', column: 'internal_note' } as const;

/**
 * A URL nothing listens on (port 9, discard): refused at once, like a database that is down. It carries
 * a password on purpose: the e2e tests check that it never reaches a page or the API.
 */
export const UNREACHABLE_PASSWORD = 'demo-Secret-9f2c';
export const UNREACHABLE_URL = `postgres://demo:${UNREACHABLE_PASSWORD}@127.0.0.1:9/unreachable`;

export type DemoStep =
  /** Apply the next migrations up to and including `to`, and set alembic_version to it. */
  | { kind: 'migrate'; to: string; hoursAgo: number }
  /** SQL run by hand, outside the migrations (changes the schema). */
  | { kind: 'manual'; sql: string; hoursAgo: number }
  /** The environment could not be reached for a while (history only). */
  | { kind: 'outage'; hoursAgo: number; hours: number }
  /** Rows and statistics: live databases only, they are not part of the schema. */
  | { kind: 'data'; rows: 'small' | 'medium' | 'large' };

const DAY = 24;

function migrations(upTo: string, startHoursAgo: number, everyHours: number): DemoStep[] {
  const last = DEMO_REVISIONS.indexOf(upTo as (typeof DEMO_REVISIONS)[number]);
  if (last < 0) throw new Error(`demo scenario names an unknown revision ${upTo}`);
  return DEMO_REVISIONS.slice(0, last + 1).map((to, i) => ({ kind: 'migrate', to, hoursAgo: startHoursAgo - i * everyHours }));
}

export const DEMO_SCENARIO: Record<DemoEnvironment, DemoStep[]> = {
  // Four migrations behind; a hotfix dropped the profile columns by hand; one short outage.
  production: [
    ...migrations('e8c1f4a2d695', 13 * DAY, 2 * DAY),
    {
      kind: 'manual',
      sql: `ALTER TABLE users DROP COLUMN ${GHOST_COLUMNS[0]}, DROP COLUMN ${GHOST_COLUMNS[1]}`,
      hoursAgo: 2 * DAY + 5,
    },
    { kind: 'outage', hoursAgo: DAY + 3, hours: 2 },
    { kind: 'data', rows: 'large' },
  ],
  // One migration behind: the release candidate is waiting for sign-off.
  staging: [...migrations('f0e4b6a9c358', 12 * DAY, 30), { kind: 'data', rows: 'medium' }],
  // At head, plus a column added while debugging.
  local: [
    ...migrations(DEMO_HEAD, 3 * DAY, 6),
    { kind: 'manual', sql: `ALTER TABLE ${LOCAL_EXTRA_COLUMN.table} ADD COLUMN ${LOCAL_EXTRA_COLUMN.column} text`, hoursAgo: 5 },
    { kind: 'data', rows: 'small' },
  ],
};

/** The alembic_version each environment ends at. */
export function finalVersion(env: DemoEnvironment): string {
  const steps = DEMO_SCENARIO[env].filter((s): s is Extract<DemoStep, { kind: 'migrate' }> => s.kind === 'migrate');
  return steps[steps.length - 1].to;
}
