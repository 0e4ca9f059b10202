import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { openTarget, wrapPglite } from '../db';
import type { TargetDb } from '../db';
import { diffSchemas } from '../diff';
import { introspect } from '../introspect';
import { loadAlembicMigrations } from '../migrations/alembic';
import type { DriftboardConfig } from '../model/config';
import { LARGE_MIN_ROWS } from '../risk/size';
import { runAlembic } from '../testing/alembic';
import { createTestDatabase } from '../testing/pg-test-db';
import type { TestDatabase } from '../testing/pg-test-db';
import { DemoDatabase } from './build';
import {
  DEMO_HEAD,
  DEMO_REVISIONS,
  GHOST_COLUMNS,
  LOCAL_EXTRA_COLUMN,
  demoMigrationsPath,
  startDemo,
} from './index';

let config: DriftboardConfig;
const open: TargetDb[] = [];

async function target(env: string): Promise<TargetDb> {
  const url = config.environments.find((e) => e.name === env)!.url;
  const db = await openTarget(url);
  open.push(db);
  return db;
}

async function columnsOf(env: string, table: string): Promise<string[]> {
  const db = await target(env);
  const { rows } = await db.query<{ attname: string }>(
    `SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attname`,
    [`public.${table}`],
  );
  return rows.map((r) => r.attname);
}

beforeAll(async () => {
  config = await startDemo();
});

afterAll(async () => {
  for (const db of open) await db.close();
});

describe('startDemo', () => {
  it('returns a built-in config of three in-process environments over the bundled project', () => {
    expect(config.file).toBeNull();
    expect(config.shadowUrl).toBeNull();
    expect(config.migrations).toEqual({ tool: 'alembic', path: demoMigrationsPath() });
    expect(config.environments).toEqual(
      ['local', 'staging', 'production'].map((name) => ({
        name,
        url: `pglite://demo-${name}`,
        schemas: null,
        pollIntervalSeconds: 60,
      })),
    );
  });

  it('is built once per process', async () => {
    const t = performance.now();
    expect(await startDemo()).toBe(config);
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('puts each environment at its alembic_version', async () => {
    const versions: Record<string, string[]> = {};
    for (const env of ['local', 'staging', 'production']) {
      const { rows } = await (await target(env)).query<{ version_num: string }>('SELECT version_num FROM alembic_version');
      versions[env] = rows.map((r) => r.version_num);
    }
    expect(versions).toEqual({
      local: [DEMO_HEAD],
      staging: [DEMO_REVISIONS[DEMO_REVISIONS.length - 2]],
      production: [DEMO_REVISIONS[DEMO_REVISIONS.length - 5]],
    });
  });

  it("gives production an events table the risk rules call large (real rows, analyzed)", async () => {
    const db = await target('production');
    const { rows } = await db.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE oid = 'public.events'::regclass`);
    expect(rows[0].reltuples).toBeGreaterThan(LARGE_MIN_ROWS);
  });

  it("leaves out the columns production dropped by hand, although their migration is applied", async () => {
    const columns = await columnsOf('production', 'users');
    for (const c of GHOST_COLUMNS) expect(columns).not.toContain(c);
    expect(columns).toContain('full_name'); // the later rename did run
    for (const c of GHOST_COLUMNS) expect(await columnsOf('staging', 'users')).toContain(c);
  });

  it('gives local the column added by hand, and only local', async () => {
    expect(await columnsOf('local', LOCAL_EXTRA_COLUMN.table)).toContain(LOCAL_EXTRA_COLUMN.column);
    expect(await columnsOf('staging', LOCAL_EXTRA_COLUMN.table)).not.toContain(LOCAL_EXTRA_COLUMN.column);
  });

  it('rejects an unknown environment name for the unreachable option', async () => {
    await expect(startDemo({ unreachable: ['prod'] })).rejects.toThrow(/DRIFTBOARD_DEMO_UNREACHABLE.*"prod"/);
  });
});

describe('the bundled Alembic project', () => {
  let pgdb: TestDatabase;

  beforeAll(async () => {
    pgdb = await createTestDatabase('demo');
  });
  afterAll(async () => {
    await pgdb?.drop();
  });

  it('runs under real Alembic: upgrade head, then downgrade to base', async () => {
    await runAlembic(demoMigrationsPath(), pgdb.url, 'upgrade', 'head');
    const real = await openTarget(pgdb.url);
    try {
      const { rows } = await real.query<{ version_num: string }>('SELECT version_num FROM alembic_version');
      expect(rows).toEqual([{ version_num: DEMO_HEAD }]);

      // What the demo builds from Driftboard's reading of the files is what Alembic itself builds.
      const lite = await PGlite.create();
      const demo = new DemoDatabase(lite, (await loadAlembicMigrations(demoMigrationsPath())).migrations);
      await demo.apply({ kind: 'migrate', to: DEMO_HEAD, hoursAgo: 0 });
      const liteTarget = wrapPglite(lite, true);
      try {
        const changes = diffSchemas((await introspect(real)).schema, (await introspect(liteTarget)).schema);
        expect(changes).toEqual([]);
      } finally {
        await liteTarget.close();
      }
    } finally {
      await real.close();
    }
    await runAlembic(demoMigrationsPath(), pgdb.url, 'downgrade', 'base');
  });
});
