#!/usr/bin/env bash
# Proves that buildout.cfg serves the portal: what `make check-buildout` (and CI) runs.
#
#  1. versions.cfg is what constraints.txt gives (else: make -B versions.cfg)
#  2. .venv-buildout has the pinned zc.buildout (constraints.txt)
#  3. buildout, into the scratch folder var/check-buildout (bin/, parts/,
#     develop-eggs/ and the ZODB there), serving on 127.0.0.1:$CHECK_PORT;
#     the eggs cache is the repository's eggs/, so only the first run
#     downloads. A developer's bin/instance and var/buildout are left alone.
#  4. bin/instance run scripts/create_site.py: the site, with the demo data
#  5. bin/instance fg in the background, then curl: /Plone is 200 with the
#     title 电子公文, and the viewer's documentviewer.js is 200
#
# The server is always stopped. The scratch folder is removed after a pass
# and kept after a failure, for its logs. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

PYTHON=${PYTHON:-python3.11}
VENV=.venv-buildout
HOST=127.0.0.1
PORT=${CHECK_PORT:-8089}
SITE_ID=Plone
TITLE=电子公文
ADMIN=${GONGWEN_ADMIN:-admin:admin}
START_TIMEOUT=${CHECK_START_TIMEOUT:-180}
CHECK=$REPO/var/check-buildout
BASE=http://$HOST:$PORT
SERVER_PID=""
SERVER_STARTED=0
CHECK_MADE=0
PASSED=0

FAILURE=""
say() { echo "check-buildout: $*"; }
fail() { FAILURE=$*; say "FAIL: $*" >&2; exit 1; }

phase_start=0
phase() { phase_start=$(date +%s%N); say "$*"; }
phase_done() {  # [what]: prints "ok (12.3 s): what"
  local ms=$((($(date +%s%N) - phase_start) / 1000000))
  say "  ok ($((ms / 1000)).$((ms % 1000 / 100)) s)${1:+: $1}"
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  # bin/instance fg runs Zope in a child process: stop the whole group.
  kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 40); do
    kill -0 -- "-$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  say "server stopped"
}

