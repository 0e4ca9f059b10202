import { describe, expect, it } from 'vitest';
import type { Column, SchemaModel, Table } from '../model';
import type { UncheckedAttribute } from '../model/diff';
import { diffSchemas, summarizeChanges, uncheckedOnBothSides } from './index';

const column = (name: string, over: Partial<Column> = {}): Column => ({
  name,
  type: 'text',
  nullable: true,
  default: null,
  identity: null,
  generated: null,
  collation: null,
  comment: null,
  ...over,
});

const table = (schema: string, name: string, over: Partial<Table> = {}): Table => ({
  schema,
  name,
  kind: 'table',
  partitionOf: null,
  partitionKey: null,
  comment: null,
  columns: [column('id', { type: 'bigint', nullable: false })],
  constraints: [
    { name: `${name}_pkey`, type: 'primary', definition: 'PRIMARY KEY (id)', columns: ['id'], validated: true, references: null },
  ],
  indexes: [
    { name: `${name}_pkey`, definition: `CREATE UNIQUE INDEX ${name}_pkey ON ${schema}.${name} USING btree (id)`, unique: true, primary: true, valid: true },
  ],
  ...over,
});

function model(over: Partial<SchemaModel> = {}): SchemaModel {
  return {
    schemas: ['public'],
    extensions: [],
    tables: [
      table('public', 'users', {
        columns: [
          column('id', { type: 'bigint', nullable: false }),
          column('email', { type: 'character varying(255)', nullable: false }),
          column('status', { type: 'text', default: "'active'::text" }),
        ],
      }),
      table('public', 'posts'),
    ],
    enums: [{ schema: 'public', name: 'mood', values: ['sad', 'ok', 'happy'] }],
    sequences: [],
    views: [],
    ...over,
  };
}

/** A deep copy to modify, so the left side stays as built. */
const copy = (m: SchemaModel): SchemaModel => structuredClone(m);

