import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type TargetDb } from '../db';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { RICH_DDL } from './fixtures.test-helpers';
import { introspect } from './index';

let t: TestDatabase;
let observer: pg.Client;

/** Scans and tuple reads of every user table, as the statistics collector counts them. */
async function userTableReads(): Promise<Record<string, number>> {
  const r = await observer.query<{ relname: string; reads: string }>(`
    select schemaname || '.' || relname as relname,
           (coalesce(seq_scan, 0) + coalesce(idx_scan, 0) + coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::text as reads
    from pg_stat_user_tables order by 1`);
  return Object.fromEntries(r.rows.map((x) => [x.relname, Number(x.reads)]));
}

/** Makes the target's backend publish its pending table statistics before its next ReadyForQuery. */
async function flushStats(db: TargetDb): Promise<void> {
  await db.query('select pg_stat_force_next_flush()');
}

beforeAll(async () => {
  t = await createTestDatabase('dbt_safety');
  await t.exec(RICH_DDL);
  await t.exec(`insert into public.users (email) select 'u' || g || '@x.io' from generate_series(1, 50) g; analyze`);
  observer = new pg.Client({ connectionString: t.url });
  await observer.connect();
});

afterAll(async () => {
  await observer?.end();
  await t?.drop();
});

describe('introspection safety', () => {
  it('reads no row of a user table (and the check can see a read when there is one)', async () => {
    const db = await openTarget(t.url);
    try {
      await flushStats(db);
      const before = await userTableReads();
      expect(Object.keys(before)).toContain('public.users');

      const snap = await introspect(db);
      expect(snap.schema.tables.length).toBeGreaterThan(5);
      await flushStats(db);
      expect(await userTableReads()).toEqual(before);

      // Control: one real read on the same session is visible to the same check.
      await db.query('select count(*) from public.users');
      await flushStats(db);
      const after = await userTableReads();
      expect(after['public.users']).toBeGreaterThan(before['public.users']);
    } finally {
      await db.close();
    }
  });

  it('runs read-only, repeatable read, with timeouts, as application driftboard', async () => {
    const db = await openTarget(t.url);
    const seen: string[] = [];
    let settings: Record<string, string> | undefined;
    let writeError: { code?: string } | undefined;
    // A real connection with a recording shim: on the first catalog query, look at the session and
    // try a write inside a savepoint (so the rejected write does not abort the introspection).
    const spy: TargetDb = {
      ...db,
      query: async <T,>(sql: string, params?: unknown[]) => {
        if (!settings) {
          const r = await db.query<Record<string, string>>(`
            select current_setting('transaction_read_only') as read_only,
                   current_setting('transaction_isolation') as isolation,
                   current_setting('application_name') as application_name,
                   current_setting('statement_timeout') as statement_timeout,
                   current_setting('lock_timeout') as lock_timeout`);
          settings = r.rows[0];
          await db.query('savepoint probe');
          writeError = await db.query('create table public.should_not_exist (x int)').then(
            () => undefined,
            (err: { code?: string }) => err,
          );
          await db.query('rollback to savepoint probe');
        }
        seen.push(sql);
        return db.query<T>(sql, params);
      },
    };
    try {
      await introspect(spy, { statementTimeoutMs: 4321 });
    } finally {
      await db.close();
    }
    expect(settings).toEqual({
      read_only: 'on',
      isolation: 'repeatable read',
      application_name: 'driftboard',
      statement_timeout: '4321ms',
      lock_timeout: '2s',
    });
    expect(writeError?.code).toBe('25006'); // read_only_sql_transaction
    // A handful of set-based queries, whatever the number of tables.
    expect(seen.length).toBeLessThanOrEqual(12);
    for (const sql of seen) expect(sql).not.toMatch(/count\(\*\)|from\s+public\./i);
  });
});
