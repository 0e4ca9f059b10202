/**
 * Against real PostgreSQL: sizes read from pg_class (never count(*)) make the same CREATE INDEX rate
 * higher on a 200,000-row table than on an empty one, and the rewrite estimate grows with the table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { TableStats } from '../model/schema';
import { createTestDatabase } from '../testing/pg-test-db';
import type { TestDatabase } from '../testing/pg-test-db';
import { analyzeMigration, compareRisk, estimateBlockingSeconds, tableStatsIndex } from '.';
import { migrationFromSql } from './fixtures';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('risk');
  await db.exec(`
    CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, payload text);
    INSERT INTO events SELECT g, 'kind' || (g % 10), repeat('x', 40) FROM generate_series(1, 200000) g;
    CREATE TABLE empty_events (id bigint PRIMARY KEY, kind text NOT NULL, payload text);
    ANALYZE events; ANALYZE empty_events;
  `);
});

afterAll(async () => {
  await db?.drop();
});

async function readStats(): Promise<{ stats: TableStats[]; serverVersion: number }> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const { rows } = await c.query<{ schema: string; table: string; reltuples: number; bytes: string }>(`
      SELECT n.nspname AS schema, c.relname AS table, c.reltuples::float8 AS reltuples,
             c.relpages::bigint * current_setting('block_size')::bigint AS bytes
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public'`);
    const v = await c.query<{ v: string }>('SHOW server_version_num');
    return {
      serverVersion: Number(v.rows[0].v),
      stats: rows.map((r) => ({
        schema: r.schema,
        table: r.table,
        rows: Math.max(0, Math.round(r.reltuples)),
        bytes: Number(r.bytes),
        analyzed: r.reltuples >= 0,
      })),
    };
  } finally {
    await c.end();
  }
}

describe('rating with live table statistics', () => {
  it('CREATE INDEX on a 200,000-row table rates higher than on an empty table', async () => {
    const { stats, serverVersion } = await readStats();
    const events = stats.find((s) => s.table === 'events')!;
    expect(events.rows).toBeGreaterThan(150_000);
    expect(events.bytes).toBeGreaterThan(5 * 1024 * 1024);
    const ctx = { serverVersion, tableStats: tableStatsIndex(stats) };

    const big = await analyzeMigration(migrationFromSql(['CREATE INDEX events_kind_idx ON events (kind)']), ctx);
    const empty = await analyzeMigration(migrationFromSql(['CREATE INDEX empty_kind_idx ON public.empty_events (kind)']), ctx);
    expect(big.risk).toBe('medium');
    expect(empty.risk).toBe('low');
    expect(compareRisk(big.risk, empty.risk)).toBeGreaterThan(0);
    expect(big.findings[0].message).toMatch(/events \(~200k rows, \d+\.\d MB\)/);
    expect(estimateBlockingSeconds(big.findings[0], ctx)).toBeGreaterThan(0);
  });

  it('NOT NULL without a default is critical on the populated table and low on the empty one', async () => {
    const { stats, serverVersion } = await readStats();
    const ctx = { serverVersion, tableStats: tableStatsIndex(stats) };
    const add = (t: string) => migrationFromSql([`ALTER TABLE ${t} ADD COLUMN tenant bigint NOT NULL`]);
    expect((await analyzeMigration(add('events'), ctx)).risk).toBe('critical');
    expect((await analyzeMigration(add('empty_events'), ctx)).risk).toBe('low');
    // and PostgreSQL agrees: it fails on the populated table, works on the empty one
    await expect(db.exec('ALTER TABLE events ADD COLUMN tenant bigint NOT NULL')).rejects.toThrow(/contains null values/);
    await db.exec('ALTER TABLE empty_events ADD COLUMN tenant bigint NOT NULL');
  });
});
