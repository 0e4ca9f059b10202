import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget } from '../db';
import type { Snapshot, Table } from '../model';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { RICH_DDL } from './fixtures.test-helpers';
import { canonicalJson, hashSchema, introspect } from './index';

let t: TestDatabase;
let snap: Snapshot;
let citextAvailable = false;

const tableOf = (s: Snapshot, schema: string, name: string): Table => {
  const found = s.schema.tables.find((x) => x.schema === schema && x.name === name);
  if (!found) throw new Error(`no table ${schema}.${name}`);
  return found;
};

beforeAll(async () => {
  t = await createTestDatabase('dbt_introspect');
  await t.exec(RICH_DDL);
  // Labels added out of order: the model must follow enumsortorder, not creation or alphabet.
  await t.exec(`alter type public.mood add value 'angry' before 'sad'; alter type public.mood add value 'meh' after 'ok'`);
  // An index left invalid by a failed concurrent build (duplicates in a table this test built).
  await t.exec(`create table public.dup (x int); insert into public.dup values (1), (1)`);
  await expect(t.exec(`create unique index concurrently dup_x_key on public.dup (x)`)).rejects.toThrow(/could not create unique index/);
  // Rows and statistics for one table; another is never analyzed.
  await t.exec(`insert into public.users (email) select 'u' || g || '@x.io' from generate_series(1, 500) g; analyze public.users`);
  const admin = await openTarget(t.url, { readOnly: false });
  try {
    const ext = await admin.query<{ n: number }>(`select count(*)::int as n from pg_available_extensions where name = 'citext'`);
    citextAvailable = ext.rows[0].n === 1;
  } finally {
    await admin.close();
  }
  if (citextAvailable) {
    await t.exec(`create extension citext; create table public.handles (h citext primary key)`);
    // A table that belongs to the extension (pg_depend deptype 'e') is the extension's, not the schema's.
    await t.exec(`create table public.ext_owned (x int); alter extension citext add table public.ext_owned`);
  }
  const db = await openTarget(t.url);
  try {
    snap = await introspect(db);
  } finally {
    await db.close();
  }
});

afterAll(async () => {
  await t?.drop();
});

