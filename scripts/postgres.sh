#!/usr/bin/env bash
# PostgreSQL for the cluster (RelStorage, the audit store):
#   scripts/postgres.sh start|stop|status|dsn DIR [PORT]
#   scripts/postgres.sh recreate DIR PORT DATABASE   (dropped, connections ended, created empty)
#
# Debian's own server binaries (/usr/lib/postgresql/<version>/bin), with everything under
# DIR: the cluster in DIR/data (made by initdb on first start, UTF-8, trust for local
# connections only), DIR/postgres.log. It listens on 127.0.0.1:PORT (default 5433, so a
# system PostgreSQL on 5432 is never touched) and on no UNIX socket. The superuser is
# `gongwen`; databases named in GONGWEN_PG_DATABASES (default "gongwen gongwen_audit") are
# created when missing. PostgreSQL refuses to run as root: as root the server runs as the
# `postgres` user, which then owns DIR (DIR's parents must let it through: /tmp or var/
# under a world-readable checkout). `make start-cluster` (scripts/cluster.py) and the
# tests (tests/support/postgres.py) run it; stop is a fast shutdown (sessions rolled
# back, everything committed is on disk).
set -euo pipefail

COMMAND="${1:-}"
DIR="${2:-}"
PORT="${3:-${GONGWEN_PG_PORT:-5433}}"
DATABASES="${GONGWEN_PG_DATABASES:-gongwen gongwen_audit}"
SUPERUSER=gongwen
[ -n "$COMMAND" ] && [ -n "$DIR" ] || {
  echo "usage: $0 start|stop|status|dsn DIR [PORT] | recreate DIR PORT DATABASE" >&2
  exit 2
}
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
DATA="$DIR/data"

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$found" ] || {
    echo "PostgreSQL not found: apt-get install postgresql-15 (make system-packages)" >&2
    exit 1
  }
  echo "$found"
}
BIN="$(bindir)"

as_owner() {
  # Run a server command as the owner of DIR (postgres when we are root).
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

psql_as_superuser() {
  "$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -d postgres -v ON_ERROR_STOP=1 "$@"
}

init() {
  [ -s "$DATA/PG_VERSION" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$DIR"
    runuser -u postgres -- test -x "$DIR" || {
      echo "the postgres user cannot reach $DIR: put it under a directory others may enter" >&2
      exit 1
    }
  fi
  as_owner "$BIN/initdb" -D "$DATA" -U "$SUPERUSER" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=trust >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2
    exit 1
  }
  # Committed means on disk (R-RUN1's "nothing acknowledged is lost"), and only this
  # machine may connect.
  cat >>"$DATA/postgresql.conf" <<EOF

# collective.gongwen (scripts/postgres.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = on
synchronous_commit = on
max_connections = 200
shared_buffers = 256MB
EOF
}

running() {
  as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  init
  if ! running; then
    if [ "$(id -u)" = 0 ]; then
      touch "$DIR/postgres.log" && chown postgres: "$DIR/postgres.log"
    fi
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/postgres.log" -w -t 120 -o "-p $PORT" start >/dev/null || {
      tail -20 "$DIR/postgres.log" >&2
      exit 1
    }
  fi
  local database
  for database in $DATABASES; do
    if [ -z "$(psql_as_superuser -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
      psql_as_superuser -c "CREATE DATABASE \"$database\""
    fi
  done
  echo "PostgreSQL on 127.0.0.1:$PORT (data $DATA)"
}

stop() {
  [ -s "$DATA/PG_VERSION" ] || return 0
  if running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
  fi
  echo "PostgreSQL stopped"
}

recreate() {
  # An empty database: the audit store's triggers refuse deleting its rows, so it is dropped.
  local database="${1:?database name}"
  psql_as_superuser -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)"
  psql_as_superuser -c "CREATE DATABASE \"$database\""
}

case "$COMMAND" in
start) start ;;
recreate) recreate "${4:-}" ;;
stop) stop ;;
status) running && echo "running on 127.0.0.1:$PORT" || { echo "stopped"; exit 3; } ;;
dsn) echo "host=127.0.0.1 port=$PORT user=$SUPERUSER dbname=${DATABASES%% *}" ;;
*)
  echo "usage: $0 start|stop|status|dsn DIR [PORT] | recreate DIR PORT DATABASE" >&2
  exit 2
  ;;
esac
