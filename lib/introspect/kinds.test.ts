import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, wrapPglite } from '../db';
import { diffSchemas } from '../diff';
import type { SchemaChange, Snapshot } from '../model';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { KINDS_DDL, ROLES_DDL } from './kinds.test-helpers';
import { canonicalJson, introspect } from './index';

const run = promisify(execFile);
const created: TestDatabase[] = [];

async function snapshotOf(url: string): Promise<Snapshot> {
  const db = await openTarget(url);
  try {
    return await introspect(db);
  } finally {
    await db.close();
  }
}

async function databaseWith(sql: string): Promise<TestDatabase> {
  const t = await createTestDatabase('dbt_kinds');
  created.push(t);
  await t.exec(sql);
  return t;
}

/** kind change table name [attributes]: one line per change, for exact comparison. */
const lines = (changes: SchemaChange[]) =>
  changes.map((c) => {
    const attrs = c.change === 'altered' ? ` [${Object.keys(c.expected ?? {}).sort().join(',')}]` : '';
    return `${c.kind} ${c.change} ${c.schema}.${c.table ?? '-'}.${c.name}${attrs}`;
  });

let base: TestDatabase;
let left: Snapshot;

beforeAll(async () => {
  const admin = await createTestDatabase('dbt_kinds_roles');
  created.push(admin);
  await admin.exec(ROLES_DDL);
  base = await databaseWith(KINDS_DDL);
  left = await snapshotOf(base.url);
});

afterAll(async () => {
  for (const t of created) await t.drop();
});

