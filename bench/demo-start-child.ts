// One demo start for demo-start-bench.ts (no Next build): the app's server side up to an overview in which
// the three demo environments have a polled status, then exit.
import { getAppContext } from '../lib/app/context';
import { getOverview } from '../lib/app';
import { demoCacheSaved } from '../lib/demo';
import { threePolled } from './demo-start-bench';

const ctx = await getAppContext();
for (;;) {
  if (threePolled(await getOverview())) break;
  // The first live polls are being recorded; ask again shortly (a bench, not a test: a clock is fine here).
  await new Promise((resolve) => setTimeout(resolve, 50));
}
console.log('demo-start-bench: ready');
await ctx.poller.stop();
await demoCacheSaved(); // not timed: a running server saves in the background, the next start needs it done
process.exit(0);