describe('diffSchemas', () => {
  it('finds nothing between equal models', () => {
    expect(diffSchemas(model(), copy(model()))).toEqual([]);
  });

  it('reports an altered column with only the attributes that differ', () => {
    const actual = copy(model());
    const email = actual.tables[0].columns[1];
    email.type = 'text';
    email.nullable = true;
    actual.tables[0].columns[2].default = null;
    expect(diffSchemas(model(), actual)).toEqual([
      {
        kind: 'column',
        change: 'altered',
        schema: 'public',
        table: 'users',
        name: 'email',
        expected: { type: 'character varying(255)', nullable: false },
        actual: { type: 'text', nullable: true },
      },
      {
        kind: 'column',
        change: 'altered',
        schema: 'public',
        table: 'users',
        name: 'status',
        expected: { default: "'active'::text" },
        actual: { default: null },
      },
    ]);
  });

  it('reports a missing table once, not once per column, index or constraint', () => {
    const actual = copy(model());
    actual.tables = actual.tables.filter((t) => t.name !== 'users');
    const changes = diffSchemas(model(), actual);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'table', change: 'missing', schema: 'public', table: null, name: 'users' });
    expect((changes[0].expected as unknown as Table).columns).toHaveLength(3);
    expect(changes[0].actual).toBeNull();
  });

  it('reports missing and unexpected columns with the whole object on its side', () => {
    const actual = copy(model());
    actual.tables[0].columns = actual.tables[0].columns.filter((c) => c.name !== 'status');
    actual.tables[0].columns.push(column('nickname'));
    expect(diffSchemas(model(), actual)).toEqual([
      { kind: 'column', change: 'unexpected', schema: 'public', table: 'users', name: 'nickname', expected: null, actual: column('nickname') },
      { kind: 'column', change: 'missing', schema: 'public', table: 'users', name: 'status', expected: column('status', { default: "'active'::text" }), actual: null },
    ]);
  });

  it('reports a missing enum value, and a changed order of the same values', () => {
    const missing = copy(model());
    missing.enums[0].values = ['sad', 'ok'];
    expect(diffSchemas(model(), missing)).toEqual([
      { kind: 'enum_value', change: 'missing', schema: 'public', table: 'mood', name: 'happy', expected: { value: 'happy', position: 2 }, actual: null },
    ]);

    const reordered = copy(model());
    reordered.enums[0].values = ['happy', 'ok', 'sad'];
    expect(diffSchemas(model(), reordered)).toEqual([
      {
        kind: 'enum',
        change: 'altered',
        schema: 'public',
        table: null,
        name: 'mood',
        expected: { values: ['sad', 'ok', 'happy'] },
        actual: { values: ['happy', 'ok', 'sad'] },
      },
    ]);
  });

  it('reports a changed index definition and an invalid index', () => {
    const actual = copy(model());
    const expected = copy(model());
    const idx = { name: 'users_email_idx', definition: 'CREATE INDEX users_email_idx ON public.users USING btree (email)', unique: false, primary: false, valid: true };
    expected.tables[0].indexes.push(idx);
    actual.tables[0].indexes.push({ ...idx, definition: 'CREATE INDEX users_email_idx ON public.users USING btree (lower((email)::text))', valid: false });
    expect(diffSchemas(expected, actual)).toEqual([
      {
        kind: 'index',
        change: 'altered',
        schema: 'public',
        table: 'users',
        name: 'users_email_idx',
        expected: { definition: idx.definition, valid: true },
        actual: { definition: 'CREATE INDEX users_email_idx ON public.users USING btree (lower((email)::text))', valid: false },
      },
    ]);
  });

  it('reports a missing foreign key and a NOT VALID constraint', () => {
    const fk = { name: 'posts_user_fk', type: 'foreign' as const, definition: 'FOREIGN KEY (user_id) REFERENCES users(id)', columns: ['user_id'], validated: true, references: 'public.users' };
    const expected = copy(model());
    expected.tables[1].constraints.push(fk);
    const actual = copy(model());
    expect(diffSchemas(expected, actual)).toMatchObject([
      { kind: 'constraint', change: 'missing', table: 'posts', name: 'posts_user_fk', expected: fk, actual: null },
    ]);
    actual.tables[1].constraints.push({ ...fk, definition: `${fk.definition} NOT VALID`, validated: false });
    expect(diffSchemas(expected, actual)).toEqual([
      {
        kind: 'constraint',
        change: 'altered',
        schema: 'public',
        table: 'posts',
        name: 'posts_user_fk',
        expected: { definition: fk.definition, validated: true },
        actual: { definition: `${fk.definition} NOT VALID`, validated: false },
      },
    ]);
  });

  it('keeps two tables of the same name in two schemas apart', () => {
    const expected = model({ schemas: ['core', 'public'], tables: [table('core', 'posts'), table('public', 'posts')] });
    const actual = copy(expected);
    actual.tables[0].columns.push(column('slug'));
    expect(diffSchemas(expected, actual)).toMatchObject([{ kind: 'column', change: 'unexpected', schema: 'core', table: 'posts', name: 'slug' }]);
  });

  it('skips ignored tables, bare or qualified, with their owned sequences', () => {
    const seq = { schema: 'public', name: 'alembic_version_seq', dataType: 'integer', start: '1', increment: '1', min: '1', max: '2147483647', cycle: false, ownedBy: 'public.alembic_version.id' };
    const actual = copy(model());
    actual.tables.push(table('public', 'alembic_version'), table('core', 'audit'));
    actual.sequences.push(seq);
    actual.schemas.push('core');
    const changes = diffSchemas(model(), actual, { ignoreTables: ['alembic_version', 'core.audit'] });
    expect(changes).toEqual([{ kind: 'schema', change: 'unexpected', schema: 'core', table: null, name: 'core', expected: null, actual: { name: 'core' } }]);
    // `core.audit` is not `public.audit`
    expect(diffSchemas(model(), actual, { ignoreTables: ['alembic_version', 'other.audit'] }).map((c) => `${c.kind}:${c.schema}.${c.name}`)).toEqual([
      'schema:core.core',
      'table:core.audit',
    ]);
  });

  it('does not report the sequence of a missing serial column table separately', () => {
    const seq = { schema: 'public', name: 'posts_id_seq', dataType: 'integer', start: '1', increment: '1', min: '1', max: '2147483647', cycle: false, ownedBy: 'public.posts.id' };
    const expected = model({ sequences: [seq] });
    const actual = copy(expected);
    actual.tables = actual.tables.filter((t) => t.name !== 'posts');
    actual.sequences = [];
    expect(diffSchemas(expected, actual).map((c) => `${c.change} ${c.kind} ${c.name}`)).toEqual(['missing table posts']);
  });

  it('reports sequences, views and extensions', () => {
    const seq = { schema: 'public', name: 'n_seq', dataType: 'bigint', start: '1', increment: '1', min: '1', max: '9223372036854775807', cycle: false, ownedBy: null };
    const expected = model({
      extensions: [{ name: 'citext', schema: 'public', version: '1.6' }],
      sequences: [seq],
      views: [{ schema: 'public', name: 'v', materialized: false, definition: 'SELECT 1;' }],
    });
    const actual = copy(expected);
    actual.extensions[0].version = '1.5';
    actual.sequences[0].increment = '10';
    actual.views[0].definition = 'SELECT 2;';
    actual.views.push({ schema: 'public', name: 'w', materialized: true, definition: 'SELECT 3;' });
    expect(diffSchemas(expected, actual).map((c) => [c.kind, c.change, c.name, c.expected, c.actual])).toEqual([
      ['extension', 'altered', 'citext', { version: '1.6' }, { version: '1.5' }],
      ['sequence', 'altered', 'n_seq', { increment: '1' }, { increment: '10' }],
      ['view', 'altered', 'v', { definition: 'SELECT 1;' }, { definition: 'SELECT 2;' }],
      ['view', 'unexpected', 'w', null, { schema: 'public', name: 'w', materialized: true, definition: 'SELECT 3;' }],
    ]);
  });

  it('sorts deterministically whatever the input order', () => {
    const expected = model();
    const actual = copy(model());
    actual.tables.reverse();
    actual.tables[0].columns.push(column('b'), column('a'));
    actual.tables[1].columns.push(column('z'));
    const shuffled = copy(actual);
    shuffled.tables.reverse();
    shuffled.tables.forEach((t) => t.columns.reverse());
    const names = diffSchemas(expected, actual).map((c) => `${c.table}.${c.name}`);
    expect(names).toEqual(['posts.a', 'posts.b', 'users.z']);
    expect(diffSchemas(expected, shuffled)).toEqual(diffSchemas(expected, actual));
  });

  it('is the mirror image when the sides are swapped', () => {
    const actual = copy(model());
    actual.tables[0].columns.pop();
    const forward = diffSchemas(model(), actual);
    const backward = diffSchemas(actual, model());
    expect(forward[0]).toMatchObject({ change: 'missing', name: 'status' });
    expect(backward[0]).toMatchObject({ change: 'unexpected', name: 'status', actual: forward[0].expected });
  });
});

