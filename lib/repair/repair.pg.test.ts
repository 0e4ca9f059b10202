import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget } from '../db';
import { introspect } from '../introspect';
import { loadMigrationSet } from '../migrations/load';
import type { DriftboardConfig } from '../model/config';
import type { MigrationSet } from '../model/migration';
import { checkEnvironment } from '../status';
import { type AlembicFixture, runAlembic, writeAlembicProject } from '../testing/alembic';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { repairAsMigration, repairEnvironment } from '.';

/**
 * Repair against real PostgreSQL and the real Alembic: break an environment by hand, print the repair,
 * run it with psql, and the environment is back to what its version promises — twice, harmlessly.
 */

const run = promisify(execFile);

const MIGRATIONS: AlembicFixture[] = [
  {
    rev: 'r1000000001',
    down: null,
    message: 'users and posts',
    upgrade: `
      op.create_table('users',
          sa.Column('id', sa.Integer(), primary_key=True),
          sa.Column('email', sa.String(255), nullable=False, unique=True),
          sa.Column('status', sa.Enum('active', 'banned', name='user_status'), nullable=False, server_default='active'),
          sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
          sa.Column('nickname', sa.String(80), nullable=True),
      )
      op.create_table('posts',
          sa.Column('id', sa.BigInteger(), sa.Identity(always=True), primary_key=True),
          sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id', ondelete='CASCADE'), nullable=False),
          sa.Column('title', sa.Text(), nullable=False),
          sa.Column('score', sa.Integer(), nullable=False, server_default='0'),
          sa.CheckConstraint('score >= 0', name='ck_posts_score_positive'),
      )
      op.create_index('ix_posts_user_id', 'posts', ['user_id'])
      op.execute("CREATE VIEW active_users AS SELECT id, email FROM users WHERE status = 'active'")`,
  },
  {
    rev: 'r2000000002',
    down: 'r1000000001',
    message: 'licenses',
    upgrade: `
      op.create_table('licenses',
          sa.Column('id', sa.Integer(), primary_key=True),
          sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
          sa.Column('seats', sa.Integer(), nullable=False, server_default='1'),
      )`,
  },
  {
    rev: 'r3000000003',
    down: 'r2000000002',
    message: 'portal access on licenses',
    upgrade: `
      op.add_column('licenses', sa.Column('portal_access_enabled', sa.Boolean(), nullable=False, server_default=sa.false()))
      op.add_column('licenses', sa.Column('portal_access_notes', sa.Text(), nullable=True))
      op.add_column('licenses', sa.Column('portal_access_expires_at', sa.DateTime(timezone=True), nullable=True))`,
  },
  {
    rev: 'r4000000004',
    down: 'r3000000003',
    message: 'archived users',
    upgrade: `op.execute("ALTER TYPE user_status ADD VALUE 'archived'")`,
  },
  {
    rev: 'r5000000005',
    down: 'r4000000004',
    message: 'reporting schema',
    upgrade: `
      op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
      op.execute('CREATE SCHEMA reporting')
      op.execute('CREATE SEQUENCE reporting.invoice_numbers START 1000')
      op.execute("CREATE TYPE reporting.tag_kind AS ENUM ('topic', 'audience')")
      op.create_table('tags',
          sa.Column('id', sa.Integer(), primary_key=True),
          sa.Column('label', sa.Text(), nullable=False),
          sa.Column('kind', postgresql.ENUM(name='tag_kind', schema='reporting', create_type=False), nullable=False),
          sa.UniqueConstraint('label', name='uq_tags_label'),
          schema='reporting',
      )
      op.create_index('ix_tags_label_trgm', 'tags', ['label'], schema='reporting', postgresql_using='gin', postgresql_ops={'label': 'gin_trgm_ops'})`,
  },
];

