import type { MigrationSet } from '../model/migration';
import { redactUrl } from '../db/redact';
import { AttributionMismatch, replayWithState, type Attribution, type ExpectedSchema, type ReplayState } from './replay';
import { openPgliteShadow, openServerShadow, pgliteExtensionsFor, PGLITE_VERSION, type ShadowDatabase } from './shadow';
import { timed } from './timing';
import { expectedCacheDir, keysWithData, prefixKeys, readData, readEntry, writeEntry } from './cache';

export interface ExpectedOptions {
  /** A PostgreSQL server to create the throw-away database on; null/absent = in-process PGlite. */
  shadowUrl?: string | null;
  /** Schemas to read back (the environment's `schemas`); null = every non-system schema. */
  schemas?: string[] | null;
}

const CACHE_LIMIT = 32;
/** A resumed replay stores its shadow's data folder once it is this many migrations past the one it resumed from. */
export const DATA_EVERY = 16;
const cache = new Map<string, Promise<ExpectedSchema>>();

/**
 * The schema `set` produces once the `appliedIds` migrations have run (in apply order), replayed into a
 * throw-away shadow database. Memoized per (migration checksums, applied ids, shadow, schemas): a poller
 * asking every minute about an unchanged project replays once. With the on-disk cache configured
 * (configureExpectedCache) the result also outlives the process, and a PGlite replay of N+k migrations
 * resumes from the stored shadow of the longest cached prefix N (see ./cache.ts). A statement that fails in the shadow does
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
  const pending = build(set, migrations, shadowUrl, schemas);
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return pending;
}

/** Forgets every memoized expected schema (tests, or after the migration files changed on disk). */
export function clearExpectedCache(): void {
  cache.clear();
}

async function build(set: MigrationSet, migrations: MigrationSet['migrations'], shadowUrl: string | null, schemas: string[] | null): Promise<ExpectedSchema> {
  const keys = prefixKeys(set.tool, shadowUrl ? `server:${redactUrl(shadowUrl)}` : `pglite:${PGLITE_VERSION}`, schemas, migrations);
  const key = keys[keys.length - 1];
  if (key && expectedCacheDir()) {
    const hit = await timed('cache: read entry', () => readEntry(key));
    if (hit) return hit.expected;
  }
  const extensions = pgliteExtensionsFor(migrations.flatMap((m) => m.statements.map((s) => s.sql)));
  const resumed = shadowUrl ? null : await timed('cache: open stored shadow', () => resumeFromCache(keys, extensions));
  if (resumed) {
    try {
      return await replayAndStore(resumed.shadow, migrations, schemas, key, resumed.state);
    } catch (err) {
      if (!(err instanceof AttributionMismatch)) throw err;
    }
  }
  const open = () => (shadowUrl ? openServerShadow(shadowUrl) : openPgliteShadow(extensions));
  // The cheapest attribution first; a disagreement with the final model (a bug, or DDL the events do not
  // describe) replays again with the next, more expensive one.
  for (const attribution of ['events', 'names'] as const) {
    try {
      return await replayAndStore(await timed('shadow: open', open), migrations, schemas, key, undefined, attribution);
    } catch (err) {
      if (!(err instanceof AttributionMismatch)) throw err;
    }
  }
  return await replayAndStore(await open(), migrations, schemas, key, undefined, 'exact');
}

/** A shadow opened from the longest cached prefix of `keys` (its data folder loaded), with its state. */
async function resumeFromCache(keys: string[], extensions: string[]): Promise<{ shadow: ShadowDatabase; state: ReplayState } | null> {
  if (!expectedCacheDir()) return null;
  const stored = await keysWithData(keys.slice(0, -1));
  for (let i = keys.length - 2; i >= 0; i--) {
    if (!stored.has(keys[i])) continue;
    const entry = await readEntry(keys[i]);
    // The state must be that of exactly this prefix (a key collision or a bug would show here).
    const data = entry && entry.state.applied === i + 1 ? await timed('cache: read stored shadow', () => readData(keys[i], entry)) : null;
    if (!entry || !data) continue;
    try {
      return { shadow: await timed('shadow: boot from stored shadow', () => openPgliteShadow(extensions, data)), state: entry.state };
    } catch {
      continue; // a data folder this PGlite cannot load: an older prefix or a cold replay
    }
  }
  return null;
}

/** Replays (or resumes) on `shadow`, stores the result and the shadow's state under `key`, disposes the shadow. */
async function replayAndStore(
  shadow: ShadowDatabase,
  migrations: MigrationSet['migrations'],
  schemas: string[] | null,
  key: string | undefined,
  resume?: ReplayState,
  attribution: Attribution = 'events',
): Promise<ExpectedSchema> {
  try {
    const { expected, state } = await timed(`replay (${attribution})`, () => replayWithState(shadow.db, migrations, schemas, { resume, attribution }));
    if (key && expectedCacheDir()) {
      // Saving a shadow (dump, compress, write ~50 MB) costs more than replaying a few migrations: a
      // resumed replay saves its shadow only every DATA_EVERY migrations; the ones between resume from
      // the last saved one and replay the few since.
      const save = !resume || state.applied - resume.applied >= DATA_EVERY;
      const data = save && shadow.dump ? await timed('shadow: dump', () => shadow.dump!().catch(() => null)) : null;
      // The catalog rows serve only a replay resumed from this entry's shadow: none, none kept.
      const { catalog, ...rest } = state;
      await timed('cache: write entry', () => writeEntry(key, expected, data ? state : rest, data));
    }
    return expected;
  } finally {
    await timed('shadow: dispose', () => shadow.dispose().catch(() => {}));
  }
}
