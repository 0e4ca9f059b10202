/**
 * Against real PostgreSQL: sizes read from pg_class (never count(*)) make the same CREATE INDEX rate
 * higher on a 200,000-row table than on an empty one, and the rewrite estimate grows with the table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { TableStats } from '../model/schema';
import { createTestDatabase } from '../testing/pg-test-db';
import type { TestDatabase } from '../testing/pg-test-db';
import { analyzeMigration, analyzeMigrations, compareRisk, estimateBlockingSeconds, tableStatsIndex } from '.';
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

describe('ALTER COLUMN … TYPE verdicts match what PostgreSQL does (relfilenode changes on a rewrite)', () => {
  const CREATE = 'CREATE TABLE conv (id serial PRIMARY KEY, n integer, name varchar(50), price numeric(10,2), ip cidr, at timestamp(3))';
  const cases: Array<[string, boolean]> = [
    ['ALTER TABLE conv ALTER COLUMN n TYPE numeric(12,2)', true],
    ['ALTER TABLE conv ALTER COLUMN n TYPE text', true],
    ['ALTER TABLE conv ALTER COLUMN id TYPE text', true],
    ['ALTER TABLE conv ALTER COLUMN n TYPE bigint', true],
    ['ALTER TABLE conv ALTER COLUMN name TYPE varchar(20)', true],
    ['ALTER TABLE conv ALTER COLUMN price TYPE numeric(12,3)', true],
    ['ALTER TABLE conv ALTER COLUMN name TYPE text USING upper(name)', true],
    ['ALTER TABLE conv ALTER COLUMN name TYPE varchar(200)', false],
    ['ALTER TABLE conv ALTER COLUMN name TYPE text', false],
    ['ALTER TABLE conv ALTER COLUMN name TYPE text USING name::text', false],
    ['ALTER TABLE conv ALTER COLUMN price TYPE numeric(14,2)', false],
    ['ALTER TABLE conv ALTER COLUMN price TYPE numeric', false],
    ['ALTER TABLE conv ALTER COLUMN ip TYPE inet', false],
    ['ALTER TABLE conv ALTER COLUMN at TYPE timestamp(6)', false],
  ];

  it.each(cases)('%s: rewrite=%s, by the rating and by PostgreSQL', async (alter, rewrites) => {
    // Rated as lint does, with the old type known only from the CREATE TABLE migration before it.
    const [, rated] = await analyzeMigrations(
      [migrationFromSql([CREATE], { id: '1' }), migrationFromSql([alter], { id: '2' })],
      undefined,
      { history: true },
    );
    const claimed = rated.findings.some((f) => f.rule === 'alter-column-type' && f.rewrite);
    expect(rated.findings.some((f) => f.rule === 'alter-column-type-possible-rewrite')).toBe(false);

    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query('DROP TABLE IF EXISTS conv');
      await c.query(CREATE);
      await c.query("INSERT INTO conv (n, name, price, ip, at) SELECT g, 'n' || g, g, '10.0.0.0/8', now() FROM generate_series(1, 100) g");
      const node = async () => (await c.query<{ f: string }>("SELECT pg_relation_filenode('conv') AS f")).rows[0].f;
      const before = await node();
      await c.query(alter);
      const after = await node();
      expect(after !== before).toBe(rewrites);
    } finally {
      await c.end();
    }
    expect(claimed).toBe(rewrites);
  });
});
