import { describe, expect, it } from 'vitest';
import type { SchemaModel, Table } from '../model/schema';
import type { ExpectedSchema } from '../expected';
import { objectsOf } from '../expected';
import { findGhostMigrations, lacksExpectedObjects } from '.';

const table = (name: string, columns: string[], indexes: string[] = []): Table => ({
  schema: 'public',
  name,
  kind: 'table',
  partitionOf: null,
  partitionKey: null,
  comment: null,
  columns: columns.map((c) => ({ name: c, type: 'integer', nullable: true, default: null, identity: null, generated: null, collation: null, comment: null })),
  constraints: [],
  indexes: indexes.map((i) => ({ name: i, definition: `CREATE INDEX ${i} ON public.${name} USING btree (id)`, unique: false, primary: false, valid: true })),
});

const model = (tables: Table[], enumValues: string[] | null = ['active', 'banned', 'archived']): SchemaModel => ({
  schemas: ['public'],
  extensions: [],
  tables,
  enums: enumValues ? [{ schema: 'public', name: 'user_status', values: enumValues }] : [],
  sequences: [],
  views: [],
});

/** users (a1) + nickname (d4); posts (c3) with an index (e5); enum (b2) + value archived (d4). */
function expected(): ExpectedSchema {
  const m = model([table('users', ['id', 'email', 'nickname']), table('posts', ['id', 'title'], ['ix_posts_title'])]);
  const credit: Record<string, string> = {
    'table:public.users': 'a1', 'column:public.users.id': 'a1', 'column:public.users.email': 'a1', 'column:public.users.nickname': 'd4',
    'table:public.posts': 'c3', 'column:public.posts.id': 'c3', 'column:public.posts.title': 'c3', 'index:public.ix_posts_title': 'e5',
    'enum:public.user_status': 'b2', 'enum_value:public.user_status.active': 'b2', 'enum_value:public.user_status.banned': 'b2',
    'enum_value:public.user_status.archived': 'd4',
  };
  const objects = [...objectsOf(m).entries()].map(([id, o]) => ({ ...o, createdBy: credit[id] }));
  return { model: m, objects, createdBy: Object.fromEntries(objects.map((o) => [o.key, o.createdBy])), migrations: ['a1', 'b2', 'c3', 'd4', 'e5'], replayProblems: [], unverified: [], statements: { run: 5, failed: 0 } };
}

const ALL = ['a1', 'b2', 'c3', 'd4', 'e5'];

describe('findGhostMigrations', () => {
  it('reports nothing when every created object exists', () => {
    expect(findGhostMigrations(expected(), expected().model, ALL)).toEqual([]);
  });

  it('reports a migration whose column and enum value are absent, in apply order', () => {
    const actual = model([table('users', ['id', 'email']), table('posts', ['id', 'title'], ['ix_posts_title'])], ['active', 'banned']);
    expect(findGhostMigrations(expected(), actual, new Set(['e5', 'd4', 'c3', 'b2', 'a1']))).toEqual([
      { id: 'd4', missing: ['public.user_status.archived', 'public.users.nickname'] },
    ]);
  });

  it('reports an absent table once, not each of its columns, and its index under its own migration', () => {
    const actual = model([table('users', ['id', 'email', 'nickname'])]);
    expect(findGhostMigrations(expected(), actual, ALL)).toEqual([{ id: 'c3', missing: ['public.posts'] }]);
  });

  it('ignores migrations that are not applied and schemas that were not read', () => {
    const actual = model([table('users', ['id', 'email']), table('posts', ['id', 'title'])], ['active', 'banned']);
    expect(findGhostMigrations(expected(), actual, ['a1', 'b2', 'c3'])).toEqual([]);
    const otherSchema: SchemaModel = { ...model([], null), schemas: ['core'] };
    expect(findGhostMigrations(expected(), otherSchema, ALL)).toEqual([]);
  });
});

describe('lacksExpectedObjects', () => {
  const m = () => expected().model;
  it('is false when every expected object is there (extra objects do not count)', () => {
    const actual = model([table('users', ['id', 'email', 'nickname', 'extra']), table('posts', ['id', 'title'], ['ix_posts_title'])]);
    expect(lacksExpectedObjects(m(), actual)).toBe(false);
  });
  it('is true for a missing column, index or enum value, as findGhostMigrations sees them', () => {
    for (const actual of [
      model([table('users', ['id', 'email']), table('posts', ['id', 'title'], ['ix_posts_title'])]),
      model([table('users', ['id', 'email', 'nickname']), table('posts', ['id', 'title'])]),
      model([table('users', ['id', 'email', 'nickname']), table('posts', ['id', 'title'], ['ix_posts_title'])], ['active', 'banned']),
    ]) {
      expect(lacksExpectedObjects(m(), actual)).toBe(true);
      expect(findGhostMigrations(expected(), actual, ['a1', 'b2', 'c3', 'd4', 'e5']).length).toBeGreaterThan(0);
    }
  });
  it('ignores schemas the environment was not read from', () => {
    expect(lacksExpectedObjects(m(), { ...model([]), schemas: ['other'] })).toBe(false);
  });
});
