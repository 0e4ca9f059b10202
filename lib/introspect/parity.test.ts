import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, wrapPglite } from '../db';
import { diffSchemas } from '../diff';
import type { Snapshot } from '../model';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { RICH_DDL } from './fixtures.test-helpers';
import { canonicalJson, introspect } from './index';

// The same DDL into the PostgreSQL server (15) and into PGlite (18): the models must be identical,
// or an environment would always drift from an expected schema replayed into a PGlite shadow.
const EXTRA_DDL = `
alter type public.mood add value 'angry' before 'sad';
alter table public.invoices add constraint invoices_amount_check check (amount > 0);
alter table public.posts add constraint posts_user_fk2 foreign key (user_id) references public.users(id) not valid;
create index invoices_period_idx on public.invoices using gist (period);
create unique index users_lower_email_idx on public.users (lower(email)) include (display_name) where deleted_at is null;
comment on column public.posts.body is 'Markdown';
`;

let t: TestDatabase;
let fromServer: Snapshot;
let fromPglite: Snapshot;

beforeAll(async () => {
  t = await createTestDatabase('dbt_parity');
  await t.exec(RICH_DDL + EXTRA_DDL);
  const db = await openTarget(t.url);
  try {
    fromServer = await introspect(db);
  } finally {
    await db.close();
  }
  const lite = new PGlite();
  const shadow = wrapPglite(lite, true);
  try {
    await shadow.exec(RICH_DDL + EXTRA_DDL);
    fromPglite = await introspect(shadow);
  } finally {
    await shadow.close();
  }
});

afterAll(async () => {
  await t?.drop();
});

describe('PostgreSQL 15 and PGlite (PostgreSQL 18) give the same model', () => {
  it('really compares two different server versions', () => {
    expect(fromServer.serverVersion).toBeLessThan(160000);
    expect(fromPglite.serverVersion).toBeGreaterThanOrEqual(180000);
  });

  it('has no difference and the same hash', () => {
    expect(diffSchemas(fromServer.schema, fromPglite.schema)).toEqual([]);
    // Roles are the server's (cluster-wide), not the schema's: everything else is byte-identical.
    expect(canonicalJson({ ...fromPglite.schema, roles: [] })).toBe(canonicalJson({ ...fromServer.schema, roles: [] }));
    expect(fromPglite.hash).toBe(fromServer.hash);
  });

  it('covers the objects where the versions print differently', () => {
    // PG 18 records NOT NULL as constraints: they must not appear.
    expect(fromPglite.schema.tables.flatMap((x) => x.constraints).some((c) => /NOT NULL/.test(c.definition))).toBe(false);
    // PG 16+ prints single-relation views without column prefixes; PG 15 output is rewritten to match.
    const active = fromServer.schema.views.find((v) => v.name === 'active_users');
    expect(active?.definition).toBe('SELECT id,\n    email\n   FROM users u\n  WHERE deleted_at IS NULL;');
  });
});
