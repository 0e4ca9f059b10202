import { route } from '../../../../lib/app/route';
import { getSnapshots } from '../../../../lib/app';
import { nameParams, projectOf } from '../../../../lib/app/params';

type Context = { params: Promise<{ name: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const { name } = nameParams.parse(await params);
  return getSnapshots(name, projectOf(request));
});
