// A second process for data-lock.test.ts: `node --import tsx data-lock-holder.test-helpers.ts <lock|store> DIR`.
// Takes the data folder (the bare lock, or a whole PGlite store), prints one JSON line ({ ok, pid } or
// { ok: false, error }), then obeys stdin: "release" closes cleanly and exits; "die" exits holding it.
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { acquireDataLock } from './data-lock';
import { openStore } from './open';

const [mode, dir] = process.argv.slice(2);

async function take(): Promise<() => Promise<void>> {
  if (mode === 'lock') return (await acquireDataLock(dir)).release;
  const store = await openStore({ databaseUrl: null, dataDir: dir, migrationsDir: resolve(import.meta.dirname, '../../prisma/migrations') });
  return store.close;
}

try {
  const release = await take();
  console.log(JSON.stringify({ ok: true, pid: process.pid }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'die') process.exit(0);
    if (line === 'release') {
      await release();
      process.exit(0);
    }
  }
} catch (err) {
  console.log(JSON.stringify({ ok: false, error: (err as Error).message }));
  process.exit(1);
}
