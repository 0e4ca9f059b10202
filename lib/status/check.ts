import { describeDbError, openTarget, passwordOf, redactText, UnreachableError, type TargetDb } from '../db';
import { diffSchemas, uncheckedOnBothSides } from '../diff';
import { findGhostMigrations, lacksExpectedObjects } from '../drift';
import { prepareExpectedSchema, type ExpectedSchema } from '../expected';
import { introspect } from '../introspect';
import { loadMigrationSet } from '../migrations/load';
import { pendingMigrations } from '../migrations/graph';
import type { DriftboardConfig, EnvironmentConfig } from '../model/config';
import type { MigrationSet, VersionState } from '../model/migration';
import type { Snapshot } from '../model/schema';
import type { Drift, EnvironmentCheck, EnvironmentStatus, PendingMigration } from '../model/status';
import { modelDriftOrError } from '../models/report';
import { appliedIds, readVersionState, VERSION_TABLE_NAMES } from '../versions';
import { describeLockHolder, isLockTimeout } from './busy';
import { memoExpectedSchema, memoRatings } from './memo';
import { timed } from '../expected/timing';

export interface CheckOptions {
  /** The project's migrations, when the caller already loaded them (shared by every environment). */
  set?: MigrationSet;
  /** Connect and statement timeout (ms). Default 10 000. */
  timeoutMs?: number;
  /**
   * Connections this check may hold on the environment's server (the poller's grant). With 1 the
   * catalog is read on one session; with 2 or more (or unset: the CLI) a second session may help.
   */
  sessions?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Version states under which the applied list is not known well enough to build an expected schema. */
const NO_DRIFT_STATES = new Set<VersionState['state']>(['unknown-version']);

/**
 * Reads one environment: schema, version table, pending migrations rated against its real table sizes,
 * and drift against the schema its version implies. A problem with the environment (unreachable, no
 * privilege) becomes `status: 'unreachable' | 'error'` with a password-free reason; it never throws for
 * one. Only a broken migration set (loaded here when `options.set` is absent) throws.
 *
 * Migration statements that fail in the shadow do not make the environment `error`: it is `ok`, with
 * them in `drift.replayProblems` and the attributes nobody could check in `drift.unverified`. It is
 * `error` only when nothing useful could be built: the shadow cannot be opened or read back, or every
 * statement of the replay failed (see `nothingReplayed`).
 */
export async function checkEnvironment(config: DriftboardConfig, env: EnvironmentConfig, options: CheckOptions = {}): Promise<EnvironmentCheck> {
  const set = options.set ?? (await loadMigrationSet(config.migrations));
  // The first check of a set boots the shadow it will likely need (the stored shadow to resume from, or
  // an empty one) while the environment is read: PGlite's boot overlaps the catalog round trips.
  // Once per set: a poller's later checks are answered by the memo, and a shadow nobody takes is disposed.
  // No filter: the memo replays without one and cuts the result down per environment.
  const ahead = prepared.has(set) ? null : (prepared.add(set), prepareExpectedSchema(set, { shadowUrl: config.shadowUrl, schemas: null }));
  try {
    return await check(config, env, set, options);
  } finally {
    await ahead?.release();
  }
}

const prepared = new WeakSet<MigrationSet>();

async function check(config: DriftboardConfig, env: EnvironmentConfig, set: MigrationSet, options: CheckOptions): Promise<EnvironmentCheck> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const secrets = [passwordOf(env.url), ...(config.shadowUrl ? [passwordOf(config.shadowUrl)] : [])];
  const status = blankStatus(env, set);
  const finish = (snapshot: Snapshot | null): EnvironmentCheck => {
    status.durationMs = Date.now() - started;
    if (status.error) status.error = redactText(status.error, secrets);
    return { status, snapshot };
  };

  let db: TargetDb;
  try {
    db = await timed(`environment ${env.name}: connect`, () => withDeadline(openTarget(env.url, { timeoutMs, readOnly: true }), timeoutMs + 2_000, 'connection timed out'));
  } catch (err) {
    status.status = 'unreachable';
    status.error = err instanceof UnreachableError ? err.message : describeDbError(err, secrets).message;
    return finish(null);
  }

  // What is read on the environment's connection; everything after it (ratings, the expected schema,
  // models) works offline, with the connection already closed: a replay never holds a server's slot.
  let snapshot: Snapshot | null = null;
  let state: VersionState | null = null;
  try {
    const read: { state?: VersionState } = {};
    snapshot = await timed(`environment ${env.name}: read`, () => introspect(db, {
      schemas: env.schemas,
      statementTimeoutMs: timeoutMs,
      // A second session sharing the first one's snapshot halves the catalog read on large schemas,
      // only when the caller's connection budget allows it.
      openSession: (options.sessions ?? 2) >= 2 ? () => openTarget(env.url, { timeoutMs, readOnly: true }) : undefined,
      // The version table in the same transaction: the version belongs to the very schema read, and no second transaction's round trips.
      within: async (q) => {
        read.state = await readVersionState(q, set);
      },
    }));
    if (!read.state) throw new Error('the version table was not read'); // introspect runs `within` before it returns
    state = read.state;
  } catch (err) {
    const { message, unreachable } = describeDbError(err, secrets);
    status.status = unreachable ? 'unreachable' : 'error';
    status.error = message;
    // Waiting behind a migration's lock is not an outage: say who holds it, and keep no half-read snapshot.
    if (isLockTimeout(err)) {
      const holder = await describeLockHolder(db, env.schemas).catch(() => null);
      const reason = holder ?? `busy: ${message} (the lock holder could not be read)`;
      Object.assign(status, blankStatus(env, set, { status: 'busy', error: reason, checkedAt: status.checkedAt }));
      snapshot = null;
    }
  } finally {
    await db.close();
  }
  if (!snapshot || !state) return finish(snapshot);

