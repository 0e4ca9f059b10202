#!/usr/bin/env bash
# The README's first command (`npm start`): build once, then serve the dashboard on :3000.
# With no driftboard.config.json it serves the embedded demo.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d lib/store/generated ] || node scripts/prisma-generate.mjs
npx next build
exec npx next start -p "${PORT:-3000}"
