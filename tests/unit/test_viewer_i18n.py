"""R-A1: our catalogs of collective.documentviewer's messages (locales/*/LC_MESSAGES).

zope.i18n merges every catalog registered for a domain and language, and
the first one that knows a message wins; which of ours and the viewer's own
comes first depends on the order the add-ons' ZCML loads. Ours therefore
translate every message the viewer has and agree with the few the viewer's
zh_CN catalog translates, so the order does not matter.
"""

from pathlib import Path

import collective.documentviewer
import pytest

from tests.support.po import is_chinese
from tests.support.po import read_catalog

REPO = Path(__file__).resolve().parents[2]
OURS = REPO / "src" / "collective" / "gongwen" / "locales"
VIEWERS = Path(collective.documentviewer.__file__).parent / "locales"
DOMAIN = "collective.documentviewer"


def catalog(locales, language=None):
    path = locales / (f"{language}/LC_MESSAGES/{DOMAIN}.po" if language else f"{DOMAIN}.pot")
    return read_catalog(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_r_a1_we_translate_every_viewer_message(language):
    ours = catalog(OURS, language)
    assert set(ours) == set(catalog(VIEWERS))
    assert [msgid for msgid, entry in ours.items() if not entry["msgstr"]] == []


def test_r_a1_chinese_viewer_messages_are_chinese():
    # A name and a size stay as they are (PDF, "— 12 KB").
    latin_only = {"&mdash; ${get_size} KB", "PDF"}
    ours = catalog(OURS, "zh_CN")
    assert [
        m for m, entry in ours.items() if not is_chinese(entry["msgstr"]) and m not in latin_only
    ] == []


def test_r_a1_english_viewer_messages_are_the_viewers_english():
    viewers = catalog(VIEWERS)
    for msgid, entry in catalog(OURS, "en").items():
        assert entry["msgstr"] == (viewers[msgid]["default"] or msgid)


def test_r_a1_we_agree_with_the_viewers_own_chinese():
    ours = catalog(OURS, "zh_CN")
    theirs = {m: e["msgstr"] for m, e in catalog(VIEWERS, "zh_CN").items() if e["msgstr"]}
    assert theirs, "collective.documentviewer no longer ships zh_CN translations: simplify"
    assert {m: ours[m]["msgstr"] for m in theirs} == theirs
