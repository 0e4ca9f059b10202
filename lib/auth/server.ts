import { betterAuth } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { appendAudit } from '../store/audit';
import { runningContext } from './app-store';
import { sourceIp } from './principal-ip';
import { authSettings, roleFromClaims } from './settings';
import { signRole } from './role-signature';

/** The provider id in the callback URL: /api/auth/oauth2/callback/oidc. */
export const PROVIDER_ID = 'oidc';

/** Eight hours: a working day, then sign in again. */
const SESSION_SECONDS = 8 * 60 * 60;

function createAuth() {
  const settings = authSettings();
  const oidc = settings.oidc;
  if (!oidc) throw new Error('auth is not configured');
  const secure = new URL(oidc.publicUrl).protocol === 'https:';
  return betterAuth({
    appName: 'Driftboard',
    baseURL: oidc.publicUrl,
    basePath: '/api/auth',
    // Nothing a signed-in user may change about themselves: the provider owns identity and groups.
    disabledPaths: ['/update-user', '/change-email', '/delete-user', '/link-social', '/unlink-account'],
    secret: oidc.secret,
    trustedOrigins: [oidc.publicUrl],
    // No database: the session lives in an encrypted, signed cookie (Driftboard keeps no user table).
    session: {
      expiresIn: SESSION_SECONDS,
      cookieCache: { enabled: true, maxAge: SESSION_SECONDS, strategy: 'jwe', refreshCache: true },
    },
    user: {
      // Set from the provider's claims at each sign-in. Better Auth only copies profile fields that accept
      // input, so `roleSig` (an HMAC only the server can make) is what makes `role` trustworthy.
      additionalFields: {
        role: { type: 'string', required: false, input: true },
        roleSig: { type: 'string', required: false, input: true },
      },
    },
    account: { storeStateStrategy: 'cookie', storeAccountCookie: true },
    advanced: {
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure },
    },
    hooks: {
      // The one place a session is born: the provider's callback. Audited with the address it came from.
      after: createAuthMiddleware(async (ctx) => {
        if (!ctx.path.startsWith('/callback/') || !ctx.context.newSession) return;
        const ctxApp = await runningContext();
        const email = (ctx.context.newSession.user as { email: string }).email;
        if (ctxApp) {
          await appendAudit(ctxApp.store, {
            principal: `user:${email}`,
            action: 'sign-in',
            object: null,
            sourceIp: ctx.headers ? sourceIp(ctx.headers) : null,
          }).catch((err: unknown) => console.error(`driftboard: audit: ${err instanceof Error ? err.message : String(err)}`));
        }
      }),
    },
    plugins: [
      genericOAuth({
        config: [
          {
            providerId: PROVIDER_ID,
            discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
            clientId: oidc.clientId,
            clientSecret: oidc.clientSecret,
            scopes: oidc.scopes,
            pkce: true,
            overrideUserInfo: true,
            mapProfileToUser: (profile) => {
              const role = roleFromClaims(profile as Record<string, unknown>, oidc.roles);
              if (!role) throw new Error('not in a group that may use Driftboard');
              const email = profile.email ?? `${String(profile.sub)}@${new URL(oidc.issuer).host}`;
              return { role, roleSig: signRole(oidc.secret, email, role), email, name: profile.name ?? String(profile.sub) };
            },
          },
        ],
      }),
    ],
  });
}

type Auth = ReturnType<typeof createAuth>;
const KEY = Symbol.for('driftboard.better-auth');

/** One Better Auth instance per process (the proxy and the route bundles share it through globalThis). */
export function getAuth(): Auth {
  const g = globalThis as Record<symbol, Auth | undefined>;
  return (g[KEY] ??= createAuth());
}
