export { checkEnvironment, blankStatus, DEFAULT_TIMEOUT_MS } from './check';
export type { CheckOptions } from './check';
export { getStatusReport, findEnvironment } from './report';
export type { StatusReportOptions } from './report';
export { resolveSchemaRef } from './ref';
export type { ResolvedRef } from './ref';
