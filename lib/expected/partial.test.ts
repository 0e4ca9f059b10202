import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSchema, introspect } from '../introspect';
import type { Migration } from '../model/migration';
import { closeShadowTemplate } from '.';
import { replayWithState, type ReplayState } from './replay';
import { openPgliteShadow, type ShadowDatabase } from './shadow';
import { sqlMigration } from '../testing/sql-migration';

const migration = (id: string, statements: string[]) => sqlMigration(id, statements, { checksum: `c${id}` });

const BASE = migration('1', [
  "CREATE TYPE mood AS ENUM ('happy', 'sad')",
  'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, score int, mood mood, moods mood[])',
  'CREATE INDEX users_email_idx ON users (email)',
  'CREATE TABLE orders (id serial PRIMARY KEY, user_id int REFERENCES users (id), total numeric)',
  'CREATE VIEW user_orders AS SELECT u.id, u.email, o.total FROM users u JOIN orders o ON o.user_id = u.id',
  "CREATE FUNCTION next_code() RETURNS int LANGUAGE sql AS 'select 1'",
  'CREATE TABLE codes (id int DEFAULT next_code(), note text)',
  'CREATE SEQUENCE ticket_seq',
  "CREATE TABLE tickets (id int DEFAULT nextval('ticket_seq'), t text)",
  'CREATE TABLE parent (id int, at date) PARTITION BY RANGE (at)',
  "CREATE TABLE parent_2026 PARTITION OF parent FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
]);

/** Each one resumed from the state after the previous: [statements, whether the read-back may be partial]. */
const STEPS: Array<[string[], boolean]> = [
  [['CREATE TABLE items (id bigserial PRIMARY KEY, name text)'], true],
  [['ALTER TABLE users ALTER COLUMN score TYPE bigint', "ALTER TABLE users ALTER COLUMN mood SET DEFAULT 'sad'"], true],
  [['DROP INDEX users_email_idx'], true],
  // the foreign key of orders and the view's text name the table
  [['ALTER TABLE users RENAME TO accounts'], true],
  [["ALTER TYPE mood ADD VALUE 'meh'"], true],
  [['ALTER TABLE items ADD COLUMN account_id int', 'ALTER TABLE items ADD CONSTRAINT items_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id)'], true],
  [
    [
      'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ begin return new; end $$',
      'CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch()',
      'ALTER TABLE items ENABLE ROW LEVEL SECURITY',
      'CREATE POLICY items_all ON items USING (true)',
    ],
    true,
  ],
  // columns of the type and of its array type
  [['ALTER TYPE mood RENAME TO feeling'], true],
  // a default calling it
  [['ALTER FUNCTION next_code() RENAME TO make_code'], true],
  // foreign keys of two tables and the view
  [['ALTER TABLE accounts RENAME COLUMN id TO account_no'], true],
  [['ALTER SEQUENCE users_id_seq RENAME TO accounts_no_seq'], true],
  [["COMMENT ON COLUMN items.name IS 'what it is'", "COMMENT ON TABLE items IS 'things'"], true],
  [['ALTER TABLE parent RENAME TO periods'], true],
  [['ALTER TABLE orders RENAME TO purchases', 'ALTER INDEX orders_pkey RENAME TO purchases_pkey'], true],
  // the default of tickets goes with the sequence
  [['DROP SEQUENCE ticket_seq CASCADE'], true],
  [['CREATE SCHEMA extra', 'CREATE TABLE extra.t (id int PRIMARY KEY, item_id bigint REFERENCES public.items (id))'], true],
  // what the events do not follow: read in full
  [['ALTER SCHEMA extra RENAME TO other'], false],
  // the view goes with it
  [['DROP TABLE purchases CASCADE'], true],
  [['ALTER TABLE items DROP CONSTRAINT items_account_fk', 'DROP TABLE codes'], true],
];

let shadow: ShadowDatabase;
beforeAll(async () => {
  shadow = await openPgliteShadow();
}, 120_000);

afterAll(async () => {
  await shadow?.dispose();
  await closeShadowTemplate();
});

describe('a resumed replay reads back only what its migrations touched', () => {
  it('gives, after every step, exactly the model of a full introspection', async () => {
    const migrations = [BASE];
    let { state, readBack } = await replayWithState(shadow.db, migrations, null);
    expect(readBack).toBe('full');
    expect(state.catalog?.relations.length).toBeGreaterThan(0);
    let step = 1;
    for (const [statements, partial] of STEPS) {
      migrations.push(migration(String(++step), statements));
      const resumed: ReplayState = JSON.parse(JSON.stringify(state)); // as stored in the cache
      const run = await replayWithState(shadow.db, migrations, null, { resume: resumed });
      expect(run.expected.replayProblems, statements.join('; ')).toEqual([]);
      expect(run.readBack, statements.join('; ')).toBe(partial ? 'partial' : 'full');
      const full = await introspect(shadow.db, { shadow: true, statementTimeoutMs: 60_000 });
      expect(run.expected.model, statements.join('; ')).toEqual(full.schema);
      expect(hashSchema(run.expected.model)).toBe(full.hash);
      state = run.state;
    }
  }, 120_000);
});
