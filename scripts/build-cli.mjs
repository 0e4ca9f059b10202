#!/usr/bin/env node
// Compiles the CLI (bin/cli.ts and everything it imports from lib/ and bin/) into dist/cli/, so `driftboard`
// runs plain JavaScript instead of transpiling TypeScript with tsx on every start. npm packages stay external
// (resolved from node_modules at run time); commands are split into chunks loaded only when they run, so
// `--help` never loads PGlite or the WASM parsers. Also writes dist/cli/inputs.json, the source files the
// bundle was built from: bin/driftboard.mjs falls back to tsx when one of them is newer than the bundle.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/cli');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // esbuild comes with tsx; without it the CLI still runs through tsx (slower start).
  console.warn('build-cli: esbuild is not installed; the CLI will run through tsx');
  process.exit(0);
}

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { cli: 'bin/cli.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  tsconfig: join(root, 'tsconfig.json'),
  metafile: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs)
  .filter((file) => !file.startsWith('node_modules/'))
  .map((file) => relative(root, join(root, file)))
  .sort();
// Written last: its presence means the bundle is complete.
await writeFile(join(outdir, 'inputs.json'), `${JSON.stringify({ inputs }, null, 1)}\n`);
console.log(`build-cli: dist/cli/ from ${inputs.length} source files`);
