export { startPoller } from './poller';
export type { Poller, PollerOptions, PollerLog, PollOutcome } from './poller';
export { nextDelayMs, MAX_BACKOFF_MS } from './backoff';
export { createLeases, leaseKey } from './lease';
export type { Leases } from './lease';