  try {
    fillFromSnapshot(status, snapshot);
    await fillVersions(status, set, state, snapshot);
    if (!NO_DRIFT_STATES.has(state.state)) {
      try {
        // Memoized by content (lib/status/memo): an unchanged project is replayed once per version and filter,
        // not per poll. Who created what is needed only when an expected object is missing (ghosts); a
        // replay that stores nothing can leave it for then (ExpectedOptions.attribution).
        const options = { shadowUrl: config.shadowUrl, schemas: env.schemas };
        const applied = appliedIds(state, set);
        const expected = await memoExpectedSchema(set, applied, { ...options, attribution: 'deferred' });
        const failed = nothingReplayed(expected);
        if (failed) {
          status.status = 'error';
          status.error = `cannot build the expected schema: ${failed}`;
        } else {
          const attributed =
            expected.attributed === false && lacksExpectedObjects(expected.model, snapshot.schema)
              ? await memoExpectedSchema(set, applied, options)
              : expected;
          status.drift = driftOf(expected, attributed, applied, snapshot, env);
        }
      } catch (err) {
        // The environment was read; the shadow (server) could not be opened or read: not "unreachable".
        status.status = 'error';
        status.error = `cannot build the expected schema: ${describeDbError(err, secrets).message.split('\n')[0]}`;
      }
    }
    // Models (expected) against this environment, kept apart from migration drift (lib/models).
    if (config.models) status.modelDrift = await modelDriftOrError(config, env, set, snapshot.schema, secrets);
  } catch (err) {
    // Nothing here talks to the environment: whatever fails is an error of the check, the snapshot stays.
    status.status = 'error';
    status.error = describeDbError(err, secrets).message;
  }
  return finish(snapshot);
}

/** A status with nothing read yet; `overrides` fill what is known (e.g. an error). */
export function blankStatus(
  env: Pick<EnvironmentConfig, 'name'>,
  set: Pick<MigrationSet, 'tool' | 'heads'>,
  overrides: Partial<EnvironmentStatus> = {},
): EnvironmentStatus {
  return {
    name: env.name,
    status: 'ok',
    error: null,
    tool: set.tool,
    version: null,
    head: set.heads.length ? set.heads.join(',') : null,
    behind: null,
    pending: [],
    drift: null,
    modelDrift: null,
    versionState: null,
    schemaHash: null,
    serverVersion: null,
    tableStats: [],
    checkedAt: new Date().toISOString(),
    durationMs: 0,
    ...overrides,
  };
}

function fillFromSnapshot(status: EnvironmentStatus, snapshot: Snapshot): void {
  status.schemaHash = snapshot.hash;
  status.serverVersion = snapshot.serverVersion;
  status.tableStats = snapshot.stats;
}

async function fillVersions(status: EnvironmentStatus, set: MigrationSet, state: VersionState, snapshot: Snapshot): Promise<void> {
  status.versionState = state;
  status.version = state.current.length ? state.current.join(',') : null;
  if (state.state === 'unknown-version') return; // behind stays null: never guess
  const pending = pendingMigrations(set, appliedIds(state, set));
  const rated = await memoRatings(set, pending, snapshot);
  status.pending = rated.map(
    (r): PendingMigration => ({ id: r.id, description: r.description, risk: r.risk, reversible: r.reversible, findings: r.findings }),
  );
  status.behind = status.pending.length;
}

/** The drift of `snapshot` from `expected`; ghosts from `attributed` (the same schema, with who created what). */
function driftOf(expected: ExpectedSchema, attributed: ExpectedSchema, applied: ReadonlySet<string>, snapshot: Snapshot, env: EnvironmentConfig): Drift {
  const { unverified } = expected;
  return {
    changes: diffSchemas(expected.model, snapshot.schema, { ignoreTables: [...VERSION_TABLE_NAMES], unverified, schemas: env.schemas }),
    ghostMigrations: findGhostMigrations(attributed, snapshot.schema, applied),
    unverified: uncheckedOnBothSides(unverified, snapshot.schema),
    replayProblems: expected.replayProblems,
  };
}

/**
 * Why the replay built nothing worth comparing — every statement it ran failed (the first problem is
 * named) — or null. One failing statement among working ones only makes the drift less complete.
 */
export function nothingReplayed(expected: Pick<ExpectedSchema, 'statements' | 'replayProblems'>): string | null {
  const { run, failed } = expected.statements;
  if (failed === 0 || run > 0) return null;
  const p = expected.replayProblems[0];
  const first = p ? `: ${p.file}:${p.line}: ${p.error}` : '';
  return `every statement of the replay failed (${failed})${first}`;
}

/** Rejects with an UnreachableError when `work` takes longer than `ms` (a stuck DNS lookup or handshake). */
function withDeadline<T>(work: Promise<T>, ms: number, reason: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnreachableError(`${reason} after ${Math.round(ms / 1000)} s`)), ms);
  });
  work.then(
    (db) => {
      // Arrived after the deadline: nobody will use it.
      if (timer === undefined) (db as unknown as TargetDb)?.close?.().catch(() => {});
    },
    () => {},
  );
  return Promise.race([work, deadline]).finally(() => {
    clearTimeout(timer);
    timer = undefined;
  });
}
