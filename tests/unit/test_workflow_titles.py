"""Workflow titles in English (SPEC §1: zh_CN by default, English available).

Plone shows workflow, state and transition titles and descriptions through
the ``plone`` domain; their Chinese text in profiles/default/workflows is the
msgid, so Chinese needs no catalog and English needs
locales/en/LC_MESSAGES/plone.po to translate every one of them, and no more.
"""

import re
from pathlib import Path

from lxml import etree

from tests.support.po import is_chinese
from tests.support.po import read_catalog

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / "profiles" / "default" / "workflows"
PLONE_PO = REPO / "src" / "collective" / "gongwen" / "locales" / "en" / "LC_MESSAGES" / "plone.po"


def imported(text):
    """The text as DCWorkflow's importer stores it (lines left-stripped, end stripped)."""
    return "".join(line.lstrip() for line in (text or "").splitlines(True)).rstrip()


def workflow_texts():
    """``{text: [where, ...]}`` for every Chinese title, description and action text."""
    texts = {}

    def add(text, where):
        text = imported(text)
        if is_chinese(text):
            texts.setdefault(text, []).append(where)

    definitions = sorted(WORKFLOWS.glob("*/definition.xml"))
    assert definitions, WORKFLOWS
    for definition in definitions:
        root = etree.parse(str(definition)).getroot()
        workflow = root.get("workflow_id")
        add(root.get("title"), f"{workflow} title")
        add(root.get("description"), f"{workflow} description")
        for state in root.iterfind("state"):
            where = f"{workflow} state {state.get('state_id')}"
            add(state.get("title"), f"{where} title")
            add(state.findtext("description"), f"{where} description")
        for transition in root.iterfind("transition"):
            where = f"{workflow} transition {transition.get('transition_id')}"
            add(transition.get("title"), f"{where} title")
            add(transition.findtext("description"), f"{where} description")
            add(transition.findtext("action"), f"{where} action")
    return texts


def english():
    return read_catalog(PLONE_PO.read_text(encoding="utf-8"))


def test_plone_po_is_an_english_catalog_of_the_plone_domain():
    header = PLONE_PO.read_text(encoding="utf-8")
    assert '"Domain: plone\\n"' in header
    assert '"Language: en\\n"' in header


def test_every_workflow_text_has_an_english_translation():
    catalog = english()
    missing = {
        text: where
        for text, where in workflow_texts().items()
        if not catalog.get(text, {}).get("msgstr", "").strip()
    }
    assert missing == {}, "add them to locales/en/LC_MESSAGES/plone.po"


def test_english_workflow_translations_are_english():
    chinese = {msgid for msgid, entry in english().items() if is_chinese(entry["msgstr"])}
    assert chinese == set()


def role_ids():
    """Our roles (profiles/default/rolemap.xml): the users panel translates them in plone too."""
    rolemap = (REPO / "profiles" / "default" / "rolemap.xml").read_text(encoding="utf-8")
    return set(re.findall(r'<role name="(Gongwen\w+)" />', rolemap))


def test_plone_po_translates_only_workflow_texts_and_role_titles():
    unused = set(english()) - set(workflow_texts()) - role_ids()
    assert unused == set(), "remove them from locales/en/LC_MESSAGES/plone.po"