describe('introspect on PostgreSQL', () => {
  it('reads non-system schemas, the server version and a hash of the canonical JSON', () => {
    expect(snap.schema.schemas).toEqual(['core', 'public']);
    expect(snap.serverVersion).toBeGreaterThanOrEqual(150000);
    expect(snap.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(snap.hash).toBe(hashSchema(JSON.parse(canonicalJson(snap.schema))));
    expect(JSON.stringify(snap.schema)).toBe(canonicalJson(snap.schema));
  });

  it('keeps two tables of the same name in two schemas apart', () => {
    expect(tableOf(snap, 'core', 'posts').columns.map((c) => c.name)).toEqual(['id', 'owner_id', 'slug']);
    expect(tableOf(snap, 'public', 'posts').columns.map((c) => c.name)).toEqual([
      'body', 'id', 'published_at', 'ref_id', 'status', 'tags', 'title', 'user_id',
    ]);
  });

  it('reads column types, nullability, defaults, identity, generated and collation', () => {
    const users = tableOf(snap, 'public', 'users');
    const col = (name: string) => users.columns.find((c) => c.name === name);
    expect(col('id')).toMatchObject({ type: 'bigint', nullable: false, identity: 'always', default: null });
    expect(col('email')).toMatchObject({ type: 'text', nullable: false, collation: 'C', comment: 'Login, unique' });
    expect(col('display_name')).toMatchObject({ type: 'character varying(80)', nullable: true, collation: null });
    expect(col('mood')).toMatchObject({ type: 'mood', default: "'ok'::mood" });
    expect(col('score')).toMatchObject({ type: 'numeric(10,2)', default: '0' });
    expect(col('created_at')).toMatchObject({ type: 'timestamp with time zone', default: 'now()' });
    expect(col('email_lower')).toMatchObject({ generated: 'lower(email)', default: null });
    const posts = tableOf(snap, 'public', 'posts');
    expect(posts.columns.find((c) => c.name === 'id')).toMatchObject({
      type: 'integer',
      default: "nextval('posts_id_seq'::regclass)",
      identity: null,
    });
    expect(posts.columns.find((c) => c.name === 'ref_id')).toMatchObject({ identity: 'by default' });
    expect(posts.columns.find((c) => c.name === 'status')).toMatchObject({ type: 'core.status' });
    expect(posts.columns.find((c) => c.name === 'published_at')).toMatchObject({ type: 'timestamp(3) without time zone' });
  });

  it('reads constraints with their NOT VALID state, and no NOT NULL constraints', () => {
    const posts = tableOf(snap, 'public', 'posts');
    expect(posts.constraints.map((c) => [c.name, c.type, c.validated])).toEqual([
      ['posts_pkey', 'primary', true],
      ['posts_title_check', 'check', false],
      ['posts_user_id_fkey', 'foreign', true],
    ]);
    expect(posts.constraints.find((c) => c.type === 'foreign')).toMatchObject({
      definition: 'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE',
      columns: ['user_id'],
      references: 'public.users',
    });
    expect(tableOf(snap, 'core', 'posts').constraints.find((c) => c.name === 'posts_owner_fk')).toMatchObject({
      type: 'foreign',
      validated: false,
      definition: 'FOREIGN KEY (owner_id) REFERENCES users(id) NOT VALID',
      references: 'public.users',
    });
    const measurementsPk = tableOf(snap, 'public', 'measurements').constraints.find((c) => c.type === 'primary');
    expect(measurementsPk?.columns).toEqual(['id', 'taken_on']);
  });

  it('reads expression, partial, operator-class and invalid indexes', () => {
    const byName = new Map(tableOf(snap, 'public', 'posts').indexes.map((i) => [i.name, i]));
    expect(byName.get('posts_title_lower_idx')?.definition).toBe(
      'CREATE INDEX posts_title_lower_idx ON public.posts USING btree (lower(title))',
    );
    expect(byName.get('posts_published_idx')?.definition).toBe(
      "CREATE INDEX posts_published_idx ON public.posts USING btree (published_at DESC NULLS LAST) WHERE (status = 'published'::core.status)",
    );
    expect(byName.get('posts_user_title_idx')).toMatchObject({ unique: true, primary: false, valid: true });
    expect(byName.get('posts_user_title_idx')?.definition).toContain('text_pattern_ops');
    expect(byName.get('posts_pkey')).toMatchObject({ unique: true, primary: true });
    expect(tableOf(snap, 'public', 'dup').indexes).toEqual([
      { name: 'dup_x_key', definition: 'CREATE UNIQUE INDEX dup_x_key ON public.dup USING btree (x)', unique: true, primary: false, valid: false },
    ]);
  });

  it('reads enums with their labels in sort order', () => {
    expect(snap.schema.enums).toEqual([
      { schema: 'core', name: 'status', values: ['draft', 'published', 'archived'], owner: 'postgres' },
      { schema: 'public', name: 'mood', values: ['angry', 'sad', 'ok', 'meh', 'happy'], owner: 'postgres' },
    ]);
  });

  it('reads partitioned tables and their partitions', () => {
    expect(tableOf(snap, 'public', 'measurements')).toMatchObject({ kind: 'partitioned', partitionKey: 'RANGE (taken_on)', partitionOf: null });
    expect(tableOf(snap, 'public', 'measurements_2024')).toMatchObject({ kind: 'table', partitionOf: 'public.measurements' });
    expect(tableOf(snap, 'public', 'measurements_2025').indexes.map((i) => i.name)).toEqual([
      'measurements_2025_pkey',
      'measurements_2025_taken_on_idx',
    ]);
  });

  it('reads sequences with their owner', () => {
    const seqs = new Map(snap.schema.sequences.map((s) => [s.name, s]));
    expect(seqs.get('invoice_number_seq')).toEqual({
      schema: 'public', name: 'invoice_number_seq', dataType: 'integer', start: '1000', increment: '10',
      min: '1', max: '999999', cycle: true, ownedBy: 'public.invoices.number', owner: 'postgres',
    });
    expect(seqs.get('posts_id_seq')?.ownedBy).toBe('public.posts.id');
    expect(seqs.get('users_id_seq')).toMatchObject({ dataType: 'bigint', ownedBy: 'public.users.id' });
    expect(seqs.get('posts_ref_id_seq')).toMatchObject({ start: '100', increment: '5', ownedBy: 'public.posts.ref_id' });
  });

  it('reads views and materialized views', () => {
    const views = new Map(snap.schema.views.map((v) => [`${v.schema}.${v.name}`, v]));
    expect(views.get('public.active_users')).toEqual({
      schema: 'public', name: 'active_users', materialized: false,
      definition: 'SELECT id,\n    email\n   FROM users u\n  WHERE deleted_at IS NULL;',
      owner: 'postgres', options: [], indexes: [], comment: null,
    });
    expect(views.get('core.post_counts')?.materialized).toBe(true);
    expect(views.get('core.published_posts')?.definition).toContain('JOIN users u ON u.id = p.user_id');
  });

  it('reads table and column comments', () => {
    expect(tableOf(snap, 'public', 'users').comment).toBe('People who sign in');
    expect(tableOf(snap, 'public', 'posts').comment).toBeNull();
  });

  it('reads extensions and leaves out the objects that belong to them', () => {
    if (!citextAvailable) return; // citext is not installed on this server: nothing to check
    expect(snap.schema.extensions.map((e) => e.name)).toContain('citext');
    expect(tableOf(snap, 'public', 'handles').columns[0].type).toBe('citext');
    expect(snap.schema.tables.some((x) => x.name === 'ext_owned')).toBe(false);
    expect(snap.stats.some((x) => x.table === 'ext_owned')).toBe(false);
  });

  it('reads table statistics from pg_class estimates', () => {
    const users = snap.stats.find((s) => s.schema === 'public' && s.table === 'users');
    expect(users).toMatchObject({ rows: 500, analyzed: true });
    expect(users!.bytes).toBeGreaterThanOrEqual(8192);
    expect(users!.bytes % 8192).toBe(0);
    expect(snap.stats.find((s) => s.table === 'invoices')).toEqual({ schema: 'public', table: 'invoices', rows: 0, bytes: 0, analyzed: false });
    expect(JSON.stringify(snap.schema)).not.toContain('reltuples');
  });

  it('restricts to the requested schemas and gives the same hash on a second read', async () => {
    const db = await openTarget(t.url);
    try {
      const core = await introspect(db, { schemas: ['core', 'pg_catalog'] });
      expect(core.schema.schemas).toEqual(['core']);
      expect(core.schema.tables.map((x) => x.name)).toEqual(['posts']);
      expect(core.schema.views.map((v) => v.name)).toEqual(['post_counts', 'published_posts']);
      expect(core.schema.enums.map((e) => e.name)).toEqual(['status']);
      const again = await introspect(db);
      expect(again.hash).toBe(snap.hash);
      // Read on two sessions sharing one exported snapshot: the same model.
      let opened = 0;
      const onSecond: string[] = [];
      const parallel = await introspect(db, {
        openSession: async () => {
          opened++;
          const second = await openTarget(t.url);
          const query = second.query.bind(second);
          return { ...second, query: ((sql: string, p?: unknown[]) => (onSecond.push(sql), query(sql, p))) as typeof query };
        },
      });
      expect(opened).toBe(1);
      expect(onSecond[0]).toMatch(/^set transaction snapshot '/);
      expect(onSecond.some((sql) => sql.includes('pg_get_indexdef'))).toBe(true);
      expect(parallel.hash).toBe(snap.hash);
      expect(parallel.stats).toEqual(snap.stats);
    } finally {
      await db.close();
    }
  });
});
