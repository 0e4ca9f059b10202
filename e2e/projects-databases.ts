import pg from 'pg';
import { ADMIN_URL } from '../lib/testing/pg-test-db';

/** Prefix of the databases e2e/projects-server.ts creates (lib/testing/two-projects.ts). */
export const PROJECTS_DB_PREFIX = 'dbt_2pe2e';

/** Drops every database with the prefix: this run's at the end, or ones a killed earlier run left. */
export async function dropProjectsDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${PROJECTS_DB_PREFIX}\\_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
