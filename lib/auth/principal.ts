import { verifyToken } from '../store/tokens';
import { AppStartError } from '../app/errors';
import { runningContext } from './app-store';
import { ForbiddenError, UnauthorizedError } from './errors';
import { getAuth } from './server';
import { verifyRole } from './role-signature';
import { authSettings, type Role } from './settings';

export { sourceIp } from './principal-ip';

/** Who is asking. `anonymous` only when sign-in is off (loopback, or the demo). */
export interface Principal {
  kind: 'user' | 'token' | 'anonymous';
  /** What the audit log shows: `user:<email>`, `token:<id>:<name>`, `anonymous`. */
  label: string;
  name: string;
  role: Role;
}

const ANONYMOUS: Principal = { kind: 'anonymous', label: 'anonymous', name: 'anonymous', role: 'admin' };

/** The session's or bearer token's principal; null when neither is valid. Without auth: anonymous admin. */
export async function authenticate(headers: Headers): Promise<Principal | null> {
  const settings = authSettings();
  if (settings.error) throw new UnauthorizedError(`auth is misconfigured: ${settings.error}`);
  if (!settings.enabled) return ANONYMOUS;
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1];
  if (bearer) {
    const ctx = await runningContext();
    // Not "no such token": it cannot be checked yet (503, like every read before the app has started).
    if (!ctx) throw new AppStartError('Driftboard is still starting (the history store is not open yet); retry shortly');
    const token = await verifyToken(ctx.store, bearer);
    return token ? { kind: 'token', label: `token:${token.id}:${token.name}`, name: token.name, role: token.role } : null;
  }
  if (!/better-auth\./.test(headers.get('cookie') ?? '')) return null;
  const session = await getAuth().api.getSession({ headers }).catch(() => null);
  if (!session) return null;
  const user = session.user as { email: string; name?: string; role?: string; roleSig?: string };
  // A role the server did not sign (set by anything but sign-in) counts for nothing.
  if (!user.role || !user.roleSig || !verifyRole(settings.oidc!.secret, user.email, user.role, user.roleSig)) return null;
  const role: Role = user.role === 'admin' ? 'admin' : 'viewer';
  return { kind: 'user', label: `user:${user.email}`, name: user.name || user.email, role };
}

/** authenticate(), refusing with 401 (nobody) or 403 (role too low). */
export async function authorize(headers: Headers, needs: Role): Promise<Principal> {
  const principal = await authenticate(headers);
  if (!principal) throw new UnauthorizedError();
  if (needs === 'admin' && principal.role !== 'admin') throw new ForbiddenError();
  return principal;
}
