import type { SchemaModel } from '../model';
import type { SnapshotSummary, Store } from './types';

/** A stored schema by its hash (from a poll, an event or a snapshot list), or null. */
export async function getSchemaByHash(store: Store, hash: string): Promise<SchemaModel | null> {
  const row = await store.prisma.schemaBlob.findUnique({ where: { hash } });
  return row ? (row.json as unknown as SchemaModel) : null;
}

interface SnapshotRow {
  hash: string;
  first_seen: Date;
  last_seen: Date;
  version: string | null;
  polls: number;
}

/** The distinct schemas an environment had, oldest first, with first/last seen and the version at last sight. */
export async function listSnapshots(store: Store, environment: string): Promise<SnapshotSummary[]> {
  const rows = await store.prisma.$queryRaw<SnapshotRow[]>`
    SELECT schema_hash AS hash, min(started_at) AS first_seen, max(started_at) AS last_seen,
           (array_agg(version ORDER BY started_at DESC, id DESC))[1] AS version, count(*)::int AS polls
      FROM poll
     WHERE environment = ${environment} AND schema_hash IS NOT NULL
     GROUP BY schema_hash
     ORDER BY first_seen, hash`;
  return rows.map((r) => ({
    hash: r.hash,
    environment,
    firstSeen: new Date(r.first_seen).toISOString(),
    lastSeen: new Date(r.last_seen).toISOString(),
    version: r.version,
    polls: Number(r.polls),
  }));
}
