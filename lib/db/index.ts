export type { Queryable, TargetDb } from './queryable';
export { openTarget, registerPglite, unregisterPglite, wrapPglite, readOnlyTransaction } from './connect';
export type { ConnectOptions } from './connect';
export { UnreachableError, describeDbError } from './errors';
export { redactUrl, redactText, passwordOf } from './redact';
