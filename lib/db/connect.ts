import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Queryable, TargetDb } from './queryable';
import { UnreachableError, describeDbError } from './errors';
import { passwordOf } from './redact';
import { describeTlsError, TlsConfigError, tlsSettingsOf, type TlsSettings } from './tls';

export interface ConnectOptions {
  /** Connect timeout, and the statement_timeout of every query (ms). Default 10 000. */
  timeoutMs?: number;
  /** lock_timeout (ms). Default 2 000: introspection never waits behind a migration's lock. */
  lockTimeoutMs?: number;
  /** Open the session read-only (default true). Shadow databases pass false. */
  readOnly?: boolean;
}

/**
 * In-process PGlite databases addressable as `pglite://<name>`: the embedded demo registers its three
 * environments here, so every reader goes through the same URL-based path as a real server.
 */
const pgliteRegistry = new Map<string, PGlite>();
const pgliteLocks = new Map<PGlite, Promise<unknown>>();

export function registerPglite(name: string, db: PGlite): string {
  pgliteRegistry.set(name, db);
  return `pglite://${name}`;
}

export function unregisterPglite(name: string): void {
  pgliteRegistry.delete(name);
}

/** Opens a connection to `url` (postgres://, postgresql:// or pglite://name). Throws UnreachableError when it cannot. */
export async function openTarget(url: string, options: ConnectOptions = {}): Promise<TargetDb> {
  if (url.startsWith('pglite://')) return openRegisteredPglite(url.slice('pglite://'.length));
  return openPostgres(url, options);
}

async function openPostgres(url: string, options: ConnectOptions): Promise<TargetDb> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lockTimeoutMs = options.lockTimeoutMs ?? 2_000;
  const readOnly = options.readOnly ?? true;
  let tls: TlsSettings;
  try {
    tls = tlsSettingsOf(url);
  } catch (err) {
    if (err instanceof TlsConfigError) throw new UnreachableError(err.message, { cause: err });
    throw err;
  }
  try {
    return await connectPostgres(tls, tls.ssl, timeoutMs, lockTimeoutMs, readOnly);
  } catch (err) {
    // allow/prefer: like libpq, a server without TLS is used in plain text.
    if (!(tls.plainFallback && /does not support SSL/i.test(String((err as Error).cause ?? err)))) throw err;
    return connectPostgres(tls, false, timeoutMs, lockTimeoutMs, readOnly);
  }
}

async function connectPostgres(tls: TlsSettings, ssl: TlsSettings['ssl'], timeoutMs: number, lockTimeoutMs: number, readOnly: boolean): Promise<TargetDb> {
  const url = tls.connectionString;
  const client = new pg.Client({
    connectionString: url,
    // TLS options are explicit (lib/db/tls.ts): node-postgres never sees sslmode, so it prints no warning.
    ...(tls.mode !== null ? { ssl } : {}),
    application_name: 'driftboard',
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    lock_timeout: lockTimeoutMs,
    query_timeout: timeoutMs + 1_000,
    options: readOnly ? '-c default_transaction_read_only=on' : undefined,
  });
  // A dropped connection must not crash the process; the next query reports it.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    const message = describeTlsError(err, tls) ?? describeDbError(err, [passwordOf(url)]).message;
    throw new UnreachableError(message, { cause: err });
  }
  return {
    kind: 'postgres',
    query: async <T,>(sql: string, params?: unknown[]) => {
      const r = await client.query(sql, params as unknown[]);
      return { rows: r.rows as T[] };
    },
    exec: async (sql: string) => {
      await client.query(sql);
    },
    close: async () => {
      await client.end().catch(() => {});
    },
  };
}

async function openRegisteredPglite(name: string): Promise<TargetDb> {
  const db = pgliteRegistry.get(name);
  if (!db) throw new UnreachableError(`no embedded database named "${name}" is running`);
  return wrapPglite(db, false);
}

/**
 * Wraps a PGlite instance as a TargetDb. PGlite is a single session shared by all callers, so
 * each read runs under an instance-wide lock (see readOnlyTransaction).
 */
export function wrapPglite(db: PGlite, owned: boolean): TargetDb {
  return {
    kind: 'pglite',
    query: async <T,>(sql: string, params?: unknown[]) => {
      const r = await db.query<T>(sql, params);
      return { rows: r.rows };
    },
    exec: async (sql: string) => {
      await db.exec(sql);
    },
    close: async () => {
      if (owned) await db.close();
    },
    [PGLITE]: db,
  } as TargetDb;
}

const PGLITE = Symbol('pglite');

/**
 * Runs `fn` inside one REPEATABLE READ, READ ONLY transaction with statement and lock timeouts (and,
 * with `searchPath`, a pinned search_path), so a whole introspection sees one consistent catalog and can
 * never write or wait long behind a lock.
 */
export async function readOnlyTransaction<T>(
  db: TargetDb,
  fn: (q: Queryable) => Promise<T>,
  options: { statementTimeoutMs?: number; lockTimeoutMs?: number; searchPath?: string } = {},
): Promise<T> {
  // One round trip for the whole setup (a remote server pays its latency once, not per statement).
  const setup = [
    'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    `SET LOCAL statement_timeout = ${Math.trunc(options.statementTimeoutMs ?? 10_000)}`,
    `SET LOCAL lock_timeout = ${Math.trunc(options.lockTimeoutMs ?? 2_000)}`,
    // SET, not set_config(): a SELECT would take the snapshot before a SET TRANSACTION SNAPSHOT could import one.
    ...(options.searchPath !== undefined ? [`SET LOCAL search_path = '${options.searchPath.replace(/'/g, "''")}'`] : []),
  ].join(';\n');
  const run = async () => {
    try {
      await db.exec(setup);
    } catch (err) {
      // BEGIN ran but a SET failed: leave no transaction open on the session.
      await db.exec('ROLLBACK').catch(() => {});
      throw err;
    }
    try {
      return await fn(db);
    } finally {
      await db.exec('ROLLBACK').catch(() => {});
    }
  };
  const lite = (db as unknown as Record<symbol, PGlite | undefined>)[PGLITE];
  if (!lite) return run();
  const previous = pgliteLocks.get(lite) ?? Promise.resolve();
  const current = previous.catch(() => {}).then(run);
  pgliteLocks.set(lite, current);
  return current;
}
