import { redactText } from '../db/redact';
import { publicText } from '../auth/public-text';

/** Keys that hold connection strings: never sent to a browser, whatever object they sit in. */
const SECRET_KEYS = new Set(['url', 'shadowUrl', 'databaseUrl', 'connectionString']);

/**
 * Deep copy of `value` fit for the browser: connection-string keys removed and every known secret (and any
 * URL password) blanked out of strings. Every lib/app read returns through here, so the pages and the API
 * share one guarantee instead of each remembering it.
 */
export function toPublic<T>(value: T, secrets: readonly string[]): T {
  return strip(value, secrets) as T;
}

function strip(value: unknown, secrets: readonly string[]): unknown {
  // No server paths or internal host:port either (lib/auth/public-text.ts).
  if (typeof value === 'string') return publicText(redactText(value, secrets));
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => strip(v, secrets));
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), strip(v, secrets)]));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEYS.has(key)) continue;
    out[key] = strip(v, secrets);
  }
  return out;
}
