#!/usr/bin/env bash
# Everything the test suite needs on a fresh machine, idempotent:
# Debian's Chromium (Playwright's own browser download cannot run here), real Alembic (+ sqlalchemy_utils) for scenario
# databases, a running PostgreSQL, and the generated Prisma client.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import alembic, psycopg2' 2>/dev/null || need+=(python3-alembic python3-psycopg2)
# sqlalchemy_utils: the real types the static reader's third-party table is checked against.
/usr/bin/python3 -c 'import sqlalchemy_utils' 2>/dev/null || need+=(python3-sqlalchemy-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]} from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "setup: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

node scripts/prisma-generate.mjs
