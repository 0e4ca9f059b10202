import { route } from '../../../lib/app/route';
import { getEvents } from '../../../lib/app';
import { eventsQuery, queryOf, projectOf } from '../../../lib/app/params';

export const GET = route(async (request: Request) => {
  const { env, limit } = eventsQuery.parse(queryOf(request));
  return getEvents({ environment: env, limit, project: projectOf(request) });
});
