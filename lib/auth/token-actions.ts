import { z } from 'zod';
import type { Store } from '../store/types';
import { appendAudit } from '../store/audit';
import { createToken, listTokens, revokeToken, type TokenRecord } from '../store/tokens';
import { NotFoundError } from '../app/errors';
import type { Principal } from './principal';

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100, 'is too long'),
  role: z.enum(['viewer', 'admin']).default('viewer'),
  /** Every token expires: at most a year. */
  expiresInDays: z.number().int().min(1).max(365).default(90),
});

export const tokenIdParams = z.object({ id: z.coerce.number().int().positive() });

/** Creates a token for `principal` and audits it; the token is in the answer once and nowhere else. */
export async function createTokenAs(store: Store, principal: Principal, input: z.infer<typeof createTokenBody>, ip: string | null) {
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const created = await createToken(store, { name: input.name, role: input.role, createdBy: principal.label, expiresAt });
  await appendAudit(store, { principal: principal.label, action: 'create-token', object: `token:${created.record.id}:${created.record.name}`, sourceIp: ip });
  return created;
}

export async function revokeTokenAs(store: Store, principal: Principal, id: number, ip: string | null): Promise<TokenRecord> {
  const record = await revokeToken(store, id);
  if (!record) throw new NotFoundError(`no token with id ${id}`);
  await appendAudit(store, { principal: principal.label, action: 'revoke-token', object: `token:${record.id}:${record.name}`, sourceIp: ip });
  return record;
}

export { listTokens };
