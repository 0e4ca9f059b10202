import { route } from '@/lib/app/route';
import { getAppContext } from '@/lib/app/context';
import { sourceIp } from '@/lib/auth/principal';
import { createTokenAs, createTokenBody, listTokens } from '@/lib/auth/token-actions';

/** GET: the tokens (never the secrets). POST {name, role, expiresInDays}: a new token, shown once. Admin only. */
export const GET = route(async () => ({ tokens: await listTokens((await getAppContext()).store) }), { role: 'admin' });

export const POST = route(
  async (request: Request, _context: unknown, principal) => {
    const input = createTokenBody.parse(await request.json().catch(() => ({})));
    const { token, record } = await createTokenAs((await getAppContext()).store, principal, input, sourceIp(request.headers));
    return Response.json({ token, ...record }, { status: 201, headers: { 'cache-control': 'no-store' } });
  },
  { role: 'admin' },
);
