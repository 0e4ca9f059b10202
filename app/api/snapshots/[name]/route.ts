import { route } from '../../../../lib/app/route';
import { getSnapshots } from '../../../../lib/app';
import { nameParams } from '../../../../lib/app/params';

type Context = { params: Promise<{ name: string }> };

export const GET = route(async (_request: Request, { params }: Context) => {
  const { name } = nameParams.parse(await params);
  return getSnapshots(name);
});
