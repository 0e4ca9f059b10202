import type { Store } from '../store/types';

interface ContextLike {
  store: Store;
  config: { environments: Array<{ name: string }> };
}

/**
 * The running app context (lib/app/context.ts keeps it on globalThis), without importing that module:
 * proxy.ts is bundled on its own and must not start a second store or poller. Null until it has started.
 */
export async function runningContext(): Promise<ContextLike | null> {
  const holder = (globalThis as Record<symbol, { promise: Promise<ContextLike> | null } | undefined>)[Symbol.for('driftboard.app-context')];
  if (!holder?.promise) return null;
  return holder.promise.catch(() => null);
}
