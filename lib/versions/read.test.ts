import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import type { Migration, MigrationSet } from '../model/migration';
import { buildMigrationSet, pendingMigrations } from '../migrations/graph';
import { loadPrismaMigrations } from '../migrations/prisma';
import { loadSqlMigrations } from '../migrations/sql';
import { flywayChecksum } from '../migrations/sql/flyway';
import { appliedIds, readVersionState, VERSION_TABLE_NAMES } from '.';
import { PRISMA_MIGRATIONS_DDL } from './ddl';
import { fixtureDirs } from '../testing/fixture-dir';

// The version tables exactly as each tool creates them on PostgreSQL.
const ALEMBIC_DDL = `CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`;
const PRISMA_DDL = PRISMA_MIGRATIONS_DDL;
const FLYWAY_DDL = `CREATE TABLE "public"."flyway_schema_history" (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
);
ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success")`;
const GOLANG_MIGRATE_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (version bigint not null primary key, dirty boolean not null)`;
const DBMATE_DDL = `create table if not exists schema_migrations (version varchar(128) primary key)`;

let db: TestDatabase;
let client: pg.Client;
const fixtures = fixtureDirs('versions-');
const fixture = fixtures.write;

beforeAll(async () => {
  db = await createTestDatabase('dbt_versions');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
  await fixtures.cleanup();
});
beforeEach(async () => {
  await client.query('DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS app CASCADE; CREATE SCHEMA public;');
});

describe('VERSION_TABLE_NAMES', () => {
  it('lists every version table', () => {
    expect([...VERSION_TABLE_NAMES].sort()).toEqual(['_prisma_migrations', 'alembic_version', 'flyway_schema_history', 'schema_migrations']);
  });
});

describe('alembic_version', () => {
  // base ─ a1 ─ b1 ─┬─ c1 (branch x)
  //                 └─ c2 (branch y)
  function alembicSet(): MigrationSet {
    const m = (id: string, parents: string[]): Migration => ({
      id, description: id, tool: 'alembic', file: `/project/versions/${id}.py`, parents, dependsOn: [], branchLabels: [],
      statements: [], downStatements: [], reversible: true, unanalyzed: [], checksum: '', meta: {},
    });
    return buildMigrationSet('alembic', '/project/versions', [m('a1', []), m('b1', ['a1']), m('c1', ['b1']), m('c2', ['b1'])]);
  }

  it('reports no table, an empty table and a known revision', async () => {
    const set = alembicSet();
    expect(await readVersionState(client, set)).toMatchObject({ tool: 'alembic', table: null, state: 'no-version-table', current: [], applied: [] });
    await client.query(ALEMBIC_DDL);
    expect(await readVersionState(client, set)).toMatchObject({ table: 'public.alembic_version', state: 'empty', current: [] });
    await client.query(`INSERT INTO alembic_version VALUES ('b1')`);
    const state = await readVersionState(client, set);
    expect(state).toEqual({ tool: 'alembic', table: 'public.alembic_version', state: 'ok', current: ['b1'], applied: ['b1'], problems: [] });
    expect([...appliedIds(state, set)].sort()).toEqual(['a1', 'b1']);
    expect(pendingMigrations(set, state.applied).map((m) => m.id)).toEqual(['c1', 'c2']);
  });

  it('accepts several rows that are heads of branches, refuses rows on one line', async () => {
    const set = alembicSet();
    await client.query(ALEMBIC_DDL);
    await client.query(`INSERT INTO alembic_version VALUES ('c2'), ('c1')`);
    const branched = await readVersionState(client, set);
    expect(branched).toMatchObject({ state: 'ok', current: ['c1', 'c2'] });
    expect([...appliedIds(branched, set)].sort()).toEqual(['a1', 'b1', 'c1', 'c2']);

    await client.query(`DELETE FROM alembic_version; INSERT INTO alembic_version VALUES ('a1'), ('c1')`);
    const bad = await readVersionState(client, set);
    expect(bad.state).toBe('multiple-rows');
    expect(bad.problems[0]).toMatch(/a1 is an ancestor of c1/);
  });

  it('names a revision the code does not know, in whichever schema the table lives', async () => {
    await client.query(`CREATE SCHEMA app; SET search_path = app; ${ALEMBIC_DDL}; RESET search_path; INSERT INTO app.alembic_version VALUES ('ffff0000')`);
    const state = await readVersionState(client, alembicSet());
    expect(state).toMatchObject({ table: 'app.alembic_version', state: 'unknown-version', current: ['ffff0000'] });
    expect(state.problems[0]).toMatch(/revision ffff0000.*not among the migrations in \/project\/versions/);
  });
});

describe('version table lookup', () => {
  it('prefers public when several schemas hold the table, and names a table of the wrong shape', async () => {
    await client.query(`CREATE SCHEMA app; CREATE TABLE app.alembic_version (version_num varchar(32) PRIMARY KEY); INSERT INTO app.alembic_version VALUES ('zz')`);
    await client.query(`${ALEMBIC_DDL}; INSERT INTO alembic_version VALUES ('a1')`);
    const set = buildMigrationSet('alembic', '/p', [
      { id: 'a1', description: '', tool: 'alembic', file: '/p/a1.py', parents: [], dependsOn: [], branchLabels: [], statements: [], downStatements: [], reversible: true, unanalyzed: [], checksum: '', meta: {} },
    ]);
    const state = await readVersionState(client, set);
    expect(state).toMatchObject({ table: 'public.alembic_version', state: 'ok', current: ['a1'] });
    expect(state.problems).toEqual(['alembic_version also exists in schema app; public.alembic_version was read']);

    await client.query(`DROP SCHEMA app CASCADE; DROP TABLE alembic_version; CREATE TABLE alembic_version (id int)`);
    await expect(readVersionState(client, set)).rejects.toThrow(/^cannot read version table public.alembic_version: column "version_num" does not exist$/);
  });
});

describe('_prisma_migrations', () => {
  const INIT = 'CREATE TABLE "User" ("id" SERIAL NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n';
  const POSTS = 'CREATE TABLE "Post" ("id" SERIAL NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));\n';
  const TAGS = 'CREATE TABLE "Tag" ("id" SERIAL NOT NULL);\n';
  async function prismaSet(): Promise<MigrationSet> {
    return loadPrismaMigrations(
      await fixture({ '20240101000000_init/migration.sql': INIT, '20240102000000_posts/migration.sql': POSTS, '20240103000000_tags/migration.sql': TAGS }),
    );
  }
  async function row(set: MigrationSet, name: string, opts: { finished?: boolean; rolledBack?: boolean; checksum?: string; logs?: string; at: string }) {
    const m = set.migrations.find((x) => x.id === name);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, 1)`,
      [opts.checksum ?? m!.checksum, opts.finished === false ? null : opts.at, name, opts.logs ?? null, opts.rolledBack ? opts.at : null, opts.at],
    );
  }

  it('reads applied migrations and what is pending', async () => {
    const set = await prismaSet();
    expect((await readVersionState(client, set)).state).toBe('no-version-table');
    await client.query(PRISMA_DDL);
    expect((await readVersionState(client, set)).state).toBe('empty');
    await row(set, '20240101000000_init', { at: '2024-01-01T00:00:00Z' });
    await row(set, '20240102000000_posts', { at: '2024-01-02T00:00:00Z' });
    const state = await readVersionState(client, set);
    expect(state).toEqual({
      tool: 'prisma', table: 'public._prisma_migrations', state: 'ok',
      current: ['20240102000000_posts'], applied: ['20240101000000_init', '20240102000000_posts'], problems: [],
    });
    expect(pendingMigrations(set, appliedIds(state, set)).map((m) => m.id)).toEqual(['20240103000000_tags']);
  });

  it('reports a failed migration, a rolled-back one, an edited file and an unknown name', async () => {
    const set = await prismaSet();
    await client.query(PRISMA_DDL);
    await row(set, '20240101000000_init', { at: '2024-01-01T00:00:00Z' });
    await row(set, '20240102000000_posts', { at: '2024-01-02T00:00:00Z', rolledBack: true });
    const rolled = await readVersionState(client, set);
    expect(rolled).toMatchObject({ state: 'ok', applied: ['20240101000000_init'] });
    expect(rolled.problems).toEqual([expect.stringMatching(/20240102000000_posts was rolled back .* not applied/)]);

    await row(set, '20240102000000_posts', { at: '2024-01-02T01:00:00Z', checksum: 'a'.repeat(64) });
    const edited = await readVersionState(client, set);
    expect(edited.state).toBe('checksum-mismatch');
    expect(edited.problems[0]).toMatch(/20240102000000_posts was edited after it was applied/);

    await row(set, '20231231000000_other_branch', { at: '2024-01-02T02:00:00Z', checksum: 'b'.repeat(64) });
    expect((await readVersionState(client, set)).state).toBe('unknown-version');

    await row(set, '20240103000000_tags', { at: '2024-01-03T00:00:00Z', finished: false, logs: 'Database error:\nrelation "Tag" already exists' });
    const failed = await readVersionState(client, set);
    expect(failed.state).toBe('failed');
    expect(failed.problems[0]).toMatch(/migration 20240103000000_tags failed \(started 2024-01-03T00:00:00.000Z\): Database error: relation "Tag" already exists; resolve/);
    expect(failed.applied).not.toContain('20240103000000_tags');
  });
});

