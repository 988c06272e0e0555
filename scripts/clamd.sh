#!/usr/bin/env bash
# clamd for 四性检测 (DA/T 70-2018 安全性): scripts/clamd.sh start|stop|status [DIR]
#
# Everything lives under DIR (default $GONGWEN_CLAMAV_DIR, else var/clamav): the config
# written from etc/clamav/clamd.conf.in, the signature databases (db/), the socket
# clamd.sock (UNIX only, nothing on the network), clamd.pid and clamd.log.
# The databases: the small ones shipped in etc/clamav (EICAR's test signature and our
# test sample), so clamd starts offline, plus the official ones (main/daily/bytecode
# .cvd/.cld) wherever freshclam put them ($GONGWEN_CLAMAV_OFFICIAL_DB, else
# /var/lib/clamav), linked when present. `make start` (scripts/serve.py) and the tests
# (tests/support/clamav.py) run it. Starting waits until clamd answers on its socket
# (GONGWEN_CLAMD_START_TIMEOUT seconds, default 300: the official databases take a while).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="${1:-}"
DIR="${2:-${GONGWEN_CLAMAV_DIR:-var/clamav}}"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
OFFICIAL="${GONGWEN_CLAMAV_OFFICIAL_DB:-/var/lib/clamav}"
TIMEOUT="${GONGWEN_CLAMD_START_TIMEOUT:-300}"
SOCKET="$DIR/clamd.sock"
PIDFILE="$DIR/clamd.pid"

running() {
  [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

answers() {
  # PING over the socket (bash has no UNIX sockets; python3 is always there)
  python3 - "$SOCKET" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
s.sendall(b"zPING\0")
sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
PY
}

start() {
  if running && answers; then
    echo "clamd already running (pid $(cat "$PIDFILE"), socket $SOCKET)"
    return 0
  fi
  command -v clamd >/dev/null || { echo "clamd not found: apt-get install clamav-daemon" >&2; exit 1; }
  mkdir -p "$DIR/db" "$DIR/tmp"
  sed "s|@DIR@|$DIR|g" "$ROOT/etc/clamav/clamd.conf.in" >"$DIR/clamd.conf"
  rm -f "$DIR"/db/*
  cp "$ROOT"/etc/clamav/gongwen.hdb "$ROOT"/etc/clamav/gongwen.ndb "$DIR/db/"
  local official=0
  for database in "$OFFICIAL"/*.cvd "$OFFICIAL"/*.cld; do
    [ -f "$database" ] || continue
    ln -s "$database" "$DIR/db/"
    official=$((official + 1))
  done
  local started=$SECONDS
  clamd -c "$DIR/clamd.conf"
  until answers; do
    if [ $((SECONDS - started)) -ge "$TIMEOUT" ]; then
      echo "clamd did not answer within ${TIMEOUT}s; see $DIR/clamd.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "clamd running (pid $(cat "$PIDFILE"), socket $SOCKET, official databases: $official," \
    "ready in $((SECONDS - started))s)"
}

stop() {
  running || { rm -f "$PIDFILE"; return 0; }
  local pid
  pid="$(cat "$PIDFILE")"
  kill "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; return 0; }
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$PIDFILE"
}

case "$COMMAND" in
  start) start ;;
  stop) stop ;;
  status)
    if running && answers; then echo "running (pid $(cat "$PIDFILE"), socket $SOCKET)"; else
      echo "not running"
      exit 3
    fi
    ;;
  *)
    echo "usage: $0 start|stop|status [DIR]" >&2
    exit 2
    ;;
esac
