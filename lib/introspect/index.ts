import { readOnlyTransaction } from '../db';
import type { Queryable, TargetDb } from '../db';
import type { Snapshot } from '../model';
import { buildModel } from './build';
import { hashedPart, sha256Hex } from './canonical';
import { type CatalogRows, readCatalog, readCatalogHead, readCatalogPartA, readCatalogPartB, readCatalogPartial, relationRowsOf, type RelationRows } from './catalog';

export type { RelationRows } from './catalog';

export { canonicalJson, hashSchema, normalizeSchema } from './canonical';

export interface IntrospectOptions {
  /** Schemas to read; null or absent = every non-system schema. */
  schemas?: string[] | null;
  /** statement_timeout of each catalog query (ms). Default 10 000. */
  statementTimeoutMs?: number;
  /**
   * Opens one more read-only session to the same PostgreSQL database (e.g. `() => openTarget(url)`).
   * When given, the catalog is read on both sessions at once, the second importing the first one's
   * snapshot (pg_export_snapshot, as pg_dump -j does), so the result is still one consistent read.
   * Ignored for PGlite. The extra session is closed before introspect returns.
   */
  openSession?: () => Promise<TargetDb>;
  /**
   * The database is a shadow the migrations were replayed into: the session user owns what the
   * migrations created only because it ran them, so those owners are reported null ("not known") and
   * not compared.
   */
  shadow?: boolean;
  /**
   * More reads to run in the same transaction, after the catalog (e.g. the version table): one session,
   * one snapshot, no second transaction's round trips. Its failure fails the introspection.
   */
  within?: (q: Queryable) => Promise<void>;
  /**
   * Read again only what a change can have altered: `rows` are the per-relation rows of an earlier
   * introspection of this very database (same schemas; see `keepRows`), `touched` the oids of the
   * objects changed since (relations, types, constraints, indexes, functions, sequences, …). Every
   * relation among them or depending on one of them, and every new one, is read again; the kinds that
   * are not per relation are read in full. The result equals a full introspection's. One session.
   */
  reuse?: { rows: RelationRows; touched: readonly string[] };
  /** Receives the per-relation rows read (for a later `reuse`). */
  keepRows?: (rows: RelationRows) => void;
}

/**
 * Reads the schema of `db` from pg_catalog in one read-only, repeatable-read transaction (statement
 * and lock timeouts set): no row of a user table is read, sizes come from pg_class estimates.
 */
export async function introspect(db: TargetDb, options: IntrospectOptions = {}): Promise<Snapshot> {
  // Connect the second session while the first one starts reading.
  const extra = options.openSession && db.kind === 'postgres' && !options.reuse ? options.openSession().catch(() => null) : null;
  let rows: CatalogRows;
  try {
    rows = extra ? await readInParallel(db, extra, options) : await readAlone(db, options);
  } catch (err) {
    // A snapshot that cannot be exported (e.g. on some standbys): read on one session instead.
    if (!(err instanceof SnapshotExportError)) throw err;
    rows = await readAlone(db, options);
  } finally {
    const session = extra ? await extra : null;
    await session?.close();
  }
  options.keepRows?.(relationRowsOf(rows));
  const { schema, stats } = await buildModel(rows, { unknownOwner: options.shadow ? rows.settings.current_user : null });
  return {
    schema,
    // buildModel already yields canonical form (tested against canonicalJson): hash it as it is.
    hash: sha256Hex(JSON.stringify(hashedPart(schema))),
    stats,
    serverVersion: rows.settings.server_version,
    takenAt: new Date().toISOString(),
  };
}

/**
 * The search_path every catalog transaction pins: definitions (pg_get_constraintdef, format_type, …)
 * qualify names that are not visible on it, so a database-level search_path must not change the model.
 */
const SEARCH_PATH = 'public';

class SnapshotExportError extends Error {}

function readAlone(db: TargetDb, options: IntrospectOptions): Promise<CatalogRows> {
  return readOnlyTransaction(
    db,
    async (q) => {
      const reuse = options.reuse;
      const rows = reuse ? await readCatalogPartial(q, options.schemas ?? null, reuse.rows, reuse.touched) : await readCatalog(q, options.schemas ?? null);
      await options.within?.(q);
      return rows;
    },
    { statementTimeoutMs: options.statementTimeoutMs, searchPath: SEARCH_PATH },
  );
}

/** Half of the queries on `db`, the other half on a second session that imports db's snapshot. */
function readInParallel(db: TargetDb, extra: Promise<TargetDb | null>, options: IntrospectOptions): Promise<CatalogRows> {
  const txOptions = { statementTimeoutMs: options.statementTimeoutMs, searchPath: SEARCH_PATH };
  return readOnlyTransaction(
    db,
    async (q) => {
      const session = await extra;
      if (!session) {
        const rows = await readCatalog(q, options.schemas ?? null);
        await options.within?.(q);
        return rows;
      }
      // First query of the transaction (after SETs, which take no snapshot): a snapshot cannot be exported
      // from a subtransaction, so a failure aborts this transaction and introspect starts again on one session.
      const snapshotId = await q
        .query<{ id: string }>('select pg_catalog.pg_export_snapshot() as id')
        .then((r) => r.rows[0].id, (err: unknown) => Promise.reject(new SnapshotExportError(String(err))));
      const head = await readCatalogHead(q, options.schemas ?? null);
      const [a, b] = await Promise.all([
        readCatalogPartA(q, head.schemas),
        readOnlyTransaction(
          session,
          async (q2) => {
            await q2.query(`set transaction snapshot '${snapshotId.replace(/'/g, "''")}'`);
            return readCatalogPartB(q2, head.schemas);
          },
          txOptions,
        ),
      ]);
      await options.within?.(q);
      return { ...head, ...a, ...b };
    },
    txOptions,
  );
}
