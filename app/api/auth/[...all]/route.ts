import { getAuth } from '@/lib/auth/server';
import { authSettings } from '@/lib/auth/settings';

/** Better Auth's own endpoints (the OIDC callback, session, sign-out). 404 while sign-in is off. */
async function handle(request: Request): Promise<Response> {
  if (!authSettings().enabled) return Response.json({ error: 'sign-in is not configured' }, { status: 404 });
  return getAuth().handler(request);
}

export const GET = handle;
export const POST = handle;
