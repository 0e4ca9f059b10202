import { createHash } from 'node:crypto';
import { redactUrl } from '../db/redact';
import { expectedSchemaAt, restrictExpected, type ExpectedOptions, type ExpectedSchema } from '../expected';
import type { Migration, MigrationSet } from '../model/migration';
import type { MigrationRisk } from '../model/risk';
import type { Snapshot } from '../model/schema';
import { analyzeMigrations, tableStatsIndex } from '../risk';

/**
 * What a poll would otherwise recompute every time although its inputs did not change: the expected
 * schema of an environment's applied migrations, and the risk rating of its pending ones. Both are
 * memoized per migration set (the object the app loads once; a reloaded set starts afresh and the old
 * memo goes with it) and keyed by content: applied ids with their checksums, the shadow and the
 * schemas; for ratings also the snapshot's hash, the server version and the table statistics.
 *
 * lib/expected memoizes too, but in a small LRU shared by every caller: 200 environments with 200
 * different `schemas` filters (or at many versions) thrash it and every poll replays again. Here the
 * memo holds one entry per distinct (version, filter) the environments use, up to MEMO_LIMIT.
 */
const MEMO_LIMIT = 512;

interface SetMemo {
  expected: Map<string, Promise<ExpectedSchema>>;
  ratings: Map<string, Promise<MigrationRisk[]>>;
}

const memos = new WeakMap<MigrationSet, SetMemo>();

function memoOf(set: MigrationSet): SetMemo {
  let m = memos.get(set);
  if (!m) memos.set(set, (m = { expected: new Map(), ratings: new Map() }));
  return m;
}

/** Least recently used first: a hit moves to the end; a rejected promise is forgotten. */
function remember<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const hit = map.get(key);
  if (hit) {
    map.delete(key);
    map.set(key, hit);
    return hit;
  }
  const pending = make();
  map.set(key, pending);
  pending.catch(() => {
    if (map.get(key) === pending) map.delete(key);
  });
  while (map.size > MEMO_LIMIT) map.delete(map.keys().next().value as string);
  return pending;
}

/** sha256 of the migrations' ids and checksums, in order (a key of bounded length however long the history). */
function migrationsKey(ms: readonly Migration[]): string {
  const h = createHash('sha256');
  for (const m of ms) h.update(m.id).update('\0').update(m.checksum).update('\n');
  return h.digest('hex');
}

/**
 * expectedSchemaAt, memoized per set by the applied migrations' content, the shadow and the schemas.
 * Replayed once without a filter; a `schemas` filter cuts that result down (restrictExpected, the same
 * as a filtered replay): 200 environments with 200 different filters at one version replay once.
 */
export function memoExpectedSchema(
  set: MigrationSet,
  applied: ReadonlySet<string>,
  options: { shadowUrl?: string | null; schemas?: string[] | null; attribution?: ExpectedOptions['attribution'] },
): Promise<ExpectedSchema> {
  const migrations = set.migrations.filter((m) => applied.has(m.id));
  const schemas = options.schemas ? [...new Set(options.schemas)].sort() : null;
  const deferred = options.attribution === 'deferred';
  const keyOf = (filter: string[] | null, untracked = deferred) =>
    JSON.stringify([options.shadowUrl ? redactUrl(options.shadowUrl) : null, filter, migrationsKey(migrations), untracked]);
  const memo = memoOf(set).expected;
  // A deferred request takes an attributed result already there (or on its way).
  const attributed = deferred ? memo.get(keyOf(schemas, false)) : undefined;
  if (attributed) return attributed;
  const unfiltered = () =>
    remember(memo, keyOf(null), () => expectedSchemaAt(set, applied, { shadowUrl: options.shadowUrl ?? null, schemas: null, attribution: options.attribution }));
  if (!schemas) return unfiltered();
  return remember(memo, keyOf(schemas), async () => restrictExpected(await unfiltered(), schemas));
}

/**
 * analyzeMigrations of the pending list against a snapshot, memoized per set by the pending
 * migrations' content, the server version, the schema hash and the table statistics (sizes weigh the
 * ratings): an unchanged environment is rated once, not every poll.
 */
export function memoRatings(set: MigrationSet, pending: Migration[], snapshot: Snapshot): Promise<MigrationRisk[]> {
  if (pending.length === 0) return Promise.resolve([]);
  const stats = createHash('sha256').update(JSON.stringify(snapshot.stats)).digest('hex');
  const key = JSON.stringify([migrationsKey(pending), snapshot.serverVersion, snapshot.hash, stats]);
  return remember(memoOf(set).ratings, key, () =>
    analyzeMigrations(pending, { serverVersion: snapshot.serverVersion, tableStats: tableStatsIndex(snapshot.stats), schema: snapshot.schema }),
  );
}
