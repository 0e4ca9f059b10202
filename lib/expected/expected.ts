import type { MigrationSet } from '../model/migration';
import { redactUrl } from '../db/redact';
import { replayMigrations, type ExpectedSchema } from './replay';
import { openPgliteShadow, openServerShadow, pgliteExtensionsFor } from './shadow';

export interface ExpectedOptions {
  /** A PostgreSQL server to create the throw-away database on; null/absent = in-process PGlite. */
  shadowUrl?: string | null;
  /** Schemas to read back (the environment's `schemas`); null = every non-system schema. */
  schemas?: string[] | null;
}

const CACHE_LIMIT = 32;
const cache = new Map<string, Promise<ExpectedSchema>>();

/**
 * The schema `set` produces once the `appliedIds` migrations have run (in apply order), replayed into a
 * throw-away shadow database. Memoized per (migration checksums, applied ids, shadow, schemas): a poller
 * asking every minute about an unchanged project replays once. A statement that fails in the shadow does
 * not reject: it is one of `replayProblems` (file:line, error) and the replay goes on; only a shadow that
 * cannot be opened or read back rejects (and is not cached).
 */
export function expectedSchemaAt(set: MigrationSet, appliedIds: Iterable<string>, options: ExpectedOptions = {}): Promise<ExpectedSchema> {
  const applied = new Set(appliedIds);
  const migrations = set.migrations.filter((m) => applied.has(m.id));
  const schemas = options.schemas ? [...options.schemas].sort() : null;
  const shadowUrl = options.shadowUrl ?? null;
  const key = JSON.stringify([
    set.tool,
    set.path,
    shadowUrl ? redactUrl(shadowUrl) : null,
    schemas,
    migrations.map((m) => [m.id, m.checksum]),
  ]);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
    return hit;
  }
  const pending = build(migrations, shadowUrl, schemas);
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return pending;
}

/** Forgets every memoized expected schema (tests, or after the migration files changed on disk). */
export function clearExpectedCache(): void {
  cache.clear();
}

async function build(migrations: MigrationSet['migrations'], shadowUrl: string | null, schemas: string[] | null): Promise<ExpectedSchema> {
  const shadow = shadowUrl
    ? await openServerShadow(shadowUrl)
    : await openPgliteShadow(pgliteExtensionsFor(migrations.flatMap((m) => m.statements.map((s) => s.sql))));
  try {
    return await replayMigrations(shadow.db, migrations, schemas);
  } finally {
    await shadow.dispose().catch(() => {});
  }
}
