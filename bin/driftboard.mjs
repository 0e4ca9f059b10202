#!/usr/bin/env node
// The `driftboard` CLI. Runs the compiled bundle (dist/cli/, `npm run build:cli`, built at install) when it
// is at least as new as every source it was built from; otherwise (no bundle yet, or a source edited since)
// the TypeScript sources through tsx, so a developer's change is never hidden by a stale bundle.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function freshBundle() {
  if (process.env.DRIFTBOARD_CLI_TSX) return null;
  try {
    const bundle = `${root}dist/cli/cli.mjs`;
    const built = statSync(`${root}dist/cli/inputs.json`).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(`${root}dist/cli/inputs.json`, 'utf8'));
    for (const file of [...inputs, 'tsconfig.json']) if (statSync(root + file).mtimeMs > built) return null;
    return bundle;
  } catch {
    return null; // no bundle, or a source it was built from is gone
  }
}

const bundle = freshBundle();
if (bundle) {
  const { main } = await import(pathToFileURL(bundle).href);
  await main(process.argv.slice(2));
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: `${root}tsconfig.json` });
  const { main } = await import(new URL('./cli.ts', import.meta.url).href);
  await main(process.argv.slice(2));
}