describe('flyway_schema_history', () => {
  const FILES: Record<string, string> = {
    'V1__init.sql': 'CREATE TABLE a (\n  id int\n);\n',
    'V1.1__b.sql': 'CREATE TABLE b (id int);',
    'V2__c.sql': 'CREATE TABLE c (id int);',
  };
  async function flywaySet(): Promise<MigrationSet> {
    return loadSqlMigrations(await fixture(FILES));
  }
  async function history(...rows: Array<[number, string | null, string, string, boolean, number?]>) {
    for (const [rank, version, type, script, success, checksum] of rows) {
      await client.query(
        `INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
         VALUES ($1, $2, 'd', $3, $4, $5, 'postgres', 7, $6)`,
        [rank, version, type, script, checksum ?? flywayChecksum(FILES[script] ?? ''), success],
      );
    }
  }

  it('reads applied versions, a baseline, failures and unknown versions', async () => {
    const set = await flywaySet();
    expect((await readVersionState(client, set)).state).toBe('no-version-table');
    await client.query(FLYWAY_DDL);
    expect((await readVersionState(client, set)).state).toBe('empty');

    await history([1, '1', 'SQL', 'V1__init.sql', true], [2, '1.1', 'SQL', 'V1.1__b.sql', true], [3, null, 'SQL', 'R__views.sql', true]);
    const ok = await readVersionState(client, set);
    expect(ok).toEqual({ tool: 'sql', table: 'public.flyway_schema_history', state: 'ok', current: ['1.1'], applied: ['1', '1.1'], problems: [] });
    expect(pendingMigrations(set, appliedIds(ok, set)).map((m) => m.id)).toEqual(['2']);

    await history([4, '2', 'SQL', 'V2__c.sql', false]);
    const failed = await readVersionState(client, set);
    expect(failed).toMatchObject({ state: 'failed', applied: ['1', '1.1'] });
    expect(failed.problems[0]).toMatch(/migration 2 \(V2__c.sql\) failed/);

    await client.query('DELETE FROM flyway_schema_history');
    await history([1, '1.1', 'BASELINE', '<< Flyway Baseline >>', true], [2, '3.0', 'SQL', 'V3.0__future.sql', true]);
    const unknown = await readVersionState(client, set);
    expect(unknown).toMatchObject({ state: 'unknown-version', current: ['3.0'], applied: ['1', '1.1', '3.0'] });
    expect(unknown.problems[0]).toMatch(/records version 3.0, which is not in/);
  });

  it('computes Flyway\'s line-based CRC32 and reports an edited file', async () => {
    // Values Flyway itself stores: CRC32 over UTF-8 lines without line breaks, as a signed int.
    expect(flywayChecksum('')).toBe(0);
    expect(flywayChecksum('hello')).toBe(907060870);
    expect(flywayChecksum('hel\nlo\n')).toBe(907060870);
    expect(flywayChecksum('\uFEFFhel\r\nlo')).toBe(907060870);
    expect(flywayChecksum('a')).toBe(-390611389); // CRC32 0xe8b7be43 read as a signed int

    const set = await flywaySet();
    await client.query(FLYWAY_DDL);
    await history([1, '1', 'SQL', 'V1__init.sql', true], [2, '1.1', 'SQL', 'V1.1__b.sql', true, -559038737]);
    const edited = await readVersionState(client, set);
    expect(edited).toMatchObject({ state: 'checksum-mismatch', applied: ['1', '1.1'] });
    expect(edited.problems).toEqual([expect.stringMatching(/^migration 1.1 was edited after it was applied \(Flyway checksum -559038737 differs from .*V1.1__b.sql\)$/)]);
  });
});

