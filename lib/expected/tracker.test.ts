import { afterAll, describe, expect, it } from 'vitest';
import type { Migration } from '../model/migration';
import { closeShadowTemplate } from '.';
import { replayWithState, type Attribution } from './replay';
import { openPgliteShadow } from './shadow';
import { ReplayTracker } from './tracker';
import { sqlMigration } from '../testing/sql-migration';

let checksum = 0;
const migration = (id: string, statements: Array<string | { sql: string; inTransaction: boolean }>) => sqlMigration(id, statements, { checksum: `c${++checksum}` });

// DDL the event triggers must follow exactly: renames of tables, columns, indexes, constraints and enums,
// drops (cascading to other tables), SET SCHEMA, inheritance and partitions, DDL run by DO blocks and
// functions, a failing statement, a rolled-back COMMIT, a schema renamed, and a migration that discards
// the triggers themselves.
const history: Migration[] = [
  migration('1', ['create table a (id int primary key, name text, code text unique)', "create type mood as enum ('ok')", 'create index a_name on a (name)']),
  migration('2', ['create table b (id int primary key, a_id int references a (id))', 'alter table a rename column name to title', "alter type mood add value 'meh'"]),
  migration('3', ['alter index a_name rename to a_title', 'alter table a rename constraint a_code_key to a_code_uq', 'alter table a rename to aa']),
  migration('4', ['drop table aa cascade', 'create table a (id int primary key)', 'create schema s2', 'alter table b set schema s2']),
  migration('5', ['create table p (id int, k int) partition by range (k)', 'create table p1 partition of p for values from (0) to (10)', 'create index p_k on p (k)']),
  migration('6', ['create table parent (id int)', 'create table child () inherits (parent)', 'alter table parent add column extra text']),
  migration('7', ["do $$ begin execute 'create table from_do (x int)'; end $$", 'create table broken (id int references nowhere (id))', 'alter table a add column later int']),
  migration('8', ['create table deferred (id int primary key, r int references deferred (id) deferrable initially deferred)', 'insert into deferred values (1, 99)']),
  migration('9', ['alter schema s2 rename to s3', 'alter type mood rename to feeling', 'create view v as select id from a']),
  migration('10', [{ sql: 'discard all', inTransaction: false }, { sql: 'create table after_discard (id int)', inTransaction: false }]),
  migration('11', ['create table again (id int)', 'alter table again add constraint again_ck check (id > 0)', 'drop view v']),
];

async function replay(attribution: Attribution, migrations: Migration[], resumeAt?: number) {
  const shadow = await openPgliteShadow();
  try {
    if (resumeAt === undefined) return await replayWithState(shadow.db, migrations, null, { attribution });
    const first = await replayWithState(shadow.db, migrations.slice(0, resumeAt), null, { attribution });
    return await replayWithState(shadow.db, migrations, null, { attribution, resume: first.state });
  } finally {
    await shadow.dispose();
  }
}

afterAll(() => closeShadowTemplate());

describe('event-trigger attribution', () => {
  it('credits every object exactly as reading all names after every migration does', async () => {
    const byNames = await replay('names', history);
    const byEvents = await replay('events', history);
    expect(byEvents.expected.objects).toEqual(byNames.expected.objects);
    // The catalog rows hold oids, which the tracker's own functions shift.
    const { owners, catalog, ...state } = byEvents.state;
    const { catalog: namesCatalog, ...namesState } = byNames.state;
    expect(state).toEqual(namesState);
    expect(catalog?.relations.map((r) => `${r.schema}.${r.name}`).sort()).toEqual(namesCatalog?.relations.map((r) => `${r.schema}.${r.name}`).sort());
    expect(owners?.of).toHaveLength(state.present.length);
    expect(byEvents.expected.replayProblems.map((p) => p.migrationId)).toEqual(['7', '8']);
    const by = (key: string) => byEvents.expected.objects.find((o) => o.key === key)?.createdBy;
    expect(by('s3.b')).toBe('9'); // a renamed schema: its objects' names appear there
    expect(by('public.a')).toBe('4');
    expect(by('public.a.later')).toBe('7');
    expect(by('public.from_do')).toBe('7');
    expect(by('public.feeling.meh')).toBe('9');
    expect(by('public.after_discard')).toBe('10');
    expect(by('public.p1_k_idx')).toBe('5');
    expect(by('public.child.extra')).toBe('6');
  }, 60_000);

  it('resumes from a state with the same result, and leaves no trigger behind', async () => {
    const cold = await replay('events', history);
    const resumed = await replay('events', history, 6);
    expect(resumed.expected.objects).toEqual(cold.expected.objects);
    expect(resumed.expected.model.eventTriggers ?? []).toEqual([]);
    expect(cold.expected.model.functions ?? []).toEqual([]);
  }, 60_000);
});

describe('ReplayTracker', () => {
  it('reports the relations a statement touched, nothing after a rolled-back one, and `all` once discarded', async () => {
    const shadow = await openPgliteShadow();
    try {
      const tracker = await ReplayTracker.install(shadow.db, null);
      expect(tracker).not.toBeNull();
      await shadow.db.exec('create table t (id int primary key)');
      const oid = (await shadow.db.query<{ oid: string }>(`select 't'::regclass::oid::int8 as oid`)).rows[0].oid;
      const touched = await tracker!.take();
      expect(touched.all).toBe(false);
      expect(touched.all === false && touched.asked).toContain(String(oid));
      expect(touched.all === false && touched.rows.map((r) => r.id)).toEqual(expect.arrayContaining(['table:public.t', 'column:public.t.id', 'constraint:public.t.t_pkey', 'index:public.t_pkey']));
      await shadow.db.exec('begin; create table u (id int); rollback');
      expect(await tracker!.take()).toEqual({ all: false, asked: [], rows: [], others: [] });
      await shadow.db.exec('discard all');
      expect(await tracker!.take()).toEqual({ all: true });
      await tracker!.uninstall();
      expect((await shadow.db.query('select * from pg_event_trigger')).rows).toEqual([]);
    } finally {
      await shadow.dispose();
    }
  });
});
