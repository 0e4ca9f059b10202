import { getAuth } from '@/lib/auth/server';
import { authSettings } from '@/lib/auth/settings';

/** POST /api/auth/logout (a form in the header): ends the session and returns to the overview. */
export async function POST(request: Request): Promise<Response> {
  const settings = authSettings();
  if (!settings.enabled || !settings.oidc) return Response.json({ error: 'sign-in is not configured' }, { status: 404 });
  const out = await getAuth().api.signOut({ headers: request.headers, asResponse: true }).catch(() => null);
  const headers = new Headers({ location: `${settings.oidc.publicUrl}/`, 'cache-control': 'no-store' });
  for (const cookie of out?.headers.getSetCookie() ?? []) headers.append('set-cookie', cookie);
  return new Response(null, { status: 303, headers });
}