describe('schema_migrations (golang-migrate)', () => {
  async function golangSet(): Promise<MigrationSet> {
    return loadSqlMigrations(
      await fixture({
        '000001_init.up.sql': 'CREATE TABLE a (id int);', '000001_init.down.sql': 'DROP TABLE a;',
        '000002_b.up.sql': 'CREATE TABLE b (id int);', '000003_c.up.sql': 'CREATE TABLE c (id int);',
      }),
    );
  }

  it('reads the single row: ok, dirty, unknown, several rows, empty', async () => {
    const set = await golangSet();
    expect((await readVersionState(client, set)).state).toBe('no-version-table');
    await client.query(GOLANG_MIGRATE_DDL);
    expect((await readVersionState(client, set)).state).toBe('empty');
    await client.query(`INSERT INTO schema_migrations VALUES (2, false)`);
    const ok = await readVersionState(client, set);
    expect(ok).toEqual({ tool: 'sql', table: 'public.schema_migrations', state: 'ok', current: ['2'], applied: ['1', '2'], problems: [] });
    expect(pendingMigrations(set, appliedIds(ok, set)).map((m) => m.id)).toEqual(['3']);

    await client.query(`UPDATE schema_migrations SET version = 3, dirty = true`);
    const dirty = await readVersionState(client, set);
    expect(dirty).toMatchObject({ state: 'dirty', current: ['3'], applied: ['1', '2'] });
    expect(dirty.problems[0]).toMatch(/dirty at version 3/);

    await client.query(`UPDATE schema_migrations SET version = 20990101, dirty = false`);
    expect(await readVersionState(client, set)).toMatchObject({ state: 'unknown-version', applied: ['1', '2', '3'] });

    await client.query(`INSERT INTO schema_migrations VALUES (1, false)`);
    expect(await readVersionState(client, set)).toMatchObject({ state: 'multiple-rows', current: ['1', '20990101'] });
  });
});

