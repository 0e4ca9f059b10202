export { startPoller } from './poller';
export type { Poller, PollerOptions, PollerLog, PollOutcome, CheckGrant } from './poller';
export { LARGE_SCHEMA_TABLES } from './poller';
export { createSemaphore, serverKeyOf, isTooManyClients, DEFAULT_CONNECTIONS_PER_SERVER, DEFAULT_MAX_CONCURRENT_POLLS } from './limits';
export { nextDelayMs, MAX_BACKOFF_MS } from './backoff';
export { createLeases, leaseKey } from './lease';
export type { Leases } from './lease';
