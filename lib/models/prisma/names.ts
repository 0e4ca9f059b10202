/**
 * Prisma Migrate's default constraint and index names on PostgreSQL (prisma-engines ConstraintNames):
 * always from the database names of table and columns, cut to the byte limit so the suffix still fits.
 */
const LIMIT = 63;

/** The longest prefix of `s` of at most `bytes` UTF-8 bytes that ends on a character boundary. */
function cutBytes(s: string, bytes: number): string {
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= bytes) return s;
  let end = bytes;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

function withSuffix(base: string, suffix: string): string {
  const room = LIMIT - suffix.length;
  return `${Buffer.byteLength(base) >= room ? cutBytes(base, room) : base}${suffix}`;
}

export const primaryKeyName = (table: string): string => withSuffix(table, '_pkey');
export const uniqueIndexName = (table: string, columns: string[]): string => withSuffix(`${table}_${columns.join('_')}`, '_key');
export const indexName = (table: string, columns: string[]): string => withSuffix(`${table}_${columns.join('_')}`, '_idx');
export const foreignKeyName = (table: string, columns: string[]): string => withSuffix(`${table}_${columns.join('_')}`, '_fkey');
