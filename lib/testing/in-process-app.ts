/**
 * For tests that run the dashboard in-process (route handlers called as Next.js calls them). The app
 * context is imported only when called: such a test sets DRIFTBOARD_* variables before anything loads it.
 */

/** A GET request for `url` (a path with its query). */
export const get = (url: string): Request => new Request(`http://localhost${url}`);

/** The second argument of a `[name]` route handler. */
export const named = (name: string): { params: Promise<{ name: string }> } => ({ params: Promise.resolve({ name }) });

/** Stops the app's poller and closes its history store (a test's afterAll, before it removes its folders and databases). */
export async function stopApp(): Promise<void> {
  const { getAppContext } = await import('../app/context');
  const ctx = await getAppContext();
  await ctx.poller.stop();
  await ctx.store.close();
}
