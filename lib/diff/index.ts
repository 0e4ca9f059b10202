export { diffSchemas } from './compare';
export type { DiffOptions } from './compare';
export { uncheckedOnBothSides } from './unchecked';
export { summarizeChanges, OBJECT_KINDS } from './summary';
export type { ChangeSummary } from './summary';
export { compareChanges } from './order';
export { forEachNamedRole, isUserRole, unreadKinds } from './kinds';
