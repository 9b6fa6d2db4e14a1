# shellcheck shell=bash
# PostgreSQL for the tests: two fresh clusters (Debian's binaries, run as the `postgres` OS user), each listening on
# loopback only (unix socket inside its cluster directory):
#   $GATEHOUSE_TEST_RUNDIR/pg         127.0.0.1:55432  every PostgreSQL test (store, SCIM, audit, multi-instance)
#   $GATEHOUSE_TEST_RUNDIR/pg-outage  127.0.0.1:55433  only the store's outage test, which stops and restarts it
# (stopping the shared server would fail every other PostgreSQL test running at the same time).
# Exports GATEHOUSE_TEST_POSTGRES_URL, GATEHOUSE_TEST_POSTGRES_OUTAGE_URL and GATEHOUSE_TEST_POSTGRES_CTL (a script
# taking `stop` or `start` for the outage cluster).

GATEHOUSE_PG_BIN=${GATEHOUSE_PG_BIN:-/usr/lib/postgresql/15/bin}
GATEHOUSE_PG_PORT=${GATEHOUSE_PG_PORT:-55432}
GATEHOUSE_PG_OUTAGE_PORT=${GATEHOUSE_PG_OUTAGE_PORT:-55433}

# _pg_cluster NAME PORT MAX_CONNECTIONS: initdb, configure, start, create gatehouse_test; writes NAME/ctl.sh.
_pg_cluster() {
  local run="$GATEHOUSE_TEST_RUNDIR" name="$1" port="$2" max="$3"
  local dir="$run/$name" data="$run/$name/data"
  rm -rf "$dir"
  mkdir -p "$data"
  chmod 755 "$run"
  chown -R postgres:postgres "$dir"
  chmod 700 "$data"
  runuser -u postgres -- "$GATEHOUSE_PG_BIN/initdb" -D "$data" --auth=trust --username=postgres \
    --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = $max
fsync = on
CONF
  cat >"$dir/ctl.sh" <<CTL
#!/usr/bin/env bash
# stop | start the $name test cluster
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
    runuser -u postgres -- "$GATEHOUSE_PG_BIN/pg_isready" -h 127.0.0.1 -p "$port" -q && break
    sleep 0.5
  done
  runuser -u postgres -- psql -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE gatehouse_test" >/dev/null || return 1
}

service_postgres_start() {
  : "${GATEHOUSE_TEST_RUNDIR:?GATEHOUSE_TEST_RUNDIR is not set}"
  if [ ! -x "$GATEHOUSE_PG_BIN/initdb" ]; then
    echo "postgres: $GATEHOUSE_PG_BIN/initdb not found (scripts/setup.sh installs postgresql)" >&2
    return 1
  fi
  _pg_cluster pg "$GATEHOUSE_PG_PORT" 300 || return 1
  _pg_cluster pg-outage "$GATEHOUSE_PG_OUTAGE_PORT" 20 || return 1
  export GATEHOUSE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$GATEHOUSE_PG_PORT/gatehouse_test"
  export GATEHOUSE_TEST_POSTGRES_OUTAGE_URL="postgres://postgres@127.0.0.1:$GATEHOUSE_PG_OUTAGE_PORT/gatehouse_test"
  export GATEHOUSE_TEST_POSTGRES_CTL="$GATEHOUSE_TEST_RUNDIR/pg-outage/ctl.sh"
  echo "postgres: ready at $GATEHOUSE_TEST_POSTGRES_URL (outage test: $GATEHOUSE_TEST_POSTGRES_OUTAGE_URL)"
}

service_postgres_stop() {
  local run="${GATEHOUSE_TEST_RUNDIR:-}"
  [ -n "$run" ] || return 0
  local name
  for name in pg pg-outage; do
    [ -x "$run/$name/ctl.sh" ] && { "$run/$name/ctl.sh" stop || true; }
  done
  return 0
}
