import type { PGlite } from '@electric-sql/pglite';
import type { Migration } from '../model/migration';
import type { DemoStep } from './scenario';
import { PRODUCTION_EVENT_ROWS } from './scenario';

/**
 * Part of the demo cache key (lib/demo/cache.ts): bump it when what a step builds changes in code here
 * (DemoDatabase, loadRows), so kept databases are rebuilt. Project files and the scenario are hashed as they are.
 */
export const DEMO_BUILD_VERSION = 1;

/** The DDL Alembic 1.8 itself runs for its version table. */
const ALEMBIC_VERSION_DDL =
  'CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))';

/** A demo database being brought to its state step by step; remembers which migrations it has run. */
export class DemoDatabase {
  private applied = 0;

  constructor(
    readonly db: PGlite,
    private readonly migrations: readonly Migration[],
  ) {}

  /** Applies one scenario step (an `outage` changes nothing in the database). */
  async apply(step: DemoStep): Promise<void> {
    switch (step.kind) {
      case 'migrate':
        return this.migrateTo(step.to);
      case 'manual':
        await this.db.exec(step.sql);
        return;
      case 'data':
        return loadRows(this.db, step.rows);
      case 'outage':
        return;
    }
  }

  /** Runs the statements Driftboard read from the migration files, as `alembic upgrade <to>` would. */
  private async migrateTo(to: string): Promise<void> {
    const target = this.migrations.findIndex((m) => m.id === to);
    if (target < 0) throw new Error(`demo: revision ${to} is not in the bundled project`);
    if (target < this.applied) throw new Error(`demo: cannot migrate back to ${to}`);
    await this.db.exec(ALEMBIC_VERSION_DDL);
    for (; this.applied <= target; this.applied++) {
      for (const statement of this.migrations[this.applied].statements) await this.db.exec(statement.sql);
    }
    await this.db.query('DELETE FROM alembic_version');
    await this.db.query('INSERT INTO alembic_version (version_num) VALUES ($1)', [to]);
  }
}

const SIZES = {
  small: { organizations: 3, users: 12, projects: 8, orders: 40, events: 2_000 },
  medium: { organizations: 40, users: 2_500, projects: 300, orders: 8_000, events: 60_000 },
  large: { organizations: 400, users: 30_000, projects: 3_000, orders: 60_000, events: PRODUCTION_EVENT_ROWS },
} as const;

/**
 * Fills the app's tables with plausible rows and ANALYZEs, so table sizes (and the risk of an index
 * build on production's events table) come from real statistics. Loaded the way pg_restore does a bulk
 * load: foreign-key triggers off, events' primary key rebuilt after the rows (same name, same definition).
 * Events rows are as cheap as possible (Driftboard never reads rows, only their count and size):
 * a million of them is most of the demo's start time.
 */
async function loadRows(db: PGlite, size: keyof typeof SIZES): Promise<void> {
  const n = SIZES[size];
  await db.exec(`
    SET session_replication_role = replica;
    INSERT INTO organizations (id, name, slug, plan)
      SELECT g, 'Organization ' || g, 'org-' || g, (ARRAY['free', 'team', 'business'])[1 + g % 3]
      FROM generate_series(1, ${n.organizations}) g;
    INSERT INTO users (id, organization_id, email, full_name)
      SELECT g, 1 + g % ${n.organizations}, 'user' || g || '@example.com', 'User ' || g
      FROM generate_series(1, ${n.users}) g;
    INSERT INTO projects (id, organization_id, name, slug)
      SELECT g, 1 + g % ${n.organizations}, 'Project ' || g, 'project-' || g
      FROM generate_series(1, ${n.projects}) g;
    INSERT INTO orders (id, organization_id, user_id, status, total_cents, currency, created_at)
      SELECT g, 1 + g % ${n.organizations}, 1 + g % ${n.users},
             (ARRAY['pending', 'paid', 'shipped', 'cancelled'])[1 + g % 4]::order_status,
             500 + (g * 7919) % 100000, 'USD', now() - g * interval '5 minutes'
      FROM generate_series(1, ${n.orders}) g;
    ALTER TABLE events DROP CONSTRAINT events_pkey;
    INSERT INTO events (id, organization_id, kind, created_at)
      SELECT g, 1 + g % ${n.organizations}, 'user.login', TIMESTAMPTZ '2024-06-01 00:00:00+00'
      FROM generate_series(1, ${n.events}) g;
    ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id);
    SET session_replication_role = DEFAULT;
    SELECT setval('organizations_id_seq', ${n.organizations});
    SELECT setval('users_id_seq', ${n.users});
    SELECT setval('projects_id_seq', ${n.projects});
    SELECT setval('orders_id_seq', ${n.orders});
    SELECT setval('events_id_seq', ${n.events});
    ANALYZE;
  `);
}
