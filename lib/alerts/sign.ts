import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed webhook delivery. */
export const SIGNATURE_HEADER = 'x-driftboard-signature';
export const TIMESTAMP_HEADER = 'x-driftboard-timestamp';
export const DELIVERY_HEADER = 'x-driftboard-delivery';

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`). Signing the timestamp with the body lets a
 * receiver refuse replays of old deliveries.
 */
export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's check, constant-time. */
export function verifySignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
