// `npx tsx lib/auth/listen-cli.ts <host>` (scripts/start.sh): exits 1 with the one-line reason when the
// server must not listen on <host>.
import { listenRefusal } from './listen';
import { readAuthSettings } from './settings';

const refusal = listenRefusal(process.argv[2] ?? '127.0.0.1', readAuthSettings(process.env));
if (refusal) {
  console.error(refusal);
  process.exit(1);
}
