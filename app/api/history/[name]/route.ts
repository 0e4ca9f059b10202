import { route } from '../../../../lib/app/route';
import { getHistory } from '../../../../lib/app';
import { historyQuery, nameParams, queryOf, projectOf } from '../../../../lib/app/params';

type Context = { params: Promise<{ name: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const { name } = nameParams.parse(await params);
  const { since } = historyQuery.parse(queryOf(request));
  return getHistory(name, { since, project: projectOf(request) });
});
