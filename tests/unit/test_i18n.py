"""Every user-facing string goes through i18n; zh_CN and English are complete.

Strings carry an ASCII msgid and a Chinese default, so Chinese needs a
translation only where the source text is not Chinese; English needs one for
every message.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.po import is_chinese
from tests.support.po import read_catalog

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "src" / "collective" / "gongwen" / "locales"
DOMAIN = "collective.gongwen"
I18NDUDE = Path(sys.executable).parent / "i18ndude"


def catalog(language=None):
    """The committed .pot (language None) or a language's .po, parsed."""
    if language is None:
        path = LOCALES / f"{DOMAIN}.pot"
    else:
        path = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    return read_catalog(path.read_text(encoding="utf-8"))


def test_manual_pot_lists_the_computed_messages():
    generated = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "manual_messages.py")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert generated == (LOCALES / f"{DOMAIN}-manual.pot").read_text(encoding="utf-8"), (
        "run `make i18n` and translate"
    )


def test_pot_lists_every_message_in_the_code(tmp_path):
    fresh = tmp_path / f"{DOMAIN}.pot"
    manual = LOCALES / f"{DOMAIN}-manual.pot"
    subprocess.run(
        [
            str(I18NDUDE),
            "rebuild-pot",
            "--pot",
            str(fresh),
            "--merge",
            str(manual),
            "--create",
            DOMAIN,
            str(LOCALES.parent),
        ],
        check=True,
        capture_output=True,
    )
    committed = catalog()
    extracted = read_catalog(fresh.read_text(encoding="utf-8"))
    assert set(extracted) == set(committed), "run `make i18n` and translate"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_po_files_are_in_sync_with_the_pot(language):
    assert set(catalog(language)) == set(catalog())


def test_english_translates_every_message():
    missing = [msgid for msgid, entry in catalog("en").items() if not entry["msgstr"]]
    assert missing == []


def test_chinese_translates_every_message_that_is_not_chinese_already():
    missing = [
        msgid
        for msgid, entry in catalog("zh_CN").items()
        if not entry["msgstr"] and not is_chinese(entry["default"] or msgid)
    ]
    assert missing == []
