import { route } from '../../../lib/app/route';
import { getRepair } from '../../../lib/app/repair';
import { queryOf, repairQuery, projectOf } from '../../../lib/app/params';

/** `/api/repair?env=production[&to=expected|ENV][&include=unexpected][&format=sql]`: built from stored reads only. */
export const GET = route(async (request: Request) => {
  const { env, to, include, format } = repairQuery.parse(queryOf(request));
  const report = await getRepair(env, to, include === 'unexpected', projectOf(request));
  if (format === 'json') return report;
  const file = `driftboard-repair-${env}-to-${to}.sql`.replace(/[^\w.-]/g, '_');
  return new Response(report.script, {
    headers: { 'content-type': 'application/sql; charset=utf-8', 'content-disposition': `attachment; filename="${file}"`, 'cache-control': 'no-store' },
  });
});
