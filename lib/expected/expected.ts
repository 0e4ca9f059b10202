import type { MigrationSet } from '../model/migration';
import { redactUrl } from '../db/redact';
import { AttributionMismatch, canSkipAttribution, replayWithState, type Attribution, type ExpectedSchema, type ReplayState } from './replay';
import { openPgliteShadow, openServerShadow, pgliteExtensionsFor, PGLITE_VERSION, type ShadowDatabase } from './shadow';
import { timed } from './timing';
import { emptyPrefixKey, expectedCacheDir, hasEntry, keysWithData, prefixKeys, readData, readEntry, writeEntry } from './cache';

export interface ExpectedOptions {
  /** A PostgreSQL server to create the throw-away database on; null/absent = in-process PGlite. */
  shadowUrl?: string | null;
  /** Schemas to read back (the environment's `schemas`); null = every non-system schema. */
  schemas?: string[] | null;
  /**
   * `deferred`: the caller can do without `objects` / `createdBy` until it finds an expected object
   * missing (then it asks again without this). Honoured only when nothing is stored (no cache folder:
   * `--no-cache`, a library without configureExpectedCache) and no migration has unverified placeholders;
   * the replay then skips following who created what (attribution `none`, `attributed: false`), about
   * 40 % of a cold replay. An attributed result already memoized serves a deferred request.
   */
  attribution?: 'deferred';
}

const CACHE_LIMIT = 32;
/** A resumed replay stores its shadow's data folder once it is this many migrations past the one it resumed from. */
const DATA_EVERY = 16;
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
  const deferred = options.attribution === 'deferred' && !expectedCacheDir() && canSkipAttribution(migrations);
  const keyOf = (untracked: boolean) =>
    JSON.stringify([set.tool, set.path, shadowUrl ? redactUrl(shadowUrl) : null, schemas, migrations.map((m) => [m.id, m.checksum]), untracked]);
  const key = keyOf(deferred);
  for (const k of deferred ? [keyOf(false), key] : [key]) {
    const hit = cache.get(k);
    if (!hit) continue;
    cache.delete(k);
    cache.set(k, hit); // most recently used last
    return hit;
  }
  const pending = build(set, migrations, shadowUrl, schemas, deferred);
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return pending;
}

/** Forgets every memoized expected schema (tests, or after the migration files changed on disk). */
export function clearExpectedCache(): void {
  cache.clear();
}

/**
 * A PGlite shadow opened ahead of time (prepareExpectedSchema): booted from the stored shadow of the
 * longest cached prefix of a project's migrations (`key`, with its state), or empty (`key` null: no
 * cache), for the PGlite extensions `extensions`. Taken by the first build that can use it.
 */
interface PreparedShadow {
  /** An empty shadow (no cache configured when it was prepared). */
  empty: boolean;
  key: string | null;
  extensions: string;
  opened: Promise<{ shadow: ShadowDatabase; state?: ReplayState } | null>;
  taken: boolean;
}

const prepared = new Set<PreparedShadow>();

/** The prepared shadow for `key` (null: an empty one) and these extensions, taken (null when there is none or it failed). */
async function takePrepared(key: string | null, extensions: string[]): Promise<{ shadow: ShadowDatabase; state?: ReplayState } | null> {
  for (const p of prepared) {
    if (p.taken || p.empty !== (key === null) || p.key !== key || p.extensions !== extensions.join(',')) continue;
    p.taken = true;
    prepared.delete(p);
    return await p.opened;
  }
  return null;
}

/**
 * Starts, in the background, what an expectedSchemaAt of every migration of `set` would first wait for
 * when the cache does not hold it: booting PGlite from the stored shadow of the longest cached prefix
 * (after new migrations), or an empty PGlite (no cache, `--no-cache`). A caller that reads an
 * environment meanwhile (lib/status/check) overlaps the two; an expectedSchemaAt of a prefix of `set`
 * that can resume from that shadow takes it. Nothing is started for a server shadow or when the cache
 * already holds the result. `release` disposes of the shadow when nothing took it.
 */
