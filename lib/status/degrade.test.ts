/**
 * status on projects the replay cannot fully rebuild: the environment stays `ok`, the replay problems and
 * the attributes nobody could check are in the JSON and the CLI output; `error` only when nothing replayed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftboardConfig, EnvironmentConfig } from '../model/config';
import type { MigrationSet } from '../model/migration';
import type { EnvironmentStatus } from '../model/status';
import { clearExpectedCache, closeShadowTemplate } from '../expected';
import { loadMigrationSet } from '../migrations/load';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { runAlembic, writeAlembicProject, type AlembicFixture } from '../testing/alembic';
import { displayPath } from '../config/load';
import { statusJson } from '../../bin/json';
import { renderStatus } from '../../bin/commands/status';
import { SCENARIO_MIGRATIONS } from './scenario.test-helpers';
import { checkEnvironment, getStatusReport } from '.';

const ROLE = `dbt_reporting_${randomBytes(4).toString('hex')}`;
const EXTRA: AlembicFixture[] = [
  {
    rev: 'f6000000006',
    down: 'e5000000005',
    message: 'grant reads to reporting',
    // The role exists on the server, not in the PGlite shadow: the replay creates it there, so the grant is expected.
    upgrade: `op.execute("GRANT SELECT ON users TO ${ROLE}")`,
  },
  {
    rev: 'g7000000007',
    down: 'f6000000006',
    message: 'things with a project-defined guid type',
    upgrade: `
      op.execute("CREATE EXTENSION IF NOT EXISTS citext")
      op.create_table('things', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('guid', sa.Text(), nullable=True))`,
  },
  {
    rev: 'h8000000008',
    down: 'g7000000007',
    message: 'read a statistic the server version has',
    // PostgreSQL 15 has pg_stat_bgwriter.buffers_backend, the PGlite shadow (PostgreSQL 17) does not:
    // this migration cannot be replayed at all, and it changes no schema.
    upgrade: `op.execute("SELECT buffers_backend FROM pg_stat_bgwriter")`,
  },
];

let project: string;
let versions: string;
let db: TestDatabase;
let set: MigrationSet;
let config: DriftboardConfig;
const env = (name: string, url: string, schemas: string[] | null = null): EnvironmentConfig => ({ name, url, schemas, pollIntervalSeconds: 60 });

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE ROLE ${ROLE}`);
  project = await mkdtemp(join(tmpdir(), 'driftboard-degrade-'));
  versions = join(project, 'versions');
  await writeAlembicProject(versions, [...SCENARIO_MIGRATIONS, ...EXTRA]);
  db = await createTestDatabase('dbt_degrade');
  await runAlembic(versions, db.url, 'upgrade', 'head');
  // What the real project type produced (the static reader only knew "some type"), an older citext than
  // the shadow's, and an extension in a schema the filtered environment does not read.
  await db.exec(`ALTER TABLE things ALTER COLUMN guid TYPE uuid USING guid::uuid;
    DROP EXTENSION citext; CREATE EXTENSION citext VERSION '1.4';
    CREATE SCHEMA ext; CREATE EXTENSION hstore SCHEMA ext;`);
  const loaded = await loadMigrationSet({ tool: 'alembic', path: versions });
  // Stand in for the reader's placeholder: the guid column's type could not be resolved.
  set = {
    ...loaded,
    migrations: loaded.migrations.map((m) =>
      m.id === 'g7000000007'
        ? { ...m, unverified: [{ kind: 'column', schema: null, table: 'things', name: 'guid', attribute: 'type', file: m.file, line: 10, reason: 'type GUID could not be resolved' }] }
        : m,
    ),
  };
  config = {
    file: null,
    migrations: { tool: 'alembic', path: versions },
    shadowUrl: null,
    environments: [env('all', db.url), env('public', db.url, ['public'])],
  };
});

afterAll(async () => {
  await db?.drop();
  await admin(`DROP ROLE IF EXISTS ${ROLE}`);
  await rm(project, { recursive: true, force: true });
  clearExpectedCache();
  await closeShadowTemplate();
});

describe('status when the replay degrades', () => {
  let report: EnvironmentStatus[];
  beforeAll(async () => {
    report = (await getStatusReport(config, { set, timeoutMs: 5_000 })).environments;
  });

  it('keeps the environment ok and lists the migration that could not be replayed, with file:line', () => {
    const e = report[0];
    expect(e.status).toBe('ok');
    expect(e.error).toBeNull();
    const h8 = set.migrations.find((m) => m.id === 'h8000000008')!;
    expect(e.drift?.replayProblems).toEqual([
      {
        migrationId: 'h8000000008',
        file: displayPath(h8.file),
        line: h8.statements[0].line,
        statement: 'SELECT buffers_backend FROM pg_stat_bgwriter',
        error: 'column "buffers_backend" does not exist',
      },
    ]);
    // Later migrations were still replayed: g7's table is expected, and matches.
    expect(statusJson(e).drift?.replayProblems).toHaveLength(1);
  });

  it('does not report an unverified column type or an unpinned extension version as altered, and lists both', () => {
    const e = report[0];
    expect(e.drift?.changes.map((c) => `${c.change} ${c.kind} ${c.name}`)).toEqual(['unexpected schema ext', 'unexpected extension hstore']);
    expect(e.drift?.unverified.map((u) => `${u.kind} ${u.schema}.${u.table ?? ''}.${u.name} ${u.attribute}`)).toEqual([
      'extension public..citext version',
      'column public.things.guid type',
    ]);
  });

  it('restricts extensions to the environment\'s schemas', () => {
    const e = report[1];
    expect(e.status).toBe('ok');
    expect(e.drift?.changes).toEqual([]);
    expect(e.drift?.unverified.map((u) => u.name)).toEqual(['citext', 'guid']);
  });

  it('says so in the human output: problems as file:line: error, and how many attributes were not checked', () => {
    const text = renderStatus(report);
    const h8 = set.migrations.find((m) => m.id === 'h8000000008')!;
    expect(text).toContain(`${displayPath(h8.file)}:${h8.statements[0].line}: column "buffers_backend" does not exist`);
    expect(text).toMatch(/2 attributes could not be checked/);
  });
});

describe('status when nothing could be replayed', () => {
  it('is error, naming the first failure', async () => {
    const broken: MigrationSet = {
      ...set,
      heads: ['h8000000008'],
      migrations: set.migrations.filter((m) => m.id === 'h8000000008').map((m) => ({ ...m, parents: [] })),
    };
    const only = await createTestDatabase('dbt_degrade_none');
    try {
      await only.exec(`CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); INSERT INTO alembic_version VALUES ('h8000000008')`);
      const { status } = await checkEnvironment({ ...config, environments: [] }, env('none', only.url), { set: broken, timeoutMs: 5_000 });
      expect(status.status).toBe('error');
      expect(status.error).toMatch(/^cannot build the expected schema: every statement of the replay failed \(1\): .*h8000000008.*\.py:\d+: column "buffers_backend" does not exist$/);
      expect(status.drift).toBeNull();
    } finally {
      await only.drop();
    }
  });
});
