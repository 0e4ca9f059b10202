import { route } from '@/lib/app/route';
import { getAppContext } from '@/lib/app/context';
import { sourceIp } from '@/lib/auth/principal';
import { revokeTokenAs, tokenIdParams } from '@/lib/auth/token-actions';

type Context = { params: Promise<{ id: string }> };

/** DELETE: revokes the token (kept in the list, marked revoked). Admin only. */
export const DELETE = route(
  async (request: Request, { params }: Context, principal) => {
    const { id } = tokenIdParams.parse(await params);
    return revokeTokenAs((await getAppContext()).store, principal, id, sourceIp(request.headers));
  },
  { role: 'admin' },
);
