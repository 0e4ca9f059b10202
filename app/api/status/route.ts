// Route handlers import lib/ relatively (not via '@/') so vitest can load them in the API tests.
import { route } from '../../../lib/app/route';
import { projectOf } from '../../../lib/app/params';
import { getStatus } from '../../../lib/app';

/** The CLI's `status --json` shape, from the latest stored state of every environment. */
export const GET = route((request: Request) => getStatus(projectOf(request)));
