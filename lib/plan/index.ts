export { buildPlan } from './build';
export type { PlanInput } from './build';
export { planToMarkdown, formatSeconds, formatBytes } from './markdown';
export type * from './types';
