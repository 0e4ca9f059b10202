import { route } from '../../../lib/app/route';
import { getDiff } from '../../../lib/app';
import { diffQuery, queryOf, projectOf } from '../../../lib/app/params';

/** `/api/diff?left=env:production&right=expected:head` (see lib/app/refs for the forms). */
export const GET = route(async (request: Request) => {
  const { left, right } = diffQuery.parse(queryOf(request));
  return getDiff(left, right, projectOf(request));
});
