import { readOnlyTransaction } from '../db';
import type { TargetDb } from '../db';
import type { Snapshot } from '../model';
import { buildModel } from './build';
import { sha256Hex } from './canonical';
import { readCatalog } from './catalog';

export { canonicalJson, hashSchema, normalizeSchema } from './canonical';

export interface IntrospectOptions {
  /** Schemas to read; null or absent = every non-system schema. */
  schemas?: string[] | null;
  /** statement_timeout of each catalog query (ms). Default 10 000. */
  statementTimeoutMs?: number;
}

/**
 * Reads the schema of `db` from pg_catalog in one read-only, repeatable-read transaction (statement
 * and lock timeouts set): no row of a user table is read, sizes come from pg_class estimates.
 */
export async function introspect(db: TargetDb, options: IntrospectOptions = {}): Promise<Snapshot> {
  const rows = await readOnlyTransaction(
    db,
    async (q) => {
      // Pin the search_path: definitions (pg_get_constraintdef, format_type, …) qualify names that are
      // not visible on it, so a database-level search_path must not change the model.
      await q.query(`select pg_catalog.set_config('search_path', 'public', true)`);
      return readCatalog(q, options.schemas ?? null);
    },
    { statementTimeoutMs: options.statementTimeoutMs },
  );
  const { schema, stats } = await buildModel(rows);
  return {
    schema,
    // buildModel already yields canonical form (tested against canonicalJson): hash it as it is.
    hash: sha256Hex(JSON.stringify(schema)),
    stats,
    serverVersion: rows.settings.server_version,
    takenAt: new Date().toISOString(),
  };
}
