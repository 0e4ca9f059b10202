import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget } from '../db';
import { diffSchemas } from '../diff';
import { introspect } from '../introspect';
import type { DriftboardConfig } from '../model/config';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { repairEnvironment } from '.';

/**
 * Repair of the object kinds beyond tables (functions, triggers, RLS and policies, privileges, domains,
 * composite types, extended statistics) on real PostgreSQL: one database is the target, a copy is broken
 * by hand, `repair --to` the target runs with psql, and the two agree — twice.
 */

const run = promisify(execFile);
const reader = `driftboard_reader_${randomBytes(3).toString('hex')}`;

const DDL = `
  CREATE TABLE docs (id int PRIMARY KEY, owner_id int NOT NULL, body text, rank int);
  ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
  CREATE POLICY docs_owner ON docs FOR SELECT TO PUBLIC USING (owner_id = 1);
  CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.rank := coalesce(NEW.rank, 0); RETURN NEW; END $$;
  CREATE TRIGGER docs_touch BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION touch();
  CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
  CREATE TYPE pair AS (a int, b text);
  CREATE STATISTICS docs_stats ON id, owner_id FROM docs;
  GRANT SELECT ON docs TO ${reader};
  GRANT UPDATE (body) ON docs TO ${reader};`;

describe('repair of functions, triggers, policies, privileges and types (real PostgreSQL)', () => {
  let target: TestDatabase;
  let broken: TestDatabase;
  let dir: string;
  const schemaOf = async (url: string) => {
    const db = await openTarget(url);
    try {
      return (await introspect(db)).schema;
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    [target, broken] = await Promise.all([createTestDatabase('repair_kinds'), createTestDatabase('repair_kinds')]);
    await target.exec(`CREATE ROLE ${reader} NOLOGIN`);
    await Promise.all([target.exec(DDL), broken.exec(DDL)]);
    await broken.exec(`
      ALTER TABLE docs DISABLE ROW LEVEL SECURITY;
      DROP POLICY docs_owner ON docs;
      CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      ALTER TABLE docs DISABLE TRIGGER docs_touch;
      ALTER DOMAIN positive_int DROP CONSTRAINT positive_int_check;
      ALTER DOMAIN positive_int ADD CONSTRAINT positive_int_check CHECK (VALUE > 10);
      REVOKE SELECT ON docs FROM ${reader};
      GRANT DELETE ON docs TO ${reader};
      DROP TYPE pair;
      DROP STATISTICS docs_stats;`);
    dir = await mkdtemp(join(tmpdir(), 'driftboard-repair-kinds-'));
  });

  afterAll(async () => {
    await Promise.all([target?.drop(), broken?.drop()]);
    await target?.exec(`DROP ROLE IF EXISTS ${reader}`).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });

  it('restores each kind from the target’s definitions, verified, idempotent', async () => {
    const config: DriftboardConfig = {
      file: null,
      migrations: { tool: 'sql', path: dir },
      environments: [
        { name: 'target', url: target.url, schemas: null, pollIntervalSeconds: 60 },
        { name: 'broken', url: broken.url, schemas: null, pollIntervalSeconds: 60 },
      ],
      shadowUrl: null,
    };
    const report = await repairEnvironment(config, 'broken', { to: { kind: 'environment', name: 'target' }, includeUnexpected: true });
    expect({ verified: report.verified, error: report.verificationError, remaining: report.remaining }).toEqual({ verified: true, error: null, remaining: [] });
    const sql = report.script;
    expect(sql).toMatch(/ALTER TABLE public\.docs ENABLE ROW LEVEL SECURITY;/);
    expect(sql).toMatch(/CREATE POLICY docs_owner ON public\.docs AS PERMISSIVE FOR SELECT TO PUBLIC USING \(\(owner_id = 1\)\)/);
    expect(sql).toMatch(/CREATE OR REPLACE FUNCTION public\.touch\(\)/);
    expect(sql).toMatch(/ALTER TABLE public\.docs ENABLE TRIGGER docs_touch;/);
    expect(sql).toMatch(/ALTER DOMAIN public\.positive_int ADD CONSTRAINT positive_int_check CHECK \(\(VALUE > 0\)\) NOT VALID;/);
    expect(sql).toMatch(new RegExp(`GRANT SELECT ON TABLE public\\.docs TO ${reader};`));
    expect(sql).toMatch(new RegExp(`REVOKE DELETE ON TABLE public\\.docs FROM ${reader};`));
    expect(sql).toMatch(/CREATE TYPE public\.pair AS \(a integer, b text\)/);
    expect(sql).toMatch(/CREATE STATISTICS IF NOT EXISTS public\.docs_stats/);
    const file = join(dir, 'repair.sql');
    await writeFile(file, sql);
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, broken.url]);
    expect(diffSchemas(await schemaOf(target.url), await schemaOf(broken.url))).toEqual([]);
    await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, broken.url]);
    expect(diffSchemas(await schemaOf(target.url), await schemaOf(broken.url))).toEqual([]);
  }, 180_000);
});