describe('schema_migrations (dbmate)', () => {
  it('reads one row per applied migration, names unknown ones and gaps stay pending', async () => {
    const set = await loadSqlMigrations(
      await fixture({
        '20240101000000_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n',
        '20240102000000_b.sql': '-- migrate:up\nCREATE TABLE b (id int);\n',
        '20240103000000_c.sql': '-- migrate:up\nCREATE TABLE c (id int);\n',
      }),
    );
    expect((await readVersionState(client, set)).state).toBe('no-version-table');
    await client.query(DBMATE_DDL);
    expect((await readVersionState(client, set)).state).toBe('empty');
    await client.query(`INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240103000000')`);
    const ok = await readVersionState(client, set);
    expect(ok).toEqual({
      tool: 'sql', table: 'public.schema_migrations', state: 'ok',
      current: ['20240103000000'], applied: ['20240101000000', '20240103000000'], problems: [],
    });
    expect(pendingMigrations(set, appliedIds(ok, set)).map((m) => m.id)).toEqual(['20240102000000']);

    await client.query(`INSERT INTO schema_migrations VALUES ('20250101000000')`);
    const unknown = await readVersionState(client, set);
    expect(unknown).toMatchObject({ state: 'unknown-version', current: ['20250101000000'] });
    expect(unknown.problems).toEqual([expect.stringMatching(/records version 20250101000000, which is not in/)]);
  });

  it('says when the table has the other tool\'s shape', async () => {
    const set = await loadSqlMigrations(await fixture({ '20240101000000_a.sql': '-- migrate:up\nSELECT 1;\n' }));
    await client.query(GOLANG_MIGRATE_DDL);
    await client.query(`INSERT INTO schema_migrations VALUES (20240101000000, false)`);
    const state = await readVersionState(client, set);
    expect(state.problems).toContain("public.schema_migrations has the shape of golang-migrate's table, but the migrations are dbmate files");
  });
});
