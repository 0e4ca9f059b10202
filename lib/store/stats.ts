import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store, StoreStats } from './types';

interface CountsRow {
  polls: number;
  blobs: number;
  events: number;
  environments: number;
  table_bytes: bigint | number;
  database_bytes: bigint | number;
}

/** Row counts and bytes on disk of the history store. */
export async function storeStats(store: Store): Promise<StoreStats> {
  const [row] = await store.prisma.$queryRaw<CountsRow[]>`
    SELECT (SELECT count(*)::int FROM poll) AS polls,
           (SELECT count(*)::int FROM schema_blob) AS blobs,
           (SELECT count(*)::int FROM event) AS events,
           (SELECT count(*)::int FROM environment_state) AS environments,
           (pg_total_relation_size('poll') + pg_total_relation_size('schema_blob') + pg_total_relation_size('event')
             + pg_total_relation_size('environment_state') + pg_total_relation_size('_prisma_migrations'))::bigint AS table_bytes,
           pg_database_size(current_database())::bigint AS database_bytes`;
  return {
    kind: store.kind,
    polls: row.polls,
    schemaBlobs: row.blobs,
    events: row.events,
    environments: row.environments,
    tableBytes: Number(row.table_bytes),
    onDiskBytes: store.dataDir ? await folderBytes(store.dataDir) : Number(row.database_bytes),
    walBytes: store.dataDir ? await folderBytes(join(store.dataDir, 'pg_wal')).catch(() => 0) : null,
  };
}

/** Bytes of every file under `dir` (what the PGlite data folder takes on disk). */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}
