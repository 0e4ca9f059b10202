import { PGlite } from '@electric-sql/pglite';

const KEY = Symbol.for('driftboard.demo-template');
const slot = ((globalThis as Record<symbol, unknown>)[KEY] ??= { promise: null }) as { promise: Promise<PGlite> | null };

/**
 * A new, empty in-memory database. Starting PGlite costs seconds (initdb in WASM); cloning one
 * pristine instance, started once per process, costs a fraction of that.
 */
export async function freshDemoDatabase(): Promise<PGlite> {
  if (!slot.promise) {
    slot.promise = PGlite.create();
    slot.promise.catch(() => {
      slot.promise = null;
    });
  }
  return (await (await slot.promise).clone()) as PGlite;
}
