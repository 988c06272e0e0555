#!/usr/bin/env bash
# Rebuilds locales/collective.gongwen.pot from the code, templates, ZCML and
# profiles, and syncs every language's .po with it (new msgids get empty
# translations to fill in). Run by `make i18n`.
set -euo pipefail
cd "$(dirname "$0")/.."

domain=collective.gongwen
locales=src/collective/gongwen/locales
i18ndude=${I18NDUDE:-.venv/bin/i18ndude}

# Messages computed at run time (vocabulary terms, fieldset labels) come from a
# generated manual .pot.
.venv/bin/python scripts/manual_messages.py > "$locales/$domain-manual.pot"
"$i18ndude" rebuild-pot --pot "$locales/$domain.pot" --merge "$locales/$domain-manual.pot" \
  --create "$domain" src/collective/gongwen
for po in "$locales"/*/LC_MESSAGES/"$domain".po; do
  "$i18ndude" sync --pot "$locales/$domain.pot" "$po"
done
