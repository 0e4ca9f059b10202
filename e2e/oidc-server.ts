/**
 * A real OIDC provider (the `oidc-provider` package) on loopback for the sign-in tests, with its built-in
 * development login and consent pages: any login name signs in; names starting with "admin" get the admin
 * group. Started by playwright.config.ts; never used outside the tests.
 */
import Provider from 'oidc-provider';
import { ADMIN_GROUP, AUTH_BASE_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ISSUER, OIDC_PORT } from './auth-support';

const provider = new Provider(OIDC_ISSUER, {
  clients: [
    {
      client_id: OIDC_CLIENT_ID,
      client_secret: OIDC_CLIENT_SECRET,
      redirect_uris: [`${AUTH_BASE_URL}/api/auth/callback/oidc`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['e2e-oidc-cookie-key'] },
  async findAccount(_ctx: unknown, id: string) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: `${id}@example.test`,
          email_verified: true,
          name: id,
          groups: id.startsWith('admin') ? [ADMIN_GROUP, 'engineers'] : ['engineers'],
        };
      },
    };
  },
});

provider.listen(OIDC_PORT, '127.0.0.1', () => console.log(`oidc-provider on ${OIDC_ISSUER}`));
