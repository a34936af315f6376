#!/usr/bin/env bash
# Starts (or stops) a real, external PostgreSQL 15 server from Debian's packages on loopback, with password
# authentication, for the external-server integration test. Usage: .ci/postgres15.sh start|stop [DIR] [PORT]
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/pmf-pg15}
port=${3:-5415}
bin=/usr/lib/postgresql/15/bin
if [ "$cmd" = stop ]; then
  [ -d "$dir/data" ] && su postgres -c "$bin/pg_ctl -D $dir/data -m fast stop" >/dev/null 2>&1 || true
  exit 0
fi
if [ ! -x "$bin/postgres" ]; then
  echo "PostgreSQL 15 is not installed: apt-get install postgresql-15" >&2
  exit 1
fi
mkdir -p "$dir"
chown postgres "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  echo pmf-secret > "$dir/pwfile"
  chown postgres "$dir/pwfile"
  su postgres -c "$bin/initdb -D $dir/data -U postgres --pwfile=$dir/pwfile -A scram-sha-256 -E UTF8" >/dev/null
fi
if ! su postgres -c "$bin/pg_ctl -D $dir/data status" >/dev/null 2>&1; then
  su postgres -c "$bin/pg_ctl -D $dir/data -l $dir/log -w -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
fi
echo "jdbc:postgresql://127.0.0.1:$port/postgres"
