import { z } from 'zod';
import { route } from '../../../../lib/app/route';
import { getAppContext } from '../../../../lib/app/context';
import { queryOf } from '../../../../lib/app/params';
import { listDeliveries } from '../../../../lib/store/alerts';

export const dynamic = 'force-dynamic';

const query = z.strictObject({
  env: z.string().min(1).optional(),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** The alert delivery log, newest first: `?env=`, `?status=pending|delivered|failed`, `?limit=` (≤ 1000). */
export const GET = route(async (request: Request) => {
  const { env, status, limit } = query.parse(queryOf(request));
  const { store, config } = await getAppContext();
  return { configured: Boolean(config.alerts), deliveries: await listDeliveries(store, { environment: env, status, limit }) };
});
