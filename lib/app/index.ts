/** Server-side reads shared by the pages and the API routes: one function per read. */
export { getAppContext } from './context';
export type { AppContext } from './context';
export { getOverview } from './overview';
export { getEnvironmentDetail } from './environment';
export { getDiff, getDiffChoices } from './diff';
export { getHistory } from './history';
export { getPlan, getPlanChoices } from './plan';
export { getStatus } from './status';
export { getEvents, getSnapshots } from './events';
export { NotFoundError, AppStartError } from './errors';
export type * from './types';
