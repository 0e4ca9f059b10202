import { route } from '../../../lib/app/route';
import { getOverview } from '../../../lib/app';

export const GET = route(() => getOverview());
