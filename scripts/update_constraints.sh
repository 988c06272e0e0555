#!/usr/bin/env bash
# Regenerates constraints.txt: a fresh venv, an unpinned install of Plone
# $PLONE_VERSION with collective.gongwen[test] and the buildout tools, then
# pip freeze. Run it deliberately (`make constraints`), then run the whole
# suite and `make versions.cfg` before committing the new pins.
set -euo pipefail
cd "$(dirname "$0")/.."

PLONE_VERSION="${PLONE_VERSION:-6.2.2}"
PYTHON="${PYTHON:-python3.11}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/pip" install -q -U pip setuptools wheel
"$work/venv/bin/pip" install -q "Plone==$PLONE_VERSION" -e '.[test]' \
  zc.buildout plone.recipe.zope2instance zc.recipe.egg

{
  echo "# Verified working set for collective.gongwen: Plone $PLONE_VERSION, our dependencies, test and build tools."
  echo "# Regenerate deliberately with 'make constraints' (scripts/update_constraints.sh), never by hand;"
  echo "# then 'make versions.cfg' for buildout. Python 3.11."
  "$work/venv/bin/pip" freeze --all --exclude-editable | grep -v '^collective\.gongwen' | sort -f
} > constraints.txt
echo "constraints.txt: $(grep -c '==' constraints.txt) pins"
