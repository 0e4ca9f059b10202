#!/usr/bin/env bash
# The README's first command (`npm start`): serve the dashboard on 127.0.0.1:3000 (HOST to change), building first only when there is
# no build yet or a source is newer than it. With no driftboard.config.json it serves the embedded demo.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d lib/store/generated ] || node scripts/prisma-generate.mjs

dist="${NEXT_DIST_DIR:-.next}"
stale=""
if [ ! -f "$dist/BUILD_ID" ]; then
  stale="no build in $dist"
else
  # Everything `next build` reads; -newer compares modification times with the finished build's BUILD_ID.
  newer=$(find app components lib prisma public instrumentation.ts next.config.mjs postcss.config.mjs \
      tsconfig.json package.json package-lock.json \
      -newer "$dist/BUILD_ID" -type f ! -name '*.test.ts' ! -name '*.test-helpers.ts' ! -path 'lib/store/generated/*' \
      -print -quit 2>/dev/null || true)
  [ -n "$newer" ] && stale="$newer changed since the last build"
fi
if [ -n "$stale" ]; then
  echo "start: building ($stale)"
  npx next build
else
  echo "start: using the build in $dist (up to date with the sources)"
fi
# Loopback unless HOST says otherwise; beyond loopback only with sign-in configured (or the demo).
host="${HOST:-127.0.0.1}"
# node directly, not npx: npx's own start costs about a second of the demo's second start.
node --import tsx lib/auth/listen-cli.ts "$host"
exec node node_modules/next/dist/bin/next start -p "${PORT:-3000}" -H "$host"