describe('diffSchemas with unverified attributes and a schemas filter', () => {
  const unchecked = (over: Partial<UncheckedAttribute>): UncheckedAttribute => ({
    kind: 'column',
    schema: 'public',
    table: 'users',
    name: 'status',
    attribute: 'type',
    reason: 'type GUID could not be resolved',
    file: 'versions/a1.py',
    line: 12,
    ...over,
  });

  const users = (m: SchemaModel) => m.tables.find((t) => t.name === 'users')!;

  it('does not compare an unverified attribute, and compares the rest of that object', () => {
    const actual = copy(model());
    users(actual).columns.find((c) => c.name === 'status')!.type = 'uuid';
    expect(diffSchemas(model(), actual, { unverified: [unchecked({})] })).toEqual([]);
    users(actual).columns.find((c) => c.name === 'status')!.nullable = false;
    expect(diffSchemas(model(), actual, { unverified: [unchecked({})] })).toEqual([
      { kind: 'column', change: 'altered', schema: 'public', table: 'users', name: 'status', expected: { nullable: true }, actual: { nullable: false } },
    ]);
    // Other objects, and other attributes, are still compared.
    expect(diffSchemas(model(), actual, { unverified: [unchecked({ name: 'email' })] }).map((c) => c.expected)).toEqual([{ type: 'text', nullable: true }]);
  });

  it('keeps reporting a missing object whose attribute is unverified', () => {
    const actual = copy(model());
    users(actual).columns = users(actual).columns.filter((c) => c.name !== 'status');
    expect(diffSchemas(model(), actual, { unverified: [unchecked({})] }).map((c) => `${c.change} ${c.name}`)).toEqual(['missing status']);
  });

  it('compares a pinned extension version, skips an unpinned one', () => {
    const expected = model({ extensions: [{ name: 'citext', schema: 'public', version: '1.6' }] });
    const actual = copy(expected);
    actual.extensions[0].version = '1.4';
    expect(diffSchemas(expected, actual).map((c) => `${c.change} ${c.kind} ${c.name}`)).toEqual(['altered extension citext']);
    const unpinned = unchecked({ kind: 'extension', table: null, name: 'citext', attribute: 'version' });
    expect(diffSchemas(expected, actual, { unverified: [unpinned] })).toEqual([]);
  });

  it('leaves out extensions of schemas outside the filter, on both sides', () => {
    const expected = model({ extensions: [{ name: 'plpgsql', schema: 'pg_catalog', version: '1.0' }] });
    const actual = copy(expected);
    actual.extensions.unshift({ name: 'hstore', schema: 'ext', version: '1.8' });
    expect(diffSchemas(expected, actual).map((c) => `${c.change} ${c.kind} ${c.name}`)).toEqual(['unexpected extension hstore']);
    expect(diffSchemas(expected, actual, { schemas: ['public'] })).toEqual([]);
    expect(diffSchemas(expected, actual, { schemas: ['public', 'ext'] }).map((c) => c.name)).toEqual(['hstore']);
  });

  it('lists unverified attributes only for objects the other side has', () => {
    const actual = copy(model());
    users(actual).columns = users(actual).columns.filter((c) => c.name !== 'status');
    const list = [unchecked({}), unchecked({ name: 'email' }), unchecked({ kind: 'table', table: null, name: 'gone', attribute: 'comment' })];
    expect(uncheckedOnBothSides(list, actual).map((u) => u.name)).toEqual(['email']);
  });
});

describe('summarizeChanges', () => {
  it('counts per kind and change type', () => {
    const actual = copy(model());
    actual.tables[0].columns.pop();
    actual.tables[0].columns[0].type = 'integer';
    actual.enums[0].values.pop();
    const s = summarizeChanges(diffSchemas(model(), actual));
    expect(s.total).toBe(3);
    expect(s.byChange).toEqual({ missing: 2, unexpected: 0, altered: 1 });
    expect(s.byKind.column).toEqual({ missing: 1, unexpected: 0, altered: 1 });
    expect(s.byKind.enum_value).toEqual({ missing: 1, unexpected: 0, altered: 0 });
    expect(s.byKind.table).toEqual({ missing: 0, unexpected: 0, altered: 0 });
  });
});
