import pg from 'pg';
import { randomBytes } from 'node:crypto';

/** The local PostgreSQL the tests use (trust auth). Override with DRIFTBOARD_TEST_PG. */
export const ADMIN_URL = process.env.DRIFTBOARD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL as the owner (read-write), for building scenarios. */
  exec(sql: string): Promise<void>;
  drop(): Promise<void>;
}

function urlFor(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates a fresh, uniquely named database; `drop()` removes it (call it in afterAll / finally). */
export async function createTestDatabase(prefix = 'dbt'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`.toLowerCase();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  return {
    name,
    url,
    async exec(sql: string) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    },
    async drop() {
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