describe('the kinds of issue 8 on PostgreSQL', () => {
  it('reads functions, triggers, RLS, policies, grants, types and table properties', () => {
    const s = left.schema;
    const fn = (sig: string) => s.functions?.find((f) => f.schema === 'app' && f.signature === sig);
    expect(fn('add(integer, integer)')).toMatchObject({
      kind: 'function', arguments: 'a integer, b integer DEFAULT 1', returns: 'integer', language: 'sql',
      volatility: 'immutable', strict: true, parallel: 'safe', securityDefiner: false, comment: 'Adds', owner: 'postgres',
    });
    expect(fn('add(integer, integer)')?.definition).toMatch(/^CREATE OR REPLACE FUNCTION app\.add\(.*select a \+ b/s);
    expect(fn('secret()')).toMatchObject({ securityDefiner: true, volatility: 'stable', config: ['search_path=app, pg_temp'] });
    expect(fn('reset(integer)')).toMatchObject({ kind: 'procedure', returns: null });
    expect(fn('total(integer)')).toMatchObject({ kind: 'aggregate', definition: "SFUNC = int4pl, STYPE = integer, INITCOND = '0'" });

    expect(s.triggers?.map((t) => `${t.table}.${t.name}:${t.enabled}`)).toEqual([
      'accounts.accounts_audit:disabled',
      'accounts.accounts_touch:origin',
      'events.events_touch:origin', // not its clones on the partitions
    ]);
    expect(s.triggers?.[1].definition).toContain('BEFORE INSERT OR UPDATE OF name ON app.accounts FOR EACH ROW WHEN ((new.name IS NOT NULL)) EXECUTE FUNCTION app.touch()');
    expect(s.eventTriggers).toEqual([
      { name: 'driftboard_ddl', event: 'ddl_command_end', tags: ['CREATE TABLE'], function: 'app.on_ddl', enabled: 'origin', owner: 'postgres' },
    ]);

    const accounts = s.tables.find((t) => t.name === 'accounts');
    expect(accounts).toMatchObject({
      rowSecurity: true, forceRowSecurity: true, persistence: 'permanent', replicaIdentity: 'full', accessMethod: 'heap',
      options: ['autovacuum_vacuum_scale_factor=0.05', 'fillfactor=80'], owner: 'postgres',
    });
    expect(accounts?.columns.find((c) => c.name === 'name')).toMatchObject({ storage: 'external', compression: 'pglz', statisticsTarget: 500 });
    expect(accounts?.columns.find((c) => c.name === 'balance')).toMatchObject({ storage: null, compression: null, statisticsTarget: null });
    expect(s.tables.find((t) => t.name === 'scratch')?.persistence).toBe('unlogged');
    expect(s.tables.find((t) => t.name === 'child')?.inherits).toEqual(['app.base']);
    expect(s.tables.find((t) => t.name === 'keyed')?.replicaIdentity).toBe('index keyed_id_code');
    expect(s.tables.find((t) => t.name === 'events_2024')).toMatchObject({
      partitionOf: 'app.events', partitionBound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    });

    expect(s.policies).toEqual([
      { schema: 'app', table: 'accounts', name: 'accounts_owner', command: 'select', permissive: true, roles: ['driftboard_reader'], using: '(name = CURRENT_USER)', withCheck: null },
      { schema: 'app', table: 'accounts', name: 'accounts_write', command: 'insert', permissive: false, roles: ['public'], using: null, withCheck: '(balance >= (0)::numeric)' },
    ]);

    const grants = (s.privileges ?? []).map((p) => `${p.objectType} ${p.object}${p.column ? '.' + p.column : ''} ${p.grantee} ${p.privileges.join('+')}${p.grantable.length ? ' grantable ' + p.grantable.join('+') : ''}`);
    expect(grants).toEqual(expect.arrayContaining([
      'table accounts driftboard_reader INSERT+SELECT',
      'column accounts.name driftboard_reader UPDATE',
      'schema app driftboard_reader USAGE',
      'function add(integer, integer) driftboard_reader EXECUTE grantable EXECUTE',
      'function add(integer, integer) PUBLIC EXECUTE',
      'sequence accounts_id_seq driftboard_reader USAGE',
    ]));
    // REVOKE … FROM PUBLIC shows as the absence of the default grant.
    expect(grants.some((g) => g.startsWith('function secret() PUBLIC'))).toBe(false);
    expect(s.defaultPrivileges).toEqual([
      { role: 'postgres', schema: 'app', objectType: 'tables', grantee: 'driftboard_reader', privileges: ['SELECT'], grantable: [] },
    ]);

    expect(s.domains).toEqual([
      { schema: 'app', name: 'positive', baseType: 'integer', default: '1', notNull: true, collation: null,
        checks: [{ name: 'positive_check', definition: 'CHECK ((VALUE > 0))', validated: true }], owner: 'postgres', comment: null },
    ]);
    expect(s.compositeTypes?.[0]).toMatchObject({ name: 'pair', attributes: [{ name: 'a', type: 'integer', collation: null }, { name: 'b', type: 'text', collation: 'C' }] });
    expect(s.rangeTypes?.[0]).toMatchObject({ name: 'floatrange', subtype: 'double precision', subtypeDiff: 'float8mi', multirange: 'app.floatmultirange' });
    expect(s.collations?.[0]).toMatchObject({ name: 'bytewise', provider: 'c', locale: 'C', deterministic: true });
    expect(s.statistics?.[0]).toMatchObject({ name: 'accounts_stats', table: 'app.accounts', definition: 'CREATE STATISTICS app.accounts_stats (dependencies) ON id, name FROM app.accounts', target: null });
    expect(s.rules?.map((r) => `${r.table}.${r.name}:${r.enabled}`)).toEqual(['scratch.scratch_ignore:origin']);
    expect(s.views.find((v) => v.name === 'secure_accounts')?.options).toEqual(['check_option=local', 'security_barrier=true']);
    expect(s.views.find((v) => v.name === 'totals')?.indexes?.map((i) => i.name)).toEqual(['totals_n_idx']);
    expect(s.schemaDetails?.find((d) => d.name === 'app')).toEqual({ name: 'app', owner: 'postgres', comment: 'The app' });
  });

  it('gives zero changes between two databases built from the same DDL', async () => {
    const other = await databaseWith(KINDS_DDL);
    const right = await snapshotOf(other.url);
    expect(diffSchemas(left.schema, right.schema)).toEqual([]);
    expect(right.hash).toBe(left.hash);
  });

  it('gives the same model in PGlite (PostgreSQL 18) as on PostgreSQL 15', async () => {
    const shadow = wrapPglite(new PGlite(), true);
    let lite: Snapshot;
    let asShadow: Snapshot;
    try {
      await shadow.exec(ROLES_DDL + KINDS_DDL + 'alter table app.scratch owner to driftboard_writer;');
      lite = await introspect(shadow);
      asShadow = await introspect(shadow, { shadow: true });
    } finally {
      await shadow.close();
    }
    expect(lite.serverVersion).toBeGreaterThanOrEqual(170000);
    expect(lines(diffSchemas(left.schema, lite.schema))).toEqual(['table altered app.-.scratch [owner]']);
    // As a replay's shadow: what the replaying role owns is "not known" and not compared; an explicit owner is.
    expect(asShadow.schema.tables.find((t) => t.name === 'accounts')?.owner).toBeNull();
    expect(asShadow.schema.functions?.every((f) => f.owner === null)).toBe(true);
    expect(lines(diffSchemas(left.schema, asShadow.schema))).toEqual(['table altered app.-.scratch [owner]']);
    lite.schema.tables.find((t) => t.name === 'scratch')!.owner = 'postgres';
    expect(canonicalJson({ ...lite.schema, roles: [] })).toBe(canonicalJson({ ...left.schema, roles: [] }));
  });

  it('survives pg_dump --schema-only and restore: zero changes; with --no-owner --no-privileges only grants differ', async () => {
    const full = await createTestDatabase('dbt_kinds_dump');
    created.push(full);
    const bare = await createTestDatabase('dbt_kinds_bare');
    created.push(bare);
    const dir = await mkdtemp(join(tmpdir(), 'driftboard-kinds-'));
    try {
      await run('pg_dump', ['--schema-only', '--file', join(dir, 'full.sql'), base.url]);
      await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--file', join(dir, 'full.sql'), full.url]);
      await run('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', '--file', join(dir, 'bare.sql'), base.url]);
      await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--file', join(dir, 'bare.sql'), bare.url]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const restored = await snapshotOf(full.url);
    expect(diffSchemas(left.schema, restored.schema)).toEqual([]);
    expect(restored.hash).toBe(left.hash);

    const stripped = await snapshotOf(bare.url);
    const changes = diffSchemas(left.schema, stripped.schema);
    expect(new Set(changes.map((c) => `${c.kind} ${c.change}`))).toEqual(new Set(['privilege missing', 'privilege unexpected', 'default_privilege missing']));
    expect(diffSchemas(left.schema, stripped.schema, { ignorePrivileges: true, ignoreOwnership: true })).toEqual([]);
  });

  it('reports each attribute of each kind as missing, unexpected or altered', async () => {
    const changed = await databaseWith(KINDS_DDL + `
      create or replace function app.add(a integer, b integer default 2) returns integer
        language sql stable strict parallel restricted as $$ select a + b + 0 $$;
      comment on function app.add(integer, integer) is 'Sums';
      create or replace function app.secret() returns text language plpgsql stable security definer
        set search_path = app, pg_temp as $$ begin return 'x'; end $$;
      alter function app.secret() security invoker strict reset search_path;
      alter function app.secret() owner to driftboard_writer;
      drop procedure app.reset(integer);
      create function app.reset(n integer) returns integer language sql as $$ select n $$;
      drop aggregate app.total(integer);
      create function app.fresh() returns int language sql as $$ select 1 $$;

      alter table app.accounts enable always trigger accounts_audit;
      drop trigger accounts_touch on app.accounts;
      create trigger accounts_touch before insert on app.accounts for each row execute function app.touch();
      drop trigger events_touch on app.events;
      create trigger scratch_touch after insert on app.scratch execute function app.touch();
      alter event trigger driftboard_ddl disable;

      alter policy accounts_owner on app.accounts to driftboard_writer using (true);
      drop policy accounts_write on app.accounts;
      create policy accounts_write on app.accounts for update using (true) with check (balance > 10);
      create policy scratch_all on app.scratch using (x > 0);

      alter table app.accounts no force row level security;
      alter table app.scratch enable row level security;
      alter table app.scratch set logged;
      alter table app.accounts reset (fillfactor);
      alter table app.keyed replica identity default;
      alter table app.child no inherit app.base;
      alter table app.events detach partition app.events_2025;
      alter table app.events attach partition app.events_2025 for values from ('2025-01-01') to ('2027-01-01');
      alter table app.base owner to driftboard_writer;
      alter table app.accounts alter column name set storage extended, alter column name set compression default, alter column name set statistics -1;
      alter table app.events alter column body type varchar(10);

      alter view app.secure_accounts reset (security_barrier);
      drop index app.totals_n_idx;

      grant insert on app.accounts to driftboard_reader with grant option;
      revoke usage on schema app from driftboard_reader;
      revoke usage on sequence app.accounts_id_seq from driftboard_reader;
      grant select (balance) on app.accounts to driftboard_writer;
      alter default privileges in schema app grant insert on tables to driftboard_reader;
      alter default privileges in schema app grant usage on sequences to driftboard_writer;

      alter domain app.positive set default 2;
      alter domain app.positive drop not null;
      comment on domain app.positive is 'Above zero';
      alter type app.pair add attribute c date;
      drop type app.floatrange;
      create type app.intpair as (x int);
      drop collation app.bytewise;
      create collation app.bytewise from "POSIX";
      alter statistics app.accounts_stats set statistics 100;
      alter table app.scratch disable rule scratch_ignore;
      comment on schema app is 'Changed';
    `);
    const changes = diffSchemas(left.schema, (await snapshotOf(changed.url)).schema);
    expect(lines(changes)).toEqual([
      'event_trigger altered .-.driftboard_ddl [enabled]',
      'schema altered app.-.app [comment]',
      'table altered app.-.accounts [forceRowSecurity,options]',
      'column altered app.accounts.name [compression,statisticsTarget,storage]',
      'trigger altered app.accounts.accounts_audit [enabled]',
      'trigger altered app.accounts.accounts_touch [definition]',
      'policy altered app.accounts.accounts_owner [roles,using]',
      'policy altered app.accounts.accounts_write [command,permissive,using,withCheck]',
      'privilege unexpected app.accounts.balance:driftboard_writer',
      'privilege altered app.accounts.driftboard_reader [grantable]',
      'privilege missing app.accounts_id_seq.driftboard_reader',
      'statistics altered app.-.accounts_stats [target]',
      'function altered app.-.add(integer, integer) [arguments,comment,definition,parallel,volatility]',
      'table altered app.-.base [owner]',
      'collation altered app.-.bytewise [ctype,locale]',
      'table altered app.-.child [inherits]',
      // the schema's own grants sort under the schema's name
      'privilege missing app.-.driftboard_reader',
      // a partitioned table's column change, not repeated on each partition
      'column altered app.events.body [type]',
      'trigger missing app.events.events_touch',
      'table altered app.-.events_2025 [partitionBound]',
      // the range type's constructor functions are the type's, not functions of their own
      'range_type missing app.-.floatrange',
      'function unexpected app.-.fresh()',
      'composite_type unexpected app.-.intpair',
      'table altered app.-.keyed [replicaIdentity]',
      'composite_type altered app.-.pair [attributes]',
      'domain altered app.-.positive [comment,default,notNull]',
      'default_privilege unexpected app.-.postgres:sequences:driftboard_writer',
      'default_privilege altered app.-.postgres:tables:driftboard_reader [privileges]',
      // procedure → function: arguments print `IN n integer` for a procedure
      'function altered app.-.reset(integer) [arguments,definition,kind,language,returns]',
      'table altered app.-.scratch [persistence,rowSecurity]',
      'trigger unexpected app.scratch.scratch_touch',
      'policy unexpected app.scratch.scratch_all',
      'rule altered app.scratch.scratch_ignore [enabled]',
      'function altered app.-.secret() [config,definition,language,owner,securityDefiner,strict]',
      'view altered app.-.secure_accounts [options]',
      'function missing app.-.total(integer)',
      'index missing app.totals.totals_n_idx',
    ]);
  });

  it('shows each of a dozen hand-made production changes exactly once', async () => {
    const changed = await databaseWith(KINDS_DDL + `
      alter table app.accounts disable row level security;
      create policy accounts_audit_read on app.accounts for select to driftboard_writer using (true);
      grant select on app.accounts to driftboard_writer;
      revoke insert on app.accounts from driftboard_reader;
      grant select (balance) on app.accounts to driftboard_reader;
      revoke update (name) on app.accounts from driftboard_reader;
      create function app.helper() returns int language sql as $$ select 2 $$;
      create or replace function app.add(a integer, b integer default 1) returns integer
        language sql immutable strict parallel safe as $$ select a + b + 1 $$;
      drop procedure app.reset(integer);
      create trigger accounts_late after update on app.accounts for each row execute function app.touch();
      alter table app.accounts disable trigger accounts_touch;
      drop trigger accounts_audit on app.accounts;
      alter domain app.positive drop constraint positive_check;
      alter domain app.positive add constraint positive_check check (value >= 10);
    `);
    const changes = diffSchemas(left.schema, (await snapshotOf(changed.url)).schema);
    expect(lines(changes)).toEqual([
      'table altered app.-.accounts [rowSecurity]',
      'trigger missing app.accounts.accounts_audit',
      'trigger unexpected app.accounts.accounts_late',
      'trigger altered app.accounts.accounts_touch [enabled]',
      'policy unexpected app.accounts.accounts_audit_read',
      'privilege unexpected app.accounts.balance:driftboard_reader',
      'privilege altered app.accounts.driftboard_reader [privileges]',
      'privilege unexpected app.accounts.driftboard_writer',
      'privilege missing app.accounts.name:driftboard_reader',
      'function altered app.-.add(integer, integer) [definition]',
      'function unexpected app.-.helper()',
      'domain altered app.-.positive [checks]',
      // its default EXECUTE to PUBLIC goes with it: not a change of its own
      'function missing app.-.reset(integer)',
    ]);
    const revoke = changes.find((c) => c.kind === 'privilege' && c.change === 'altered');
    expect(revoke).toMatchObject({ expected: { privileges: ['INSERT', 'SELECT'] }, actual: { privileges: ['SELECT'] } });
  });
});
