/**
 * Two projects on one dashboard, built for real: "billing" (golang-migrate SQL files applied with psql, each
 * in its own transaction, version in schema_migrations) with production at head and staging one behind, and
 * "accounts" (an Alembic project upgraded by the real Alembic) whose production also exists under that
 * name and was changed by hand. Shared by the API, CLI and browser tests of the `projects` config.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from './pg-test-db';
import { runAlembic, writeAlembicProject } from './alembic';
import { SCENARIO_MIGRATIONS } from '../status/scenario.test-helpers';

export const BILLING_MIGRATIONS = [
  ['000001_create_invoices', 'CREATE TABLE invoices (\n  id bigserial PRIMARY KEY,\n  customer text NOT NULL,\n  total_cents bigint NOT NULL\n);\n'],
  ['000002_invoice_status', "ALTER TABLE invoices ADD COLUMN status text NOT NULL DEFAULT 'draft';\n"],
  ['000003_invoice_customer_index', 'CREATE INDEX invoices_customer_idx ON invoices (customer);\n'],
] as const;

export const ACCOUNTS_HEAD = SCENARIO_MIGRATIONS[SCENARIO_MIGRATIONS.length - 1].rev;

export interface TwoProjects {
  dir: string;
  configFile: string;
  /** The config as written (environment URLs included). */
  config: unknown;
  drop(): Promise<void>;
}

function psqlApply(db: TestDatabase, upTo: number): void {
  const files = BILLING_MIGRATIONS.slice(0, upTo).map(([, sql]) => `BEGIN;\n${sql}COMMIT;\n`);
  const version = Number(BILLING_MIGRATIONS[upTo - 1][0].slice(0, 6));
  const script = [
    ...files,
    `CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);\nINSERT INTO schema_migrations VALUES (${version}, false);\n`,
  ].join('');
  execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-X', db.url], { input: script, stdio: ['pipe', 'ignore', 'inherit'] });
}

/** Builds both projects and their three databases; `drop()` removes them and the folder. */
export async function buildTwoProjects(prefix = 'dbt_2p'): Promise<TwoProjects> {
  const dir = await mkdtemp(join(tmpdir(), 'driftboard-two-projects-'));
  const [billingProd, billingStaging, accountsProd] = await Promise.all([createTestDatabase(prefix), createTestDatabase(prefix), createTestDatabase(prefix)]);
  const drop = async () => {
    await Promise.all([billingProd.drop(), billingStaging.drop(), accountsProd.drop()]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await mkdir(join(dir, 'billing', 'migrations'), { recursive: true });
    await Promise.all(BILLING_MIGRATIONS.map(([name, sql]) => writeFile(join(dir, 'billing', 'migrations', `${name}.up.sql`), sql)));
    psqlApply(billingProd, 3);
    psqlApply(billingStaging, 2);

    const versions = join(dir, 'accounts', 'alembic', 'versions');
    await writeAlembicProject(versions, SCENARIO_MIGRATIONS);
    await runAlembic(versions, accountsProd.url, 'upgrade', 'head');
    // A hand-made change no migration knows about.
    await accountsProd.exec('ALTER TABLE users ADD COLUMN legacy_code text');

    const config = {
      projects: [
        {
          name: 'billing',
          migrations: { tool: 'sql', path: './billing/migrations' },
          environments: [
            { name: 'production', url: billingProd.url },
            { name: 'staging', url: billingStaging.url },
          ],
        },
        { name: 'accounts', migrations: { tool: 'alembic', path: './accounts/alembic/versions' }, environments: [{ name: 'production', url: accountsProd.url }] },
      ],
    };
    const configFile = join(dir, 'driftboard.config.json');
    await writeFile(configFile, JSON.stringify(config, null, 2));
    return { dir, configFile, config, drop };
  } catch (err) {
    await drop();
    throw err;
  }
}
