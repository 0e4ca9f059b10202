/**
 * A check that stores nothing (no cache folder: `--no-cache`) replays without following who created what,
 * and replays again with it only when an expected object is missing: ghosts are the same either way.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftboardConfig, EnvironmentConfig } from '../model/config';
import { clearExpectedCache, closeShadowTemplate, expectedCacheDir } from '../expected';
import { loadMigrationSet } from '../migrations/load';
import type { MigrationSet } from '../model/migration';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { memoExpectedSchema } from './memo';
import { checkEnvironment } from '.';

const MIGRATIONS = [
  'CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);',
  "CREATE TYPE user_status AS ENUM ('active', 'banned');\nALTER TABLE users ADD COLUMN status user_status;",
  'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX users_nickname_idx ON users (nickname);',
];

let project: string;
let set: MigrationSet;
let config: DriftboardConfig;
const dbs: Record<'clean' | 'ghost', TestDatabase> = {} as never;
const env = (name: string, url: string): EnvironmentConfig => ({ name, url, schemas: null, pollIntervalSeconds: 60 });

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'driftboard-deferred-'));
  await mkdir(join(project, 'migrations'));
  await Promise.all(MIGRATIONS.map((sql, i) => writeFile(join(project, 'migrations', `00000${i + 1}_m${i + 1}.up.sql`), sql)));
  set = await loadMigrationSet({ tool: 'sql', path: join(project, 'migrations') });
  [dbs.clean, dbs.ghost] = await Promise.all([createTestDatabase('dbt_deferred_clean'), createTestDatabase('dbt_deferred_ghost')]);
  for (const db of Object.values(dbs)) {
    await db.exec(`${MIGRATIONS.join('\n')}
      CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
      INSERT INTO schema_migrations VALUES (3, false);`);
  }
  // Someone dropped the column by hand (its index goes with it): migration 3 is applied but missing.
  await dbs.ghost.exec('ALTER TABLE users DROP COLUMN nickname');
  config = { file: null, migrations: { tool: 'sql', path: join(project, 'migrations') }, shadowUrl: null, environments: [env('clean', dbs.clean.url), env('ghost', dbs.ghost.url)] };
});

afterAll(async () => {
  await Promise.all(Object.values(dbs).map((db) => db?.drop()));
  await rm(project, { recursive: true, force: true });
  clearExpectedCache();
  await closeShadowTemplate();
});

describe('check without a cache folder', () => {
  it('finds no drift on a clean environment from a replay that credited nothing', async () => {
    clearExpectedCache();
    expect(expectedCacheDir()).toBeNull();
    const clean = await checkEnvironment(config, config.environments[0], { set });
    expect(clean.status.drift).toEqual({ changes: [], ghostMigrations: [], unverified: [], replayProblems: [] });
    const all = new Set(set.migrations.map((m) => m.id));
    // Only the deferred replay was made: an attributed request now replays anew.
    expect((await memoExpectedSchema(set, all, { schemas: null, attribution: 'deferred' })).attributed).toBe(false);
  });

  it('replays with attribution when an expected object is missing, and names the migration that created it', async () => {
    const ghost = await checkEnvironment(config, config.environments[1], { set });
    expect(ghost.status.drift?.ghostMigrations).toEqual([{ id: '3', missing: ['public.users.nickname', 'public.users_nickname_idx'] }]);
    expect(ghost.status.drift?.changes.map((c) => `${c.kind}:${c.name}:${c.change}`).sort()).toEqual(['column:nickname:missing', 'index:users_nickname_idx:missing']);
    const all = new Set(set.migrations.map((m) => m.id));
    expect((await memoExpectedSchema(set, all, { schemas: null })).attributed).toBeUndefined();
  });
});
