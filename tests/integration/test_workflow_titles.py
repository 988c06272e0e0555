"""Workflow titles in English and Chinese at run time (SPEC §1: UI language).

Our locales/en/LC_MESSAGES/plone.po is registered with the rest of our locales
(configure.zcml) and merged by zope.i18n with Plone's own ``plone`` catalogs.
"""

from pathlib import Path

import pytest
from plone import api
from zope.component import getUtility
from zope.i18n import translate
from zope.i18n.interfaces import ITranslationDomain

from tests.support.po import read_catalog

OURS = Path(__file__).resolve().parents[2] / "src" / "collective" / "gongwen" / "locales"
WORKFLOWS = (
    "gongwen_classified_workflow",
    "gongwen_document_workflow",
    "gongwen_outgoing_workflow",
)


def english():
    return read_catalog((OURS / "en" / "LC_MESSAGES" / "plone.po").read_text("utf-8"))


def installed_texts():
    """Titles, descriptions and action names of the workflows as installed."""
    tool = api.portal.get_tool("portal_workflow")
    texts = set()
    for workflow_id in WORKFLOWS:
        workflow = tool[workflow_id]
        texts |= {workflow.title, workflow.description}
        for state in workflow.states.values():
            texts |= {state.title, state.description}
        for transition in workflow.transitions.values():
            texts |= {transition.title, transition.description, transition.actbox_name}
    return {text for text in texts if text}


def test_our_catalog_is_merged_into_plones_domain(portal):
    catalogs = getUtility(ITranslationDomain, "plone").getCatalogsInfo()["en"]
    assert any(str(OURS) in path for path in catalogs), catalogs
    assert any("plone/app/locales" in path for path in catalogs), catalogs


def test_state_title_in_english_and_chinese(portal):
    title = "部门负责人核稿"
    assert translate(title, domain="plone", target_language="en") == "Department head review"
    assert translate(title, domain="plone", target_language="zh_CN") == title


@pytest.mark.parametrize(
    ("chinese", "english_title"),
    [
        ("拟稿", "Drafting"),
        ("局长签发", "Director's signature"),
        ("文印室登记编号排版", "Print room: numbering and typesetting"),
        ("已发送", "Sent"),
        ("已归档", "Archived"),
        ("退回拟稿人", "Return to drafter"),
    ],
)
def test_titles_in_english_and_chinese(portal, chinese, english_title):
    assert translate(chinese, domain="plone", target_language="en") == english_title
    assert translate(chinese, domain="plone", target_language="zh_CN") == chinese


def test_every_installed_workflow_text_is_translated_to_english(portal):
    expected = {msgid: entry["msgstr"] for msgid, entry in english().items()}
    wrong = {
        text: translated
        for text in installed_texts()
        if (translated := translate(text, domain="plone", target_language="en"))
        != expected.get(text)
    }
    assert wrong == {}
