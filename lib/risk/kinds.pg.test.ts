/**
 * Against real PostgreSQL: the lock each new-kind rule reports is the one the server takes on the
 * table (read from pg_locks inside a transaction that is rolled back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { LockMode } from '../model/risk';
import { createTestDatabase } from '../testing/pg-test-db';
import type { TestDatabase } from '../testing/pg-test-db';
import { analyzeMigration } from '.';
import { contextWith, migrationFromSql, stats } from './fixtures';

let db: TestDatabase;
const role = `kinds_risk_app_${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  db = await createTestDatabase('riskkinds');
  await db.exec(`
    CREATE ROLE ${role};
    CREATE TABLE users (id int, email text);
    CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE TRIGGER users_audit BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION audit();
    GRANT SELECT ON users TO ${role};
  `);
});

afterAll(async () => {
  await db?.drop();
  const c = new pg.Client({ connectionString: db.url.replace(/\/[^/]*$/, '/postgres') });
  await c.connect();
  await c.query(`DROP ROLE IF EXISTS ${role}`).finally(() => c.end());
});

const PG_MODES: Record<string, LockMode> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};
const ORDER = Object.values(PG_MODES);

/** The strongest lock `sql` takes on `users`, or null when it takes none. */
async function strongestLock(sql: string): Promise<LockMode | null> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(sql);
    const { rows } = await c.query<{ mode: string }>(
      "SELECT mode FROM pg_locks WHERE relation = 'users'::regclass AND pid = pg_backend_pid()",
    );
    await c.query('ROLLBACK');
    const modes = rows.map((r) => PG_MODES[r.mode]).sort((a, b) => ORDER.indexOf(b) - ORDER.indexOf(a));
    return modes[0] ?? null;
  } finally {
    await c.end();
  }
}

describe('lock modes of the trigger, row security and privilege rules', () => {
  it.each([
    ['create-trigger-lock', 'CREATE TRIGGER t2 BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION audit()'],
    ['drop-trigger-lock', 'DROP TRIGGER users_audit ON users'],
    ['row-level-security-toggle', 'ALTER TABLE users ENABLE ROW LEVEL SECURITY'],
    ['revoke-privilege', `REVOKE SELECT ON users FROM ${role}`],
  ])('%s reports the lock PostgreSQL takes', async (rule, sql) => {
    const r = await analyzeMigration(migrationFromSql([sql]), contextWith([stats('users', 10, 8192)]));
    const [f] = r.findings.filter((x) => x.rule === rule);
    expect(f).toBeDefined();
    expect(f.lock).toBe(await strongestLock(sql));
  });
});
