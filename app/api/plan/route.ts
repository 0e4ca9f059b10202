import { route } from '../../../lib/app/route';
import { getPlan } from '../../../lib/app';
import { planQuery, queryOf, projectOf } from '../../../lib/app/params';
import { planToMarkdown } from '../../../lib/plan';

/** `/api/plan?env=production&target=head[&format=markdown]`. */
export const GET = route(async (request: Request) => {
  const { env, target, format } = planQuery.parse(queryOf(request));
  const plan = await getPlan(env, target, projectOf(request));
  if (format === 'json') return plan;
  const file = `driftboard-plan-${env}-${plan.target}.md`.replace(/[^\w.-]/g, '_');
  return new Response(planToMarkdown(plan), {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="${file}"`,
      'cache-control': 'no-store',
    },
  });
});
