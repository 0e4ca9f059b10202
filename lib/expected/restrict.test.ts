import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Migration, MigrationSet } from '../model/migration';
import { clearExpectedCache, closeShadowTemplate, expectedSchemaAt, restrictExpected } from '.';
import { openPgliteShadow } from './shadow';
import { sqlMigration } from '../testing/sql-migration';

const migration = (id: string, statements: string[]) =>
  sqlMigration(id, statements, {
    parents: id === '1' ? [] : [String(Number(id) - 1)],
    unverified:
      id === '2' ? [{ kind: 'column', schema: 'app', table: 'orders', name: 'ref', attribute: 'type', file: `/project/migrations/V2__m.sql`, line: 1, reason: 'type REF could not be resolved' }] : undefined,
    checksum: `r${id}`,
  });

const SET: MigrationSet = {
  tool: 'sql',
  path: '/project/migrations',
  heads: ['4'],
  diagnostics: [],
  migrations: [
    migration('1', [
      'CREATE SCHEMA app',
      'CREATE SCHEMA audit',
      "CREATE TYPE app.state AS ENUM ('new', 'done')",
      'CREATE TABLE public.users (id serial PRIMARY KEY, email text)',
      'CREATE TABLE app.orders (id serial PRIMARY KEY, user_id int REFERENCES public.users (id), state app.state, ref text)',
      'CREATE INDEX orders_user_idx ON app.orders (user_id)',
      'CREATE VIEW app.open_orders AS SELECT id FROM app.orders WHERE state = $$new$$',
      'CREATE SEQUENCE audit.ticket',
      'CREATE DOMAIN audit.positive AS int CHECK (VALUE > 0)',
      'CREATE EXTENSION citext SCHEMA audit',
    ]),
    migration('2', [
      'CREATE TABLE audit.log (id bigint DEFAULT nextval($$audit.ticket$$), who audit.citext, n audit.positive)',
      'CREATE FUNCTION audit.touch() RETURNS trigger LANGUAGE plpgsql AS $$ begin return new; end $$',
      'CREATE TRIGGER orders_touch BEFORE UPDATE ON app.orders FOR EACH ROW EXECUTE FUNCTION audit.touch()',
      'ALTER TABLE app.orders ENABLE ROW LEVEL SECURITY',
      'CREATE POLICY orders_all ON app.orders USING (true)',
      'CREATE ROLE restrict_reader NOLOGIN',
      'GRANT SELECT ON app.orders TO restrict_reader',
      'GRANT USAGE ON SCHEMA audit TO restrict_reader',
      'ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO restrict_reader',
      'ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO restrict_reader',
      "COMMENT ON SCHEMA audit IS 'who did what'",
    ]),
    migration('3', ['ALTER TABLE app.orders ADD COLUMN total numeric', 'ALTER TABLE public.users SET SCHEMA app', 'CREATE STATISTICS app.s ON id, user_id FROM app.orders']),
    migration('4', ['CREATE RULE no_delete AS ON DELETE TO audit.log DO INSTEAD NOTHING', 'ALTER TABLE audit.log ADD COLUMN broken int REFERENCES nowhere (id)']),
  ],
};
const ALL = SET.migrations.map((m) => m.id);

beforeAll(async () => (await openPgliteShadow(['citext'])).dispose(), 120_000);
afterAll(async () => {
  clearExpectedCache();
  await closeShadowTemplate();
});

describe('restrictExpected', () => {
  it('cuts an unfiltered replay down to exactly what a replay filtered by those schemas gives', async () => {
    const unfiltered = await expectedSchemaAt(SET, ALL);
    expect(unfiltered.model.schemas).toEqual(['app', 'audit', 'public']);
    for (const filter of [['public'], ['app'], ['audit'], ['app', 'public'], ['audit', 'missing'], ['missing']]) {
      const filtered = await expectedSchemaAt(SET, ALL, { schemas: filter });
      expect(restrictExpected(unfiltered, filter), filter.join(',')).toEqual(filtered);
      if (filter.join() === 'app') {
        // not a trivial case: tables, triggers, policies, grants, credits and placeholders of the schema
        expect(filtered.model.tables.map((t) => t.name)).toEqual(['orders', 'users']);
        expect([filtered.model.triggers?.length, filtered.model.policies?.length, filtered.objects.length > 0, filtered.unverified.length]).toEqual([1, 1, true, 1]);
      }
    }
    expect(restrictExpected(unfiltered, null)).toBe(unfiltered);
  }, 120_000);
});
