import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { openTarget } from '../../db';
import { diffSchemas } from '../../diff';
import { introspect } from '../../introspect';
import type { Migration, SchemaChange, SchemaModel } from '../../model';
import type { UncheckedAttribute } from '../../model/diff';
import type { UnverifiedAttribute } from '../../model/migration';
import { type AlembicFixture, runAlembic, writeAlembicProject } from '../../testing/alembic';
import { createTestDatabase } from '../../testing/pg-test-db';
import { loadAlembicMigrations } from './index';

/**
 * Real Alembic against Driftboard's static reader, for the type and create_table fixtures: a project folder
 * (its own Python packages beside migrations/versions), Alembic run on one database with the project on
 * PYTHONPATH, Driftboard's SQL replayed on another, the two catalogs diffed.
 */

export interface Outcome {
  migrations: Migration[];
  /** Differences left after the attributes Driftboard reported as unverified. */
  changes: SchemaChange[];
  unverified: UnverifiedAttribute[];
  expected: SchemaModel;
}

/** The catalog of a real database, as the engine models it. */
export async function schemaOf(url: string): Promise<SchemaModel> {
  const db = await openTarget(url);
  try {
    return (await introspect(db)).schema;
  } finally {
    await db.close();
  }
}

/** Runs every migration's statements in order on a real database; a failure names file:line and the SQL. */
export async function replay(url: string, migrations: Migration[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const m of migrations) {
      for (const s of m.statements) {
        await c.query(s.sql).catch((e: Error) => {
          throw new Error(`${m.file}:${s.line}: ${e.message}\n${s.sql}`);
        });
      }
    }
  } finally {
    await c.end();
  }
}

function asUnchecked(u: UnverifiedAttribute): UncheckedAttribute {
  return { kind: u.kind, schema: u.schema ?? 'public', table: u.kind === 'table' ? null : u.table, name: u.name, attribute: u.attribute, reason: u.reason, file: u.file, line: u.line };
}

/** Writes `files` (path → text) and the migrations under `root/migrations/versions`, then compares. */
export async function compareWithAlembic(files: Record<string, string>, migrations: AlembicFixture[]): Promise<Outcome> {
  const root = await mkdtemp(join(tmpdir(), 'alembic-types-'));
  const [a, b] = await Promise.all([createTestDatabase('types'), createTestDatabase('types')]);
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    const versions = join(root, 'migrations', 'versions');
    await writeAlembicProject(versions, migrations);
    const set = await loadAlembicMigrations(versions);
    // runAlembic passes the environment on: the project's packages must be importable, as in the project.
    const before = process.env.PYTHONPATH;
    process.env.PYTHONPATH = root;
    try {
      await runAlembic(versions, a.url, 'upgrade', 'head');
    } finally {
      if (before === undefined) delete process.env.PYTHONPATH;
      else process.env.PYTHONPATH = before;
    }
    await replay(b.url, set.migrations);
    const unverified = set.migrations.flatMap((m) => m.unverified ?? []);
    const expected = await schemaOf(a.url);
    const changes = diffSchemas(expected, await schemaOf(b.url), { ignoreTables: ['alembic_version'], unverified: unverified.map(asUnchecked) });
    return { migrations: set.migrations, changes, unverified, expected };
  } finally {
    await Promise.all([a.drop(), b.drop()]);
    await rm(root, { recursive: true, force: true });
  }
}
