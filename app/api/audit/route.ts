import { z } from 'zod';
import { route } from '@/lib/app/route';
import { queryOf } from '@/lib/app/params';
import { getAppContext } from '@/lib/app/context';
import { listAudit } from '@/lib/store/audit';

const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z.coerce.number().int().positive().optional(),
});

/** GET /api/audit?limit=&before=: the audit log, newest first. Admin only. */
export const GET = route(async (request: Request) => {
  const query = auditQuery.parse(queryOf(request));
  return { entries: await listAudit((await getAppContext()).store, query) };
}, { role: 'admin' });
