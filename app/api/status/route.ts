// Route handlers import lib/ relatively (not via '@/') so vitest can load them in the API tests.
import { route } from '../../../lib/app/route';
import { getStatus } from '../../../lib/app';

/** The CLI's `status --json` shape, from the latest stored state of every environment. */
export const GET = route(() => getStatus());
