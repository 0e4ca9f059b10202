#!/usr/bin/env bash
# The README's test command (`npm test`): set-up, type check, unit+integration tests against real
# PostgreSQL, a production build, then Playwright in Debian's Chromium against that build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc --noEmit
npx vitest run
NEXT_DIST_DIR=.next-e2e npx next build
NEXT_DIST_DIR=.next-e2e npx playwright test
