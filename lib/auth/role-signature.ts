import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC of who and which role, with the session secret: a role in a session counts only if the server signed it. */
export function signRole(secret: string, email: string, role: string): string {
  return createHmac('sha256', secret).update(`driftboard-role\0${email}\0${role}`).digest('base64url');
}

export function verifyRole(secret: string, email: string, role: string, signature: string): boolean {
  const expected = Buffer.from(signRole(secret, email, role));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
