import { createServer, type Server, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftboardConfig, EnvironmentConfig } from '../model/config';
import type { EnvironmentStatus, StatusReport } from '../model/status';
import { UserInputError } from '../model/errors';
import { UnreachableError } from '../db';
import { closeShadowTemplate } from '../expected';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { runAlembic, writeAlembicProject } from '../testing/alembic';
import { SCENARIO_MIGRATIONS } from './scenario.test-helpers';
import { checkEnvironment, getStatusReport, resolveSchemaRef } from '.';

const SECRET = 'hunter2-Sup3rSecret';
let project: string;
let versions: string;
const dbs: Record<string, TestDatabase> = {};
let config: DriftboardConfig;
let report: StatusReport;

const env = (name: string, url: string): EnvironmentConfig => ({ name, url, schemas: null, pollIntervalSeconds: 60 });
const byName = (name: string): EnvironmentStatus => report.environments.find((e) => e.name === name)!;

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'driftboard-status-'));
  versions = join(project, 'versions');
  await writeAlembicProject(versions, SCENARIO_MIGRATIONS);
  for (const name of ['behind', 'ghost', 'mixins', 'enum']) dbs[name] = await createTestDatabase(`dbt_status_${name}`);
  await Promise.all([
    // Several migrations behind.
    runAlembic(versions, dbs.behind.url, 'upgrade', 'b2000000002'),
    // Fully migrated, then a column dropped by hand: d4 becomes a ghost.
    runAlembic(versions, dbs.ghost.url, 'upgrade', 'head').then(() => dbs.ghost.exec('ALTER TABLE users DROP COLUMN nickname')),
    // Built by hand at head, but posts lacks its timestamp / soft-delete mixin columns.
    dbs.mixins.exec(`
      CREATE TABLE users (id SERIAL NOT NULL, email VARCHAR(255) NOT NULL,
        created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
        nickname VARCHAR(80), PRIMARY KEY (id), UNIQUE (email));
      CREATE TYPE user_status AS ENUM ('active', 'banned', 'archived');
      CREATE TABLE memberships (id SERIAL NOT NULL, user_id INTEGER NOT NULL, status user_status NOT NULL,
        PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id));
      CREATE TABLE posts (id SERIAL NOT NULL, user_id INTEGER NOT NULL, title TEXT NOT NULL,
        created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
        PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE);
      CREATE INDEX ix_posts_user_id ON posts (user_id);
      CREATE INDEX ix_posts_title ON posts (title);
      CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
      INSERT INTO alembic_version VALUES ('e5000000005');`),
    // Migrated to c3 by Alembic, the rest of d4/e5 applied by hand without the enum value, stamped at head.
    runAlembic(versions, dbs.enum.url, 'upgrade', 'c3000000003').then(() =>
      dbs.enum.exec(`ALTER TABLE users ADD COLUMN nickname VARCHAR(80);
        CREATE INDEX ix_posts_title ON posts (title);
        UPDATE alembic_version SET version_num = 'e5000000005';`),
    ),
  ]);
  config = {
    file: null,
    migrations: { tool: 'alembic', path: versions },
    shadowUrl: null,
    environments: [
      env('behind', dbs.behind.url),
      env('ghost', dbs.ghost.url),
      env('mixins', dbs.mixins.url),
      env('enum', dbs.enum.url),
      env('refused', `postgres://app:${SECRET}@127.0.0.1:1/app`),
      env('badauth', `postgres://no_such_role_x:${SECRET}@127.0.0.1:5432/postgres`),
    ],
  };
  report = await getStatusReport(config, { timeoutMs: 5_000 });
});

afterAll(async () => {
  await Promise.all(Object.values(dbs).map((d) => d.drop()));
  await rm(project, { recursive: true, force: true });
  await closeShadowTemplate();
});