export function prepareExpectedSchema(set: MigrationSet, options: ExpectedOptions = {}): { release(): Promise<void> } {
  const shadowUrl = options.shadowUrl ?? null;
  if (shadowUrl || set.migrations.length === 0) return { release: async () => {} };
  const schemas = options.schemas ? [...options.schemas].sort() : null;
  const migrations = set.migrations;
  const extensions = pgliteExtensionsFor(migrations.flatMap((m) => m.statements.map((s) => s.sql)));
  const empty = !expectedCacheDir();
  const entry: PreparedShadow = { empty, key: null, extensions: extensions.join(','), opened: Promise.resolve(null), taken: false };
  entry.opened = (async () => {
    if (empty) return { shadow: await openPgliteShadow(extensions) };
    const keys = prefixKeys(set.tool, `pglite:${PGLITE_VERSION}`, schemas, migrations);
    if (await hasEntry(keys[keys.length - 1])) return null;
    const found = await storedShadow(keys);
    if (!found) return null;
    entry.key = found.key;
    return { shadow: await openPgliteShadow(extensions, found.data), state: found.state };
  })().catch(() => null);
  prepared.add(entry);
  return {
    async release() {
      if (entry.taken) return;
      entry.taken = true;
      prepared.delete(entry);
      await (await entry.opened)?.shadow.dispose().catch(() => {});
    },
  };
}

async function build(
  set: MigrationSet,
  migrations: MigrationSet['migrations'],
  shadowUrl: string | null,
  schemas: string[] | null,
  deferred = false,
): Promise<ExpectedSchema> {
  const shadowKind = shadowUrl ? `server:${redactUrl(shadowUrl)}` : `pglite:${PGLITE_VERSION}`;
  const keys = prefixKeys(set.tool, shadowKind, schemas, migrations);
  // No migration applied (a never-migrated environment) is cached like any other list.
  const key = keys[keys.length - 1] ?? emptyPrefixKey(set.tool, shadowKind, schemas);
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
  let first = true;
  const open = async () => {
    if (shadowUrl) return openServerShadow(shadowUrl);
    const ready = first && !expectedCacheDir() ? await takePrepared(null, extensions) : null;
    first = false;
    return ready?.shadow ?? openPgliteShadow(extensions);
  };
  // Nothing stored, nothing credited (see ExpectedOptions.attribution).
  if (deferred) return await replayAndStore(await timed('shadow: open', open), migrations, schemas, undefined, undefined, 'none');
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
  // Booted ahead of time (prepareExpectedSchema) from a prefix of these migrations: the longest stored one.
  await Promise.all([...prepared].map((p) => p.opened.catch(() => null)));
  for (const p of prepared) {
    if (!p.key || p.taken || p.extensions !== extensions.join(',')) continue;
    const i = keys.indexOf(p.key);
    if (i < 0 || i === keys.length - 1) continue;
    const ready = await takePrepared(p.key, extensions);
    if (ready?.state && ready.state.applied === i + 1) {
      const state = ready.state;
      // A longer stored prefix than the prepared one would be faster to resume from: only the prepared one is booted.
      return { shadow: ready.shadow, state };
    }
    await ready?.shadow.dispose().catch(() => {});
  }
  const found = await storedShadow(keys.slice(0, -1));
  if (!found) return null;
  try {
    return { shadow: await timed('shadow: boot from stored shadow', () => openPgliteShadow(extensions, found.data)), state: found.state };
  } catch {
    return null; // a data folder this PGlite cannot load: a cold replay
  }
}

/** The stored shadow of the longest prefix of `keys` that has one (its data and state), or null. */
async function storedShadow(keys: string[]): Promise<{ key: string; data: Blob; state: ReplayState } | null> {
  const stored = await keysWithData(keys);
  for (let i = keys.length - 1; i >= 0; i--) {
    if (!stored.has(keys[i])) continue;
    const entry = await readEntry(keys[i]);
    // The state must be that of exactly this prefix (a key collision or a bug would show here).
    const data = entry && entry.state.applied === i + 1 ? await timed('cache: read stored shadow', () => readData(keys[i], entry)) : null;
    if (entry && data) return { key: keys[i], data, state: entry.state };
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
    if (key && expectedCacheDir() && expected.attributed !== false) {
      // Saving a shadow (dump, compress, write ~50 MB) costs more than replaying a few migrations: a
      // resumed replay saves its shadow only every DATA_EVERY migrations; the ones between resume from
      // the last saved one and replay the few since.
      // (Nothing to resume from an empty shadow: none is stored for no migration.)
      const save = state.applied > 0 && (!resume || state.applied - resume.applied >= DATA_EVERY);
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
