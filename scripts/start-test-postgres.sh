#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the test suite and print the URL the tests read
# from SITROOM_TEST_PG_URL. Installs Debian's postgresql when its binaries are missing.
# Usage: export SITROOM_TEST_PG_URL=$(scripts/start-test-postgres.sh)
set -euo pipefail
port=${SITROOM_TEST_PG_PORT:-54329}
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  else
    echo "PostgreSQL is not installed and this user cannot apt-get install it" >&2
    exit 1
  fi
  bin=$(find_bin)
fi
base=$(mktemp -d /tmp/sitroom-pg.XXXXXX)
as_owner() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$base"
  as_owner() { runuser -u postgres -- "$@"; }
fi
as_owner "$bin/initdb" -D "$base/data" -A trust -U postgres >/dev/null
as_owner "$bin/pg_ctl" -D "$base/data" -l "$base/log" -w \
  -o "-p $port -k $base -c listen_addresses=''" start >/dev/null
as_owner "$bin/createdb" -h "$base" -p "$port" -U postgres sitroom_test
echo "postgresql+psycopg://postgres@/sitroom_test?host=$base&port=$port"
