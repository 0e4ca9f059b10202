#!/usr/bin/env node
// The `driftboard` CLI. TypeScript sources run through tsx, resolved from this file so any cwd works.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import(new URL('./cli.ts', import.meta.url).href);
await main(process.argv.slice(2));
