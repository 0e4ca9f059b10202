import { NextResponse, type NextRequest } from 'next/server';
import { authSettings } from './lib/auth/settings';
import { isAllowedHost } from './lib/auth/hosts';
import { authenticate, sourceIp, type Principal } from './lib/auth/principal';
import { runningContext } from './lib/auth/app-store';
import { auditTargetOf } from './lib/auth/audit-target';
import { appendAudit } from './lib/store/audit';

/**
 * The gate in front of every page and API route (Next.js 16 `proxy.ts`, Node.js runtime), in this order:
 * Host check (DNS rebinding), unreadable %-escapes (400), methods pages do not take (405), CSRF (Origin) on
 * state-changing API calls, sign-in (401 / redirect), admin-only paths (403), unknown environments (404,
 * before a page starts streaming its 200), and the audit of views. route() checks sign-in again.
 */
export async function proxy(request: NextRequest): Promise<Response> {
  const settings = authSettings();
  const rawPath = new URL(request.url).pathname;
  const api = rawPath === '/api' || rawPath.startsWith('/api/');
  const refuse = (status: number, message: string, headers: Record<string, string> = {}) => refusal(api, status, message, headers);

  if (settings.error) return refuse(503, `sign-in is misconfigured: ${settings.error}`);
  // The demo may be shown on a network without sign-in; everything else answers only to its own names.
  if ((settings.enabled || !settings.demo) && !isAllowedHost(request.headers.get('host'), settings.allowedHosts)) {
    return refuse(403, 'this server does not answer to that Host name (set DRIFTBOARD_PUBLIC_URL or DRIFTBOARD_ALLOWED_HOSTS)');
  }
  try {
    decodeURIComponent(rawPath);
  } catch {
    return refuse(400, 'the path holds a malformed %-escape');
  }
  const safe = request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS';
  if (!api && !safe) return refuse(405, `pages answer GET and HEAD, not ${request.method}`, { allow: 'GET, HEAD' });
  if (api && !safe && !sameOrigin(request, settings.allowedHosts)) {
    return refuse(403, 'cross-site request refused: the Origin header is missing or not this server');
  }
  if (rawPath.startsWith('/api/auth/')) return NextResponse.next();

  let principal: Principal | null;
  try {
    principal = await authenticate(request.headers);
  } catch (err) {
    const starting = err instanceof Error && err.name === 'AppStartError';
    return refuse(starting ? 503 : 401, err instanceof Error ? err.message : String(err));
  }
  if (!principal) {
    if (api) return refuse(401, 'sign in first (or send Authorization: Bearer <token>)', { 'www-authenticate': 'Bearer' });
    const next = rawPath + new URL(request.url).search;
    return NextResponse.redirect(new URL(`/api/auth/login?next=${encodeURIComponent(next)}`, publicBase(request, settings)));
  }
  if (isAdminPath(rawPath) && principal.role !== 'admin') return refuse(403, 'this needs the admin role');

  const ctx = await runningContext();
  const [, first, second] = rawPath.split('/').map((s) => decodeURIComponent(s));
  if (ctx && (first === 'env' || first === 'history') && second !== undefined && !ctx.config.environments.some((e) => e.name === second)) {
    return refuse(404, `no environment named "${second}"`);
  }
  const target = isPrefetch(request) ? null : auditTargetOf(rawPath, new URL(request.url).searchParams);
  if (target && ctx) {
    await appendAudit(ctx.store, { principal: principal.label, ...target, sourceIp: sourceIp(request.headers) }).catch((err: unknown) =>
      console.error(`driftboard: audit: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
  return NextResponse.next();
}

export const config = {
  // Everything but the build's static files: those carry no data.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};

function isAdminPath(path: string): boolean {
  return /^\/(admin|api\/tokens|api\/audit)(\/|$)/.test(path);
}

function isPrefetch(request: NextRequest): boolean {
  return request.headers.has('next-router-prefetch') || request.headers.get('purpose') === 'prefetch';
}

/** Browsers send Origin on every state-changing request; scripts with a bearer token send none. */
function sameOrigin(request: NextRequest, allowedHosts: readonly string[]): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return /^Bearer\s/i.test(request.headers.get('authorization') ?? '');
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === request.headers.get('host') && isAllowedHost(host, allowedHosts);
}

function publicBase(request: NextRequest, settings: ReturnType<typeof authSettings>): string {
  return settings.oidc?.publicUrl ?? new URL(request.url).origin;
}

function refusal(api: boolean, status: number, message: string, headers: Record<string, string>): Response {
  const all = { 'cache-control': 'no-store', ...headers };
  if (api) return Response.json({ error: message }, { status, headers: all });
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status} · Driftboard</title></head><body style="font-family:sans-serif;padding:2rem"><h1>${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the overview</a></p></body></html>`;
  return new Response(html, { status, headers: { ...all, 'content-type': 'text/html; charset=utf-8' } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
