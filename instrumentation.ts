/**
 * Starts Driftboard's server side (config or demo, history store, poller) with the app, so environments are
 * polled whether or not a browser is open. Not awaited: the server answers at once (pages stream skeletons
 * until the context is ready). A bad config is logged here and shown by every page and API call.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getAppContext } = await import('./lib/app/context');
  getAppContext().then(
    (ctx) => {
      const where = ctx.demo ? 'the embedded demo' : ctx.config.file;
      console.log(`driftboard: polling ${ctx.config.environments.length} environment(s) from ${where}; history in ${ctx.store.location}`);
    },
    (err: unknown) => console.error(`driftboard: cannot start: ${err instanceof Error ? err.message : String(err)}`),
  );
}
