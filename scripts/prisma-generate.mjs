// Generates the Prisma client (lib/store/generated) without network access.
// `prisma generate` itself needs no native engine (Prisma 7 + driver adapters), but the CLI tries to
// download the schema engine unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file. Generation never
// runs that binary, so we point it at this script. Migrations are NOT run by the Prisma CLI: the app
// applies prisma/migrations itself at start (lib/store/migrate.ts).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(join(root, 'node_modules', '.bin', 'prisma'), ['generate'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url), PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
