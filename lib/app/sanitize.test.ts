import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redactText } from '../db/redact';
import { publicText } from '../auth/public-text';
import { toPublic } from './sanitize';

/** What toPublic did for each string before it indexed the secrets: the reference it must still equal. */
const reference = (s: string, secrets: readonly string[]) => publicText(redactText(s, secrets));

describe('toPublic with many secrets', () => {
  const urls = Array.from({ length: 50 }, (_, i) => `postgres://app:pw-${i}-secret@db${i}.internal:5432/app${i}`);
  const secrets = [...new Set(urls.flatMap((u) => [u, u.replace(/:[^:@/]*@/, ':***@'), /:([^:@/]*)@/.exec(u)![1]]).concat(['ab', '', '=pw']))].sort(
    (a, b) => b.length - a.length,
  );

  it('scrubs every string exactly as redactText + publicText would, secret by secret', () => {
    const fragment = fc.oneof(fc.constantFrom(...secrets, 'password=', '&', ' ', '***', 'postgres://', '@', ':'), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        expect(toPublic({ s }, secrets).s).toBe(reference(s, secrets));
      }),
      { seed: 20261201, numRuns: 2_000 },
    );
  });

  it('repeated strings of one answer get the same public copy; no secret survives anywhere', () => {
    const error = `connect failed for ${urls[3]} (pw-7-secret)`;
    const out = toPublic({ rows: Array.from({ length: 5 }, () => ({ error, status: 'ok', url: urls[0] })) }, secrets);
    expect(out.rows.every((r) => r.error === reference(error, secrets) && !('url' in r))).toBe(true);
    expect(JSON.stringify(out)).not.toMatch(/pw-\d+-secret/);
  });
});
