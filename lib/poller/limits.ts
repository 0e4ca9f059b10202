/**
 * How many polls may run at once, and how many connections Driftboard may hold on one database
 * server. A monitored server is somebody's production: Driftboard takes a small, stated share of its
 * connection slots and never more, however many environments live on it.
 */

/** Polls in flight at once across every environment (override: DRIFTBOARD_MAX_POLLS). */
export const DEFAULT_MAX_CONCURRENT_POLLS = 4;
/** Connections Driftboard holds at once on one server (host:port), all its environments together (DRIFTBOARD_CONNECTIONS_PER_SERVER). */
export const DEFAULT_CONNECTIONS_PER_SERVER = 2;

/** A counting semaphore handing out `n` permits in FIFO order. */
export interface Semaphore {
  /** Resolves once `count` permits are held (count is clamped to the semaphore's size). */
  acquire(count?: number): Promise<() => void>;
  /** Permits held right now (for tests and the bench). */
  readonly inUse: number;
  /** The most permits ever held at once. */
  readonly peak: number;
}

export function createSemaphore(size: number): Semaphore {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a semaphore needs at least one permit (got ${size})`);
  let inUse = 0;
  let peak = 0;
  const waiting: Array<{ count: number; grant: () => void }> = [];
  const pump = () => {
    while (waiting.length > 0 && inUse + waiting[0].count <= size) {
      const next = waiting.shift()!;
      inUse += next.count;
      peak = Math.max(peak, inUse);
      next.grant();
    }
  };
  return {
    get inUse() {
      return inUse;
    },
    get peak() {
      return peak;
    },
    acquire(count = 1) {
      const n = Math.min(Math.max(1, count), size);
      return new Promise((resolve) => {
        waiting.push({
          count: n,
          grant: () => {
            let released = false;
            resolve(() => {
              if (released) return;
              released = true;
              inUse -= n;
              pump();
            });
          },
        });
        pump();
      });
    },
  };
}

/**
 * The server an environment lives on, as `host:port` (default port 5432). In-process PGlite databases
 * (`pglite://name`) take no server connections: they share no budget (null).
 */
export function serverKeyOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'pglite:') return null;
  const host = parsed.hostname || new URLSearchParams(parsed.search).get('host') || 'localhost';
  return `${host.toLowerCase()}:${parsed.port || '5432'}`;
}

/** One semaphore per server, created on first use. */
export function createServerBudgets(connectionsPerServer: number): (serverKey: string) => Semaphore {
  const budgets = new Map<string, Semaphore>();
  return (key) => {
    let s = budgets.get(key);
    if (!s) budgets.set(key, (s = createSemaphore(connectionsPerServer)));
    return s;
  };
}

/** PostgreSQL's refusals for a full server (53300 too_many_connections and its reserved-slots variant). */
export function isTooManyClients(message: string | null | undefined): boolean {
  return !!message && /too many (clients|connections)|remaining connection slots are reserved/i.test(message);
}

/** A whole number from the environment (DRIFTBOARD_MAX_POLLS, …), or the default when unset or not a positive integer. */
export function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}
