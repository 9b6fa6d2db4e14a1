# shellcheck shell=bash
# PostgreSQL for the store tests: a fresh cluster in $GATEHOUSE_TEST_RUNDIR/pg (Debian's binaries, run as the
# `postgres` OS user), listening on 127.0.0.1:55432 only (unix socket inside the cluster directory).
# Exports GATEHOUSE_TEST_POSTGRES_URL, and GATEHOUSE_TEST_POSTGRES_CTL: a script taking `stop` or `start`, which the
# store's outage test uses to stop and restart the server.

GATEHOUSE_PG_BIN=${GATEHOUSE_PG_BIN:-/usr/lib/postgresql/15/bin}
GATEHOUSE_PG_PORT=${GATEHOUSE_PG_PORT:-55432}

service_postgres_start() {
  local run="${GATEHOUSE_TEST_RUNDIR:?GATEHOUSE_TEST_RUNDIR is not set}"
  local dir="$run/pg" data="$run/pg/data"
  if [ ! -x "$GATEHOUSE_PG_BIN/initdb" ]; then
    echo "postgres: $GATEHOUSE_PG_BIN/initdb not found (scripts/setup.sh installs postgresql)" >&2
    return 1
  fi
  rm -rf "$dir"
  mkdir -p "$data"
  chmod 755 "$run"
  chown -R postgres:postgres "$dir"
  chmod 700 "$data"
  runuser -u postgres -- "$GATEHOUSE_PG_BIN/initdb" -D "$data" --auth=trust --username=postgres \
    --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $GATEHOUSE_PG_PORT
unix_socket_directories = '$dir'
max_connections = 200
fsync = on
CONF
  cat >"$dir/ctl.sh" <<CTL
#!/usr/bin/env bash
# stop | start the test cluster (used by the store's outage test)
set -euo pipefail
case "\${1:-}" in
  stop)  runuser -u postgres -- "$GATEHOUSE_PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null ;;
  start) runuser -u postgres -- "$GATEHOUSE_PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >/dev/null ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CTL
  chmod 755 "$dir/ctl.sh"
  "$dir/ctl.sh" start || { cat "$dir/server.log" >&2; return 1; }
  local i
  for i in $(seq 1 60); do
    runuser -u postgres -- "$GATEHOUSE_PG_BIN/pg_isready" -h 127.0.0.1 -p "$GATEHOUSE_PG_PORT" -q && break
    sleep 0.5
  done
  runuser -u postgres -- psql -h 127.0.0.1 -p "$GATEHOUSE_PG_PORT" -U postgres -q -c "CREATE DATABASE gatehouse_test" \
    >/dev/null || return 1
  export GATEHOUSE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$GATEHOUSE_PG_PORT/gatehouse_test"
  export GATEHOUSE_TEST_POSTGRES_CTL="$dir/ctl.sh"
  echo "postgres: ready at $GATEHOUSE_TEST_POSTGRES_URL"
}

service_postgres_stop() {
  local run="${GATEHOUSE_TEST_RUNDIR:-}"
  [ -n "$run" ] && [ -x "$run/pg/ctl.sh" ] || return 0
  "$run/pg/ctl.sh" stop || true
}
