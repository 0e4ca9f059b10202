import type { Store } from './types';

/** One stored expected-schema entry as lib/expected/cache.ts writes it (its body is that module's JSON). */
export interface StoredExpectedEntry {
  format: number;
  body: string;
  bodySha256: string;
}

/**
 * The expected-schema cache's rows in the history store (PostgreSQL), shared by every instance on it.
 * lib/expected/cache.ts checks every row it reads (format, checksums) and keeps the store under its size
 * limit; this module only moves rows. Rows of another format are left to the size limit.
 */
export interface ExpectedCacheStore {
  getEntry(key: string, format: number): Promise<StoredExpectedEntry | null>;
  /** Of `keys`, those stored with a shadow data folder. */
  keysWithData(keys: readonly string[], format: number): Promise<Set<string>>;
  getData(key: string, format: number): Promise<{ data: Uint8Array; dataSha256: string } | null>;
  put(key: string, entry: StoredExpectedEntry, data: { data: Uint8Array; dataSha256: string } | null): Promise<void>;
  /** Removes least recently used rows until the table holds at most `maxBytes`. */
  evict(maxBytes: number): Promise<void>;
  remove(key: string): Promise<void>;
}

export function expectedCacheStore(store: Store): ExpectedCacheStore {
  const rows = store.prisma.expectedCacheEntry;
  return {
    async getEntry(key, format) {
      const row = await rows.findUnique({ where: { key }, select: { format: true, body: true, bodySha256: true } });
      if (!row || row.format !== format) return null;
      // Marks the row used (LRU); a lost race with another instance's update is harmless.
      await rows.update({ where: { key }, data: { usedAt: new Date() } }).catch(() => {});
      return row;
    },
    async keysWithData(keys, format) {
      if (keys.length === 0) return new Set();
      const found = await rows.findMany({ where: { key: { in: [...keys] }, format, NOT: { data: null } }, select: { key: true } });
      return new Set(found.map((r) => r.key));
    },
    async getData(key, format) {
      const row = await rows.findUnique({ where: { key }, select: { format: true, data: true, dataSha256: true } });
      if (!row || row.format !== format || !row.data || !row.dataSha256) return null;
      return { data: new Uint8Array(row.data), dataSha256: row.dataSha256 };
    },
    async put(key, entry, data) {
      const bytes = Buffer.byteLength(entry.body) + (data?.data.byteLength ?? 0);
      const fields = {
        format: entry.format,
        body: entry.body,
        bodySha256: entry.bodySha256,
        data: data ? new Uint8Array(data.data) : null,
        dataSha256: data?.dataSha256 ?? null,
        bytes,
        usedAt: new Date(),
      };
      // Same key, same content: an instance that stored it meanwhile stored the same; a row with a shadow
      // is not replaced by one without.
      const existing = await rows.findUnique({ where: { key }, select: { format: true, dataSha256: true } });
      if (existing && existing.format === entry.format && (existing.dataSha256 || !data)) {
        await rows.update({ where: { key }, data: { usedAt: new Date() } }).catch(() => {});
        return;
      }
      await rows.upsert({ where: { key }, create: { key, ...fields }, update: fields });
    },
    async evict(maxBytes) {
      const [{ total }] = await store.prisma.$queryRaw<{ total: bigint | null }[]>`SELECT sum(bytes)::bigint AS total FROM expected_cache`;
      if (total === null || Number(total) <= maxBytes) return;
      // Oldest first, until what is left fits: one statement, so instances evicting together agree.
      await store.prisma.$executeRaw`
        DELETE FROM expected_cache WHERE key IN (
          SELECT key FROM (
            SELECT key, sum(bytes) OVER (ORDER BY used_at DESC, key) AS upto FROM expected_cache
          ) ranked WHERE upto > ${maxBytes}
        )`;
    },
    async remove(key) {
      await rows.deleteMany({ where: { key } });
    },
  };
}