describe('repair against real PostgreSQL', () => {
  let versions: string;
  let set: MigrationSet;
  const dbs: TestDatabase[] = [];
  const config = (url: string): DriftboardConfig => ({
    file: null,
    migrations: { tool: 'alembic', path: versions },
    environments: [{ name: 'production', url, schemas: null, pollIntervalSeconds: 60 }],
    shadowUrl: null,
  });
  const database = async () => {
    const db = await createTestDatabase('repair');
    dbs.push(db);
    return db;
  };
  const psql = async (url: string, sql: string) => {
    const file = join(versions, `repair-${Date.now()}-${Math.random().toString(16).slice(2)}.sql`);
    await writeFile(file, sql);
    try {
      return await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, url]);
    } finally {
      await rm(file, { force: true });
    }
  };
  const hashOf = async (url: string) => {
    const db = await openTarget(url);
    try {
      return (await introspect(db)).hash;
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    versions = await mkdtemp(join(tmpdir(), 'driftboard-repair-'));
    await writeAlembicProject(versions, MIGRATIONS);
    set = await loadMigrationSet({ tool: 'alembic', path: versions });
  });

  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
    await rm(versions, { recursive: true, force: true });
  });

  it('turns an environment broken by hand back into what its version promises, idempotently, never touching it itself', async () => {
    const db = await database();
    // r4 (an enum label) recorded as applied but never run; then objects broken and added by hand.
    await runAlembic(versions, db.url, 'upgrade', 'r3000000003');
    await runAlembic(versions, db.url, 'stamp', 'r4000000004');
    await db.exec(`
      INSERT INTO users (email) VALUES ('a@example.com');
      DROP VIEW active_users;
      ALTER TABLE posts DROP CONSTRAINT ck_posts_score_positive;
      DROP INDEX ix_posts_user_id;
      ALTER TABLE users DROP COLUMN nickname;
      ALTER TABLE posts ALTER COLUMN title TYPE varchar(50);
      ALTER TABLE users ALTER COLUMN created_at DROP DEFAULT;
      ALTER TABLE licenses ALTER COLUMN seats DROP NOT NULL;
      ALTER TABLE users ADD COLUMN scratch text;
      CREATE INDEX ix_users_scratch ON users (scratch);
      CREATE TABLE tmp_export (id int);`);
    const cfg = config(db.url);
    const before = await hashOf(db.url);

    const report = await repairEnvironment(cfg, 'production', { set, includeUnexpected: true });
    expect(await hashOf(db.url)).toBe(before); // read-only: the environment is exactly as it was
    expect(report.verified).toBe(true);
    expect(report.remaining).toEqual([]);
    expect(report.script).toMatch(/^SET lock_timeout = '5s';$/m);
    expect(report.script).toMatch(/CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_posts_user_id/);
    expect(report.script).toMatch(/ADD CONSTRAINT ck_posts_score_positive CHECK \(\(score >= 0\)\) NOT VALID/);
    expect(report.script).toMatch(/ALTER TYPE public\.user_status ADD VALUE IF NOT EXISTS 'archived'/);
    expect(report.notes.some((n) => n.startsWith('data lost: public.users.nickname'))).toBe(true);
    expect(report.statements.filter((s) => s.purpose === 'drop-unexpected').map((s) => s.object).sort()).toEqual([
      'public.ix_users_scratch',
      'public.tmp_export',
      'public.users.scratch',
    ]);
    expect(['medium', 'high', 'critical', 'low']).toContain(report.risk);

    await psql(db.url, report.script);
    const { status } = await checkEnvironment(cfg, cfg.environments[0], { set });
    expect(status.status).toBe('ok');
    expect(status.drift?.changes).toEqual([]);
    expect(status.drift?.ghostMigrations).toEqual([]);

    // A second run of the same script changes nothing and fails on nothing; a new repair has nothing to do.
    const repaired = await hashOf(db.url);
    await psql(db.url, report.script);
    expect(await hashOf(db.url)).toBe(repaired);
    const again = await repairEnvironment(cfg, 'production', { set });
    expect(again.statements).toEqual([]);
    expect(again.verified).toBe(true);
  }, 180_000);

  it('recreates a dropped schema with its table, sequence and enum, an extension, a unique key and a foreign key', async () => {
    const db = await database();
    await runAlembic(versions, db.url, 'upgrade', 'head');
    await db.exec(`
      DROP SCHEMA reporting CASCADE;
      DROP EXTENSION pg_trgm;
      ALTER TABLE users DROP CONSTRAINT users_email_key;
      ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey;`);
    const cfg = config(db.url);
    const report = await repairEnvironment(cfg, 'production', { set });
    expect({ verified: report.verified, error: report.verificationError, remaining: report.remaining }).toEqual({ verified: true, error: null, remaining: [] });
    const objects = report.statements.map((s) => s.object);
    for (const o of ['reporting', 'pg_trgm', 'reporting.invoice_numbers', 'reporting.tag_kind', 'reporting.tags', 'public.users.users_email_key', 'public.posts.posts_user_id_fkey', 'reporting.ix_tags_label_trgm']) {
      expect(objects).toContain(o);
    }
    // Dependency order: schema, extension, type, sequence, table, keys, foreign keys, indexes.
    const at = (o: string) => objects.indexOf(o);
    expect(at('reporting')).toBeLessThan(at('reporting.tag_kind'));
    expect(at('pg_trgm')).toBeLessThan(at('reporting.ix_tags_label_trgm'));
    expect(at('reporting.tag_kind')).toBeLessThan(at('reporting.tags'));
    expect(at('public.users.users_email_key')).toBeLessThan(at('public.posts.posts_user_id_fkey'));
    expect(report.script).toMatch(/CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;/); // unpinned: no VERSION
    expect(report.script).toMatch(/CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key/);
    expect(report.script).toMatch(/ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY \(user_id\) REFERENCES users\(id\) ON DELETE CASCADE NOT VALID/);
    await psql(db.url, report.script);
    await psql(db.url, report.script);
    const { status } = await checkEnvironment(cfg, cfg.environments[0], { set });
    expect(status.drift?.changes).toEqual([]);
  }, 180_000);

  it('leaves unexpected objects as commented-out drops unless asked', async () => {
    const db = await database();
    await runAlembic(versions, db.url, 'upgrade', 'head');
    await db.exec('ALTER TABLE users ADD COLUMN work_in_progress jsonb; CREATE INDEX ix_wip ON users (id) WHERE work_in_progress IS NOT NULL');
    const report = await repairEnvironment(config(db.url), 'production', { set });
    expect(report.verified).toBe(true);
    expect(report.statements.every((s) => s.commented)).toBe(true);
    expect(report.script).toMatch(/^-- ALTER TABLE public\.users DROP COLUMN IF EXISTS work_in_progress;$/m);
    expect(report.script).toMatch(/^-- DROP INDEX CONCURRENTLY IF EXISTS public\.ix_wip;$/m);
    await psql(db.url, report.script); // all comments: runs, changes nothing
  }, 120_000);

  it('repairs a ghost migration (three columns dropped by hand) with exactly three ADD COLUMN IF NOT EXISTS of the original types', async () => {
    const db = await database();
    await runAlembic(versions, db.url, 'upgrade', 'head');
    await db.exec('ALTER TABLE licenses DROP COLUMN portal_access_enabled, DROP COLUMN portal_access_notes, DROP COLUMN portal_access_expires_at');
    const report = await repairEnvironment(config(db.url), 'production', { set });
    expect(report.statements.map((s) => s.sql)).toEqual([
      'ALTER TABLE public.licenses ADD COLUMN IF NOT EXISTS portal_access_enabled boolean DEFAULT false NOT NULL',
      'ALTER TABLE public.licenses ADD COLUMN IF NOT EXISTS portal_access_expires_at timestamp with time zone',
      'ALTER TABLE public.licenses ADD COLUMN IF NOT EXISTS portal_access_notes text',
    ]);
    expect(report.verified).toBe(true);
    await psql(db.url, report.script);
    const { status } = await checkEnvironment(config(db.url), config(db.url).environments[0], { set });
    expect(status.drift?.changes).toEqual([]);
  }, 120_000);

  it('writes the same repair as a new Alembic revision on top of head, which the real Alembic applies', async () => {
    const db = await database();
    await runAlembic(versions, db.url, 'upgrade', 'head');
    await db.exec('ALTER TABLE licenses DROP COLUMN portal_access_notes; DROP INDEX ix_posts_user_id');
    const report = await repairEnvironment(config(db.url), 'production', { set });
    const migration = repairAsMigration(report, set);
    expect(migration.content).toMatch(/^down_revision = 'r5000000005'$/m);
    expect(migration.content).toContain('    with op.get_context().autocommit_block():\n        op.execute("""CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_posts_user_id');
    const copy = await mkdtemp(join(tmpdir(), 'driftboard-repair-rev-'));
    try {
      await cp(versions, copy, { recursive: true });
      await writeFile(join(copy, migration.path), migration.content);
      await runAlembic(copy, db.url, 'upgrade', 'head');
      const withRepair = await loadMigrationSet({ tool: 'alembic', path: copy });
      const cfg = { ...config(db.url), migrations: { tool: 'alembic' as const, path: copy } };
      const { status } = await checkEnvironment(cfg, cfg.environments[0], { set: withRepair });
      expect(status.version).toBe(migration.path.slice(0, 12));
      expect(status.drift?.changes).toEqual([]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  }, 180_000);
});