on_exit() {
  local status=$?
  stop_server
  if [ "$PASSED" = 1 ]; then
    rm -rf "$CHECK"
  else
    if [ "$SERVER_STARTED" = 1 ]; then
      say "last lines of server.log, less the deprecation warnings:" >&2
      grep -v -e 'DeprecationWarning' -e '^  ' "$CHECK/server.log" | tail -n 15 >&2 || true
    fi
    [ "$CHECK_MADE" = 0 ] || say "logs kept in $CHECK (buildout.log, site.log, server.log, var/log/)" >&2
    say "FAILED${FAILURE:+: $FAILURE}" >&2
    [ "$status" -ne 0 ] || status=1
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

total_start=$(date +%s)

for tool in curl setsid; do
  command -v "$tool" >/dev/null && continue
  package=$tool
  [ "$tool" = setsid ] && package=util-linux
  say "installing the Debian package $package"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$package"
done

phase "[1/5] versions.cfg matches constraints.txt"
"$PYTHON" scripts/constraints_to_versions.py constraints.txt | cmp -s - versions.cfg \
  || fail "versions.cfg is not what constraints.txt gives: run 'make -B versions.cfg'"
phase_done "$(grep -c ' = ' versions.cfg) pins"

phase "[2/5] $VENV with the pinned zc.buildout"
if [ ! -x "$VENV/bin/buildout" ] || [ constraints.txt -nt "$VENV/.installed" ]; then
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q -c constraints.txt pip setuptools wheel zc.buildout
  touch "$VENV/.installed"
fi
phase_done "$("$VENV/bin/python" -c 'import importlib.metadata as m; print("zc.buildout", m.version("zc.buildout"))')"

phase "[3/5] buildout into ${CHECK#"$REPO"/}, serving on $HOST:$PORT"
rm -rf "$CHECK"
mkdir -p "$CHECK"
CHECK_MADE=1
[ -d eggs/v5 ] || say "  eggs/ is empty: this first run downloads Plone from PyPI (a few minutes)"
# buildout installs the develop egg (.) with pip, in an isolated build
# environment: keep its setuptools and wheel at the pinned versions too.
if ! PIP_BUILD_CONSTRAINT=$REPO/constraints.txt "$VENV/bin/buildout" -c buildout.cfg \
  "buildout:bin-directory=$CHECK/bin" \
  "buildout:parts-directory=$CHECK/parts" \
  "buildout:develop-eggs-directory=$CHECK/develop-eggs" \
  "buildout:installed=$CHECK/.installed.cfg" \
  "instance:var=$CHECK/var" \
  "instance:http-address=$HOST:$PORT" \
  >"$CHECK/buildout.log" 2>&1; then
  tail -n 30 "$CHECK/buildout.log" >&2
  fail "buildout failed"
fi
[ -x "$CHECK/bin/instance" ] || fail "buildout wrote no bin/instance"
phase_done "$(grep -c '^Got ' "$CHECK/buildout.log" || true) distributions downloaded, $(find eggs -maxdepth 2 -name '*.egg' | wc -l) in eggs/"

phase "[4/5] bin/instance run scripts/create_site.py"
if ! GONGWEN_ADMIN=$ADMIN GONGWEN_SITE_ID=$SITE_ID GONGWEN_DEMO=1 \
  "$CHECK/bin/instance" run scripts/create_site.py >"$CHECK/site.log" 2>&1; then
  tail -n 30 "$CHECK/site.log" >&2
  fail "site creation failed"
fi
created=$(grep "^Plone site " "$CHECK/site.log") || fail "create_site.py printed no result"
phase_done "$created"

phase "[5/5] bin/instance fg on $BASE"
if curl -s -o /dev/null "$BASE/"; then
  fail "something already answers on $BASE: stop it or set CHECK_PORT"
fi
setsid "$CHECK/bin/instance" fg >"$CHECK/server.log" 2>&1 &
SERVER_PID=$!
SERVER_STARTED=1
deadline=$((SECONDS + START_TIMEOUT))
until curl -s -o /dev/null "$BASE/"; do
  kill -0 "$SERVER_PID" 2>/dev/null || fail "bin/instance fg exited before it served"
  [ "$SECONDS" -lt "$deadline" ] || fail "no answer on $BASE after ${START_TIMEOUT} s"
  sleep 0.5
done
phase_done "answering"

check_url() {  # URL: prints the HTTP status, the body goes to $CHECK/body
  curl -sS --max-time 60 -H "Accept: text/html" -o "$CHECK/body" -w '%{http_code}' "$1" || true
}

url=$BASE/$SITE_ID
code=$(check_url "$url")
[ "$code" = 200 ] || fail "GET $url answered $code, not 200 (see $CHECK/var/log/instance.log)"
# Plone writes the title raw, or as character references once it reserialises the page.
title_html=$("$PYTHON" -c 'import sys; print("".join(f"&#{ord(c)};" for c in sys.argv[1]))' "$TITLE")
grep -q -e "<title>[^<]*$TITLE" -e "<title>[^<]*$title_html" "$CHECK/body" \
  || fail "GET $url: no <title> with $TITLE in the HTML"
say "GET $url -> 200, <title> has $TITLE"

url=$BASE/$SITE_ID/++plone++collective.gongwen.viewer/documentviewer.js
code=$(check_url "$url")
[ "$code" = 200 ] || fail "GET $url answered $code, not 200"
say "GET $url -> 200 ($(wc -c <"$CHECK/body") bytes)"

stop_server
PASSED=1
say "PASSED in $((($(date +%s) - total_start) / 60)) min $((($(date +%s) - total_start) % 60)) s"
