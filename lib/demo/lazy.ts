import type { PGlite } from '@electric-sql/pglite';

/** One PGlite start at a time: started together they each compile the WASM module, and take longer in all. */
let opening: Promise<unknown> = Promise.resolve();

/**
 * A PGlite that starts on first use: a reopened demo database costs about half a second of this thread
 * (a second or more on a busy machine), and the first overview needs none of them (it is answered from the
 * stored state), only the first poll of each environment does. Every method waits for the start, then
 * calls the real instance (lib/db uses `query` and `exec`); `ready` and `closed` are false until then.
 * A failed start is retried on the next call.
 */
export function lazyPglite(open: () => Promise<PGlite>): PGlite {
  let real: PGlite | null = null;
  let started: Promise<PGlite> | null = null;
  const start = (): Promise<PGlite> => {
    if (!started) {
      const next = opening.catch(() => {}).then(open);
      opening = next;
      started = next.then(
        (db) => (real = db),
        (err: unknown) => {
          started = null;
          throw err;
        },
      );
    }
    return started;
  };
  const stand = new Proxy({} as PGlite, {
    get(_target, prop) {
      if (real) {
        const value = (real as unknown as Record<PropertyKey, unknown>)[prop];
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real) : value;
      }
      if (prop === 'then') return undefined; // not a promise: `await stand` is the stand-in itself
      if (prop === 'ready' || prop === 'closed') return false;
      if (prop === 'close') return async () => {}; // never started: nothing to close
      if (typeof prop === 'symbol') return undefined;
      return async (...args: unknown[]) => {
        const db = await start();
        return (db as unknown as Record<string, (...a: unknown[]) => unknown>)[prop](...args);
      };
    },
  });
  return stand;
}
