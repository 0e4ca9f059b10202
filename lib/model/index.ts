export type * from './schema';
export type * from './diff';
export type * from './migration';
export type * from './risk';
export type * from './status';
export type * from './config';
export type * from './repair';
export { RISK_LEVELS } from './risk';
export { UserInputError } from './errors';
