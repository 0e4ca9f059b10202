import { redactText, redactUrl } from '../db/redact';
import { publicText } from '../auth/public-text';

/** Keys that hold connection strings: never sent to a browser, whatever object they sit in. */
const SECRET_KEYS = new Set(['url', 'shadowUrl', 'databaseUrl', 'connectionString']);

/**
 * Deep copy of `value` fit for the browser: connection-string keys removed and every known secret (and any
 * URL password) blanked out of strings. Every lib/app read returns through here, so the pages and the API
 * share one guarantee instead of each remembering it.
 */
export function toPublic<T>(value: T, secrets: readonly string[]): T {
  const scrub = scrubberFor(secrets);
  // One answer repeats many strings (kinds, schema names, statuses): each is scrubbed once per call.
  const seen = new Map<string, string>();
  const text = (s: string) => {
    let out = seen.get(s);
    if (out === undefined) seen.set(s, (out = scrub(s)));
    return out;
  };
  return strip(value, text) as T;
}

function strip(value: unknown, text: (s: string) => string): unknown {
  // No server paths or internal host:port either (lib/auth/public-text.ts).
  if (typeof value === 'string') return text(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => strip(v, text));
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), strip(v, text)]));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEYS.has(key)) continue;
    out[key] = strip(v, text);
  }
  return out;
}

/** Shortest secret redactText replaces; the index below is keyed by a secret's first this many characters. */
const SEED = 3;

const scrubbers = new WeakMap<readonly string[], (s: string) => string>();

/**
 * publicText(redactText(s, secrets)), the same result, for many secrets. With 200 environments the config
 * holds 400+ secrets (each URL raw and redacted, and its password), and redactText tries each one on every
 * string; almost no string holds any. So the secrets are indexed by their first characters, and only a
 * string in which one really occurs goes through the whole list (in its order, as before).
 */
function scrubberFor(secrets: readonly string[]): (s: string) => string {
  const known = scrubbers.get(secrets);
  if (known) return known;
  const bySeed = new Map<string, string[]>();
  for (const secret of secrets) {
    if (!secret || secret.length < SEED) continue; // redactText skips these too
    const seed = secret.slice(0, SEED);
    const list = bySeed.get(seed);
    if (list) list.push(secret);
    else bySeed.set(seed, [secret]);
  }
  const holdsSecret = (s: string): boolean => {
    for (let i = 0; i + SEED <= s.length; i++) {
      const candidates = bySeed.get(s.slice(i, i + SEED));
      if (candidates) for (const secret of candidates) if (s.startsWith(secret, i)) return true;
    }
    return false;
  };
  // redactText removes URL passwords first, then the secrets: when none occurs in that, none is replaced.
  const scrub = (s: string) => publicText(holdsSecret(redactUrl(s)) ? redactText(s, secrets) : redactText(s));
  scrubbers.set(secrets, scrub);
  return scrub;
}
