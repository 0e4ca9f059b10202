/** The sign-in test setup (see playwright.config.ts): a local OIDC provider and a demo server with sign-in on. */
export const AUTH_PORT = 3203;
export const OIDC_PORT = 3209;
export const AUTH_BASE_URL = `http://127.0.0.1:${AUTH_PORT}`;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
export const OIDC_CLIENT_ID = 'driftboard-e2e';
export const OIDC_CLIENT_SECRET = 'e2e-client-secret-not-used-anywhere-else';
/** Logins starting with "admin" are in this group (e2e/oidc-server.ts); everyone else is in "engineers". */
export const ADMIN_GROUP = 'driftboard-admins';

/** The variables that turn sign-in on for the demo server. */
export const AUTH_ENV: Record<string, string> = {
  DRIFTBOARD_AUTH_ISSUER: OIDC_ISSUER,
  DRIFTBOARD_AUTH_CLIENT_ID: OIDC_CLIENT_ID,
  DRIFTBOARD_AUTH_CLIENT_SECRET: OIDC_CLIENT_SECRET,
  DRIFTBOARD_PUBLIC_URL: AUTH_BASE_URL,
  DRIFTBOARD_AUTH_SECRET: 'e2e-session-secret-0123456789abcdef0123456789',
  DRIFTBOARD_AUTH_ADMIN_GROUPS: ADMIN_GROUP,
};
