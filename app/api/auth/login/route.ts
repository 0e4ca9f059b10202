import { getAuth, PROVIDER_ID } from '@/lib/auth/server';
import { authSettings } from '@/lib/auth/settings';

/**
 * GET /api/auth/login?next=/env/production: starts the OIDC sign-in and redirects to the provider, so a plain
 * link (and proxy.ts's redirect for anonymous page views) can sign a person in. `next` must be a local path.
 */
export async function GET(request: Request): Promise<Response> {
  const settings = authSettings();
  if (!settings.enabled || !settings.oidc) return Response.json({ error: 'sign-in is not configured' }, { status: 404 });
  const requested = new URL(request.url).searchParams.get('next') ?? '/';
  const next = /^\/(?!\/)[^\\]*$/.test(requested) ? requested : '/';
  const started = await getAuth().api.signInSocial({
    body: { provider: PROVIDER_ID, callbackURL: `${settings.oidc.publicUrl}${next}`, disableRedirect: true },
    headers: new Headers({ origin: settings.oidc.publicUrl }),
    asResponse: true,
  });
  const body = (await started.json().catch(() => null)) as { url?: string } | null;
  if (!started.ok || !body?.url) {
    return Response.json({ error: 'the sign-in provider could not be reached; the details are in the server log' }, { status: 502 });
  }
  const headers = new Headers({ location: body.url, 'cache-control': 'no-store' });
  for (const cookie of started.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return new Response(null, { status: 302, headers });
}
