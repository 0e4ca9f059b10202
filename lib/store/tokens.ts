import { createHash, randomBytes } from 'node:crypto';
import type { Store } from './types';

export type TokenRole = 'viewer' | 'admin';

/** A token as listed: never the token itself (only its hash is stored). */
export interface TokenRecord {
  id: number;
  name: string;
  role: TokenRole;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Recognisable in logs and secret scanners; the random part is 32 bytes. */
const PREFIX = 'dbt_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token and returns it once, with its record; only the sha256 is stored. */
export async function createToken(
  store: Store,
  input: { name: string; role: TokenRole; createdBy: string; expiresAt: Date },
): Promise<{ token: string; record: TokenRecord }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row = await store.prisma.apiToken.create({
    data: { name: input.name, role: input.role, createdBy: input.createdBy, expiresAt: input.expiresAt, hash: hashToken(token) },
  });
  return { token, record: toRecord(row) };
}

export async function listTokens(store: Store): Promise<TokenRecord[]> {
  const rows = await store.prisma.apiToken.findMany({ orderBy: { id: 'asc' } });
  return rows.map(toRecord);
}

/** Marks a token revoked (kept, for the audit trail). False when no such token. */
export async function revokeToken(store: Store, id: number, at: Date = new Date()): Promise<TokenRecord | null> {
  const row = await store.prisma.apiToken.findUnique({ where: { id } });
  if (!row) return null;
  if (row.revokedAt) return toRecord(row);
  return toRecord(await store.prisma.apiToken.update({ where: { id }, data: { revokedAt: at } }));
}

/** The live token whose hash matches, or null (unknown, revoked or expired). */
export async function verifyToken(store: Store, token: string, now: Date = new Date()): Promise<TokenRecord | null> {
  if (!token.startsWith(PREFIX)) return null;
  const row = await store.prisma.apiToken.findFirst({ where: { hash: hashToken(token) } });
  if (!row || row.revokedAt || row.expiresAt <= now) return null;
  // Best effort: a failed bookkeeping write must not refuse a valid token.
  await store.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => {});
  return toRecord(row);
}

function toRecord(row: {
  id: number;
  name: string;
  role: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role === 'admin' ? 'admin' : 'viewer',
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
