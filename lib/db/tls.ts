import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

/** libpq's sslmode values, with libpq's meaning (not node-postgres' "every mode is verify-full"). */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** The URL parameters handled here; none of them reaches node-postgres' own (warning-printing) parser. */
const TLS_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'uselibpqcompat'];

export interface TlsSettings {
  /** The URL without its TLS parameters. */
  connectionString: string;
  /** What pg.Client gets as `ssl`: false for a plain connection. */
  ssl: false | ConnectionOptions;
  /** Null when the URL names no sslmode (then pg's own `ssl=` parameter, if any, applies). */
  mode: SslMode | null;
  /** allow/prefer: a server that refuses TLS is connected to in plain text, as libpq does. */
  plainFallback: boolean;
  /** For messages: what the certificate was checked against. */
  rootCert: string | null;
}

/** Raised for TLS settings that cannot work (an unknown sslmode, an unreadable sslrootcert). */
export class TlsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsConfigError';
  }
}

/**
 * Turns the URL's `sslmode` / `sslrootcert` (and `sslcert` / `sslkey`) into explicit TLS options with
 * libpq's meaning: `require` encrypts without checking the certificate (unless `sslrootcert` is given:
 * then, as in libpq, it is checked like verify-ca), `verify-ca` checks the chain against `sslrootcert`,
 * `verify-full` also checks the host name. `sslrootcert=system` uses the system's CAs.
 */
export function tlsSettingsOf(url: string): TlsSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, ssl: false, mode: null, plainFallback: false, rootCert: null };
  }
  const params = parsed.searchParams;
  const rawMode = params.get('sslmode');
  const rootCert = params.get('sslrootcert');
  const cert = params.get('sslcert');
  const key = params.get('sslkey');
  for (const p of TLS_PARAMS) params.delete(p);
  const connectionString = parsed.toString();
  // Without sslmode node-postgres' own handling (no TLS, or its `ssl=` parameter) stays as it was.
  if (rawMode === null) return { connectionString: url, ssl: false, mode: null, plainFallback: false, rootCert: null };

  const mode = rawMode as SslMode;
  if (!SSL_MODES.includes(mode)) throw new TlsConfigError(`sslmode "${rawMode}" is not one of ${SSL_MODES.join(', ')}`);
  if (mode === 'disable') return { connectionString, ssl: false, mode, plainFallback: false, rootCert: null };

  const ssl: ConnectionOptions = {};
  const system = rootCert === 'system';
  if (rootCert && !system) ssl.ca = readPem('sslrootcert', rootCert);
  if (cert) ssl.cert = readPem('sslcert', cert);
  if (key) ssl.key = readPem('sslkey', key);
  const checkChain = mode === 'verify-ca' || mode === 'verify-full' || (mode === 'require' && rootCert !== null);
  if (!checkChain) {
    ssl.rejectUnauthorized = false;
  } else {
    if (!rootCert && mode === 'verify-ca') throw new TlsConfigError('sslmode=verify-ca needs sslrootcert (a CA file, or "system")');
    ssl.rejectUnauthorized = true;
    // verify-ca checks the chain only; the host name is verify-full's extra check.
    if (mode !== 'verify-full') ssl.checkServerIdentity = () => undefined;
  }
  return { connectionString, ssl, mode, plainFallback: mode === 'allow' || mode === 'prefer', rootCert: system ? 'the system CAs' : rootCert };
}

function readPem(param: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new TlsConfigError(`${param} ${file}: cannot read it (${code})`);
  }
}

/** Node's certificate errors, as one line saying what to fix. */
const CERT_CODES: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'is signed by a CA that sslrootcert does not hold',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed and not in sslrootcert',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is signed by a CA that sslrootcert does not hold',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is signed by a CA that sslrootcert does not hold',
  UNABLE_TO_GET_ISSUER_CERT: 'is signed by a CA that sslrootcert does not hold',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'does not name this host (sslmode=verify-full checks the host name)',
};

/** A one-line message for a TLS failure while connecting, or null when `err` is not one. */
export function describeTlsError(err: unknown, settings: TlsSettings): string | null {
  const e = err as { code?: string; message?: string } | undefined;
  const mode = `sslmode=${settings.mode ?? 'verify-full'}`;
  if (e?.code && CERT_CODES[e.code]) {
    const against = settings.rootCert ? ` (checked against ${settings.rootCert})` : '';
    return `TLS (${mode}): the server's certificate ${CERT_CODES[e.code]}${against}: ${firstLine(e.message)}`;
  }
  if (/does not support SSL/i.test(e?.message ?? '')) return `TLS (${mode}): the server does not accept TLS connections`;
  return null;
}

function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0];
}
