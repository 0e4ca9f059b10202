import { z } from 'zod';

/**
 * The `auth` section of driftboard.config.json: OIDC sign-in for people, roles from their claims. Secrets come
 * in through ${ENV} expansion. Absent = no sign-in (only allowed on loopback; see lib/auth/listen.ts).
 */
export const authConfigSchema = z.strictObject({
  /** The OIDC issuer (its /.well-known/openid-configuration is read at start). */
  issuer: z.url({ error: 'must be the issuer URL, e.g. https://accounts.google.com' }),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** The URL people open, e.g. https://driftboard.example.com: the callback base and the one accepted Host. */
  publicUrl: z.url({ error: 'must be the dashboard URL people open, e.g. https://driftboard.example.com' }),
  /** Signs session cookies; at least 32 characters (use ${DRIFTBOARD_AUTH_SECRET}). */
  secret: z.string().min(32, 'must be at least 32 characters'),
  scopes: z.array(z.string().min(1)).optional(),
  roles: z
    .strictObject({
      /** The ID token / userinfo claim holding the user's groups (a string or an array of strings). */
      claim: z.string().min(1).default('groups'),
      /** Values of `claim` that make an admin. */
      admin: z.array(z.string().min(1)).default([]),
      /** Values of `claim` that make a viewer; empty = every signed-in user is at least a viewer. */
      viewer: z.array(z.string().min(1)).default([]),
    })
    .optional(),
});

export type AuthConfig = z.infer<typeof authConfigSchema>;