describe('getStatusReport', () => {
  it('reports every environment, in config order, even when some are down', () => {
    expect(report.environments.map((e) => [e.name, e.status])).toEqual([
      ['behind', 'ok'],
      ['ghost', 'ok'],
      ['mixins', 'ok'],
      ['enum', 'ok'],
      ['refused', 'unreachable'],
      ['badauth', 'unreachable'],
    ]);
  });

  it('lists the pending migrations of an environment several migrations behind, in apply order, rated', () => {
    const e = byName('behind');
    expect(e.version).toBe('b2000000002');
    expect(e.head).toBe('e5000000005');
    expect(e.behind).toBe(3);
    expect(e.pending.map((p) => p.id)).toEqual(['c3000000003', 'd4000000004', 'e5000000005']);
    expect(e.pending[0].description).toBe('create posts with soft delete');
    const enumFinding = e.pending[1].findings.find((f) => f.rule === 'enum-add-value');
    expect(enumFinding?.statement).toContain("ADD VALUE 'archived'");
    expect(e.serverVersion).toBeGreaterThanOrEqual(110000);
    // Replayed at b2, the expected schema matches what real Alembic built.
    expect(e.drift).toEqual({ changes: [], ghostMigrations: [], unverified: [], replayProblems: [] });
  });

  it('reports an applied migration whose column was dropped by hand as a ghost', () => {
    const e = byName('ghost');
    expect(e.behind).toBe(0);
    expect(e.drift?.ghostMigrations).toEqual([{ id: 'd4000000004', missing: ['public.users.nickname'] }]);
    expect(e.drift?.changes).toEqual([expect.objectContaining({ kind: 'column', change: 'missing', schema: 'public', table: 'users', name: 'nickname' })]);
  });

  it('reports the timestamp / soft-delete columns a hand-built table lacks', () => {
    const e = byName('mixins');
    const missing = e.drift!.changes.map((c) => `${c.change} ${c.kind} ${c.table}.${c.name}`);
    expect(missing).toEqual(['missing column posts.deleted_at', 'missing column posts.updated_at']);
    expect(e.drift!.ghostMigrations).toEqual([{ id: 'c3000000003', missing: ['public.posts.deleted_at', 'public.posts.updated_at'] }]);
  });

  it('reports an enum missing a value, credited to the migration that adds it', () => {
    const e = byName('enum');
    expect(e.drift!.changes).toEqual([expect.objectContaining({ kind: 'enum_value', change: 'missing', table: 'user_status', name: 'archived' })]);
    expect(e.drift!.ghostMigrations).toEqual([{ id: 'd4000000004', missing: ['public.user_status.archived'] }]);
  });

  it('says why an environment is unreachable, never with its password', () => {
    expect(byName('refused').error).toMatch(/connection refused/);
    expect(byName('badauth').error).toMatch(/authentication|role/);
    for (const e of report.environments) expect(JSON.stringify(e)).not.toContain(SECRET);
  });

  it('rejects an unknown environment name with the known ones', async () => {
    await expect(getStatusReport(config, { env: 'prod' })).rejects.toThrow(/unknown environment "prod" \(known: behind, ghost/);
  });
});

describe('checkEnvironment', () => {
  let silent: Server;
  let port: number;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections and never answers: a server that hangs.
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('reports a hanging server as unreachable within the timeout', async () => {
    const started = Date.now();
    const { status, snapshot } = await checkEnvironment(config, env('hang', `postgres://u:${SECRET}@127.0.0.1:${port}/db`), { timeoutMs: 1_000 });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(status.status).toBe('unreachable');
    expect(status.error).toMatch(/timed? ?out|timeout/i);
    expect(status.error).not.toContain(SECRET);
    expect(snapshot).toBeNull();
  });
});

describe('checkEnvironment with a shadow server that is down', () => {
  it('reports the environment as errored (not unreachable), keeping what it read, without the password', async () => {
    const withShadow = { ...config, shadowUrl: `postgres://u:${SECRET}@127.0.0.1:1/shadow` };
    const { status } = await checkEnvironment(withShadow, withShadow.environments[0], { timeoutMs: 2_000 });
    expect(status.status).toBe('error');
    expect(status.error).toMatch(/^cannot build the expected schema: connection refused/);
    expect(status.behind).toBe(3);
    expect(status.drift).toBeNull();
    expect(JSON.stringify(status)).not.toContain(SECRET);
  });
});

describe('resolveSchemaRef', () => {
  it('reads an environment by name or a database by URL', async () => {
    const byEnv = await resolveSchemaRef(config, 'ghost');
    const byUrl = await resolveSchemaRef(null, dbs.ghost.url);
    expect(byEnv.label).toBe('ghost');
    expect(byEnv.snapshot.hash).toBe(byUrl.snapshot.hash);
  });

  it('rejects unknown names and bad URLs, and masks passwords of unreachable ones', async () => {
    await expect(resolveSchemaRef(config, 'nope')).rejects.toThrow(UserInputError);
    await expect(resolveSchemaRef(null, `mysql://root:${SECRET}@h/db`)).rejects.toThrow(/unsupported URL scheme/);
    const err = await resolveSchemaRef(null, `postgres://u:${SECRET}@127.0.0.1:1/db`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as Error).message).not.toContain(SECRET);
  });
});
