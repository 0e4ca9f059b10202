import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Migration, MigrationSet } from '../model/migration';
import { ADMIN_URL } from '../testing/pg-test-db';
import { hashSchema } from '../introspect';
import { clearExpectedCache, closeShadowTemplate, expectedSchemaAt } from '.';
import { openPgliteShadow, watchServerShadows } from './shadow';

function migration(id: string, parents: string[], statements: string[]): Migration {
  return {
    id,
    description: id,
    tool: 'sql',
    file: `/project/migrations/V${id}__${id}.sql`,
    parents,
    dependsOn: [],
    branchLabels: [],
    statements: statements.map((sql, i) => ({ sql, line: 1 + i * 2, origin: null, inTransaction: !/concurrently/i.test(sql) })),
    downStatements: null,
    reversible: false,
    unanalyzed: [],
    checksum: `sum-${id}-${statements.join(';').length}`,
    meta: { scheme: 'flyway' },
  };
}

const SET: MigrationSet = {
  tool: 'sql',
  path: '/project/migrations',
  heads: ['6'],
  diagnostics: [],
  migrations: [
    migration('1', [], [
      'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE)',
      "CREATE TYPE user_status AS ENUM ('active', 'banned')",
    ]),
    migration('2', ['1'], ['ALTER TABLE users ADD COLUMN nickname text', 'CREATE INDEX CONCURRENTLY ix_users_nickname ON users (nickname)']),
    migration('3', ['2'], ["ALTER TYPE user_status ADD VALUE 'archived'", 'CREATE VIEW active_users AS SELECT id, email FROM users']),
    migration('4', ['3'], ['ALTER TABLE users DROP COLUMN nickname']),
    migration('5', ['4'], ['ALTER TABLE users ADD COLUMN nickname varchar(40)']),
    migration('6', ['5'], ['ALTER TABLE users ADD COLUMN broken integer REFERENCES nowhere (id)']),
  ],
};

// Boot PGlite's template once, under the hook timeout: on a busy machine it takes longer than a test's.
beforeAll(async () => (await openPgliteShadow()).dispose());

afterAll(async () => {
  clearExpectedCache();
  await closeShadowTemplate();
});

describe('expectedSchemaAt (PGlite shadow)', () => {
  it('replays in apply order and credits each object to the migration that created it', async () => {
    const expected = await expectedSchemaAt(SET, ['1', '2', '3', '4', '5']);
    const users = expected.model.tables.find((t) => t.name === 'users')!;
    expect(users.columns.map((c) => `${c.name}:${c.type}`)).toEqual(['email:text', 'id:integer', 'nickname:character varying(40)']);
    expect(expected.model.enums[0].values).toEqual(['active', 'banned', 'archived']);
    expect(expected.createdBy).toMatchObject({
      'public.users': '1',
      'public.users.email': '1',
      'public.users.users_email_key': '1',
      'public.users_pkey': '1',
      'public.user_status': '1',
      'public.user_status.active': '1',
      'public.user_status.archived': '3',
      'public.active_users': '3',
      // dropped and created again: the later migration owns it
      'public.users.nickname': '5',
    });
    expect(expected.migrations).toEqual(['1', '2', '3', '4', '5']);
    // The index was dropped with the column in 4: nothing credits an object that no longer exists.
    expect(expected.objects.some((o) => o.key === 'public.ix_users_nickname')).toBe(false);
  });

  it('stops at the applied set and memoizes per applied ids', async () => {
    const first = expectedSchemaAt(SET, ['1', '2']);
    expect(expectedSchemaAt(SET, new Set(['2', '1']))).toBe(first);
    const atTwo = await first;
    expect(atTwo.model.enums[0].values).toEqual(['active', 'banned']);
    expect(atTwo.model.views).toEqual([]);
    expect(expectedSchemaAt(SET, ['1'])).not.toBe(first);
  });

  it('records a statement that fails to replay with its file:line and goes on', async () => {
    const expected = await expectedSchemaAt(SET, ['1', '2', '3', '4', '5', '6']);
    expect(expected.replayProblems).toEqual([
      {
        migrationId: '6',
        file: '/project/migrations/V6__6.sql',
        line: 1,
        statement: 'ALTER TABLE users ADD COLUMN broken integer REFERENCES nowhere (id)',
        error: 'relation "nowhere" does not exist',
      },
    ]);
    expect(expected.statements).toEqual({ run: 8, failed: 1 });
    const users = expected.model.tables.find((t) => t.name === 'users')!;
    expect(users.columns.map((c) => c.name)).toEqual(['email', 'id', 'nickname']);
    expect(expected.migrations).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});

describe('expectedSchemaAt with attribution deferred (nothing stored)', () => {
  const ids = ['1', '2', '3', '4', '5', '6'];

  it('gives the same schema and problems without who created what, and an attributed result serves it afterwards', async () => {
    clearExpectedCache();
    const deferred = await expectedSchemaAt(SET, ids, { attribution: 'deferred' });
    expect(deferred.attributed).toBe(false);
    expect(deferred.objects).toEqual([]);
    expect(deferred.createdBy).toEqual({});
    const full = await expectedSchemaAt(SET, ids);
    expect(full.attributed).toBeUndefined();
    expect(full.createdBy['public.users.nickname']).toBe('5');
    expect(hashSchema(deferred.model)).toBe(hashSchema(full.model));
    expect(deferred.replayProblems).toEqual(full.replayProblems);
    expect(deferred.statements).toEqual(full.statements);
    expect(deferred.unverified).toEqual(full.unverified);
    // Memoized apart; once the attributed one exists, a deferred request takes it.
    expect(await expectedSchemaAt(SET, ids, { attribution: 'deferred' })).toBe(full);
  });

  it('attributes anyway when a migration has unverified placeholders (resolving them needs who created what)', async () => {
    clearExpectedCache();
    const first = SET.migrations[0];
    const placeholder = { kind: 'column' as const, schema: null, table: 'users', name: 'email', attribute: 'type', file: first.file, line: 1, reason: 'type EmailType could not be resolved' };
    const withPlaceholder: MigrationSet = { ...SET, migrations: [{ ...first, unverified: [placeholder] }, ...SET.migrations.slice(1)] };
    const expected = await expectedSchemaAt(withPlaceholder, ['1', '2'], { attribution: 'deferred' });
    expect(expected.attributed).toBeUndefined();
    expect(expected.createdBy['public.users.email']).toBe('1');
    expect(expected.unverified.map((u) => `${u.table}.${u.name}.${u.attribute}`)).toEqual(['users.email.type']);
  });
});

describe('expectedSchemaAt (shadowUrl)', () => {
  it('replays on a temporary database of the server, gives the PGlite model, and drops it', async () => {
    // Only this test's own shadows: other test files replay on the same server at the same time.
    const created: string[] = [];
    const stop = watchServerShadows((name) => created.push(name));
    const onServer = await expectedSchemaAt(SET, ['1', '2', '3', '4'], { shadowUrl: ADMIN_URL }).finally(stop);
    expect(created.length).toBeGreaterThan(0);
    const onPglite = await expectedSchemaAt(SET, ['1', '2', '3', '4']);
    expect(onServer.createdBy).toEqual(onPglite.createdBy);
    expect(hashSchema(onServer.model)).toBe(hashSchema(onPglite.model));
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query(`select datname from pg_database where datname = any($1::text[])`, [created]);
      expect(rows).toEqual([]);
    } finally {
      await admin.end();
    }
  });
});
