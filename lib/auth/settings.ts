import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { authConfigSchema, type AuthConfig } from '../config/auth-schema';
import { expandVariables, formatKeyPath, MissingVariableError } from '../config/expand';

export type Role = 'viewer' | 'admin';

export interface AuthSettings {
  /** False: no sign-in (loopback only, or the embedded demo). */
  enabled: boolean;
  /** No config file: the embedded demo runs. */
  demo: boolean;
  oidc: Required<Omit<AuthConfig, 'roles' | 'scopes'>> & { scopes: string[]; roles: { claim: string; admin: string[]; viewer: string[] } } | null;
  /** Hosts (host[:port]) a request may name besides loopback: the public URL's, and DRIFTBOARD_ALLOWED_HOSTS. */
  allowedHosts: string[];
  /** A problem with the auth settings (one line), refused at start and on every request. */
  error: string | null;
}

/**
 * The auth settings, from driftboard.config.json's `auth` section or, when it has none (or there is no config
 * file, e.g. the demo), from DRIFTBOARD_AUTH_* variables. Read synchronously and kept per process: proxy.ts
 * needs them on every request, before the app context exists. Mirrors configFilePath() in lib/app/context.ts
 * (not imported: that module pulls in the store and the poller).
 */
export function authSettings(env: Readonly<Record<string, string | undefined>> = process.env): AuthSettings {
  const g = globalThis as Record<symbol, AuthSettings | undefined>;
  return (g[KEY] ??= readAuthSettings(env));
}
const KEY = Symbol.for('driftboard.auth-settings');

export function readAuthSettings(env: Readonly<Record<string, string | undefined>>): AuthSettings {
  const file = env.DRIFTBOARD_CONFIG ? path.resolve(env.DRIFTBOARD_CONFIG) : existsSync('driftboard.config.json') ? path.resolve('driftboard.config.json') : null;
  const extraHosts = (env.DRIFTBOARD_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const off = (error: string | null): AuthSettings => ({ enabled: false, demo: file === null, oidc: null, allowedHosts: extraHosts, error });
  let raw: unknown = undefined;
  let where = 'DRIFTBOARD_AUTH_*';
  if (file) {
    try {
      raw = (JSON.parse(readFileSync(file, 'utf8')) as { auth?: unknown }).auth;
      where = `${path.basename(file)}: auth`;
    } catch {
      // The config loader reports an unreadable or invalid file with its line; here it just has no auth.
    }
  }
  if (raw === undefined) raw = fromEnv(env);
  if (raw === undefined) return off(null);
  let parsed: AuthConfig;
  try {
    const result = authConfigSchema.safeParse(expandVariables(raw, env, []));
    if (!result.success) {
      const issue = result.error.issues[0];
      return off(`${where}${issue.path.length ? '.' + formatKeyPath(issue.path) : ''}: ${issue.message}`);
    }
    parsed = result.data;
  } catch (err) {
    if (err instanceof MissingVariableError) return off(`${where}.${formatKeyPath(err.path)}: ${err.message}`);
    throw err;
  }
  const publicHost = new URL(parsed.publicUrl).host.toLowerCase();
  return {
    enabled: true,
    demo: file === null,
    oidc: {
      issuer: parsed.issuer.replace(/\/$/, ''),
      clientId: parsed.clientId,
      clientSecret: parsed.clientSecret,
      publicUrl: parsed.publicUrl.replace(/\/$/, ''),
      secret: parsed.secret,
      scopes: parsed.scopes ?? ['openid', 'email', 'profile', 'groups'],
      roles: { claim: parsed.roles?.claim ?? 'groups', admin: parsed.roles?.admin ?? [], viewer: parsed.roles?.viewer ?? [] },
    },
    allowedHosts: [publicHost, ...extraHosts],
    error: null,
  };
}

/** The same section from variables, for deployments (and the demo) without an `auth` key in a file. */
function fromEnv(env: Readonly<Record<string, string | undefined>>): Record<string, unknown> | undefined {
  if (!env.DRIFTBOARD_AUTH_ISSUER) return undefined;
  const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    issuer: env.DRIFTBOARD_AUTH_ISSUER,
    clientId: env.DRIFTBOARD_AUTH_CLIENT_ID ?? '',
    clientSecret: env.DRIFTBOARD_AUTH_CLIENT_SECRET ?? '',
    publicUrl: env.DRIFTBOARD_PUBLIC_URL ?? '',
    secret: env.DRIFTBOARD_AUTH_SECRET ?? '',
    roles: {
      claim: env.DRIFTBOARD_AUTH_ROLES_CLAIM || 'groups',
      admin: list(env.DRIFTBOARD_AUTH_ADMIN_GROUPS),
      viewer: list(env.DRIFTBOARD_AUTH_VIEWER_GROUPS),
    },
  };
}

/** The role a set of claims earns, or null when the user may not use Driftboard at all. */
export function roleFromClaims(claims: Record<string, unknown>, roles: { claim: string; admin: string[]; viewer: string[] }): Role | null {
  const value = claims[roles.claim];
  const groups = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  if (groups.some((g) => roles.admin.includes(g))) return 'admin';
  if (roles.viewer.length === 0 || groups.some((g) => roles.viewer.includes(g))) return 'viewer';
  return null;
}
