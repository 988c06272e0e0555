"""R-A1: collective.documentviewer's server-side words in Chinese, and in English.

Our catalogs for its domain are registered with the rest of our locales
(configure.zcml) and merged by zope.i18n with the viewer's own.
"""

from pathlib import Path

import pytest
from collective.documentviewer import _ as viewer_message
from plone import api
from zope.component import getUtility
from zope.i18n import translate
from zope.i18n.interfaces import ITranslationDomain
from zope.i18nmessageid import Message

from tests.support.po import read_catalog

DOMAIN = "collective.documentviewer"
OURS = Path(__file__).resolve().parents[2] / "src" / "collective" / "gongwen" / "locales"
CONVERTING = "The document is currently being converted to the Document Viewer view."


def our_catalog(language):
    return read_catalog((OURS / language / "LC_MESSAGES" / f"{DOMAIN}.po").read_text("utf-8"))


def test_r_a1_both_catalogs_are_merged_into_the_viewers_domain(portal):
    catalogs = getUtility(ITranslationDomain, DOMAIN).getCatalogsInfo()["zh_CN"]
    assert any(str(OURS) in path for path in catalogs), catalogs
    assert any("collective/documentviewer/locales" in path for path in catalogs), catalogs


def test_r_a1_viewer_page_message_in_chinese_and_english(portal):
    message = viewer_message(CONVERTING)
    assert translate(message, target_language="zh_CN") == "文档正在转换，完成后即可在线查看。"
    assert translate(message, target_language="en") == CONVERTING


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_r_a1_every_viewer_message_is_translated_at_run_time(portal, language):
    wrong = {
        msgid: translated
        for msgid, entry in our_catalog(language).items()
        if (translated := translate(Message(msgid, domain=DOMAIN), target_language=language))
        != entry["msgstr"]
    }
    assert wrong == {}


def test_r_a1_viewer_actions_are_translated_in_the_viewers_domain(portal):
    actions = api.portal.get_tool("portal_actions")
    titles = {
        name: translate(actions[category][name].getInfoData()[0]["title"], target_language="zh_CN")
        for category, name in (
            ("object_buttons", "documentviewer_convert"),
            ("object", "documentviewer_settings"),
        )
    }
    assert titles == {
        "documentviewer_convert": "转换为在线查看",
        "documentviewer_settings": "文档查看器设置",
    }
