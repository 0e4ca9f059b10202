import { createHash } from 'node:crypto';
import type { Store, StoreSession } from '../store';

/** Who may poll an environment. With a PostgreSQL store, only the instance holding its advisory lock. */
export interface Leases {
  /** True when this process holds (or just took) the lease of `environment`. */
  hold(environment: string): Promise<boolean>;
  /** Releases every lease (closes the dedicated connection). */
  release(): Promise<void>;
}

/** The advisory-lock key of an environment: the first 8 bytes of sha256 as a signed bigint. */
export function leaseKey(environment: string): string {
  return createHash('sha256').update(`driftboard:poll:${environment}`).digest().readBigInt64BE(0).toString();
}

/**
 * Session-level pg_try_advisory_lock on one dedicated connection: the lock lives exactly as long as
 * the connection, so when an instance dies another one takes over at its next try. PGlite stores
 * belong to one process: the lease is always held.
 */
export function createLeases(store: Store): Leases {
  if (store.kind !== 'postgres') return { hold: async () => true, release: async () => {} };
  let session: Promise<StoreSession | null> | null = null;
  const held = new Set<string>();
  const drop = () => {
    session = null;
    held.clear();
  };
  const connect = () => {
    if (!session) {
      const opening = store.openSession();
      session = opening;
      opening.then((s) => s?.onError(drop), drop);
    }
    return session;
  };
  return {
    async hold(environment) {
      if (held.has(environment)) return true;
      try {
        const s = await connect();
        if (!s) return false;
        const { rows } = await s.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [leaseKey(environment)]);
        if (rows[0]?.ok) held.add(environment);
        return rows[0]?.ok === true;
      } catch {
        // The store is unreachable or the connection broke: hold nothing, retry at the next tick.
        const s = session;
        drop();
        await s?.then((x) => x?.close()).catch(() => {});
        return false;
      }
    },
    async release() {
      const s = session;
      drop();
      await s?.then((x) => x?.close()).catch(() => {});
    },
  };
}
