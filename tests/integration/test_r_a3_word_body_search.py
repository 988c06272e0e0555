"""R-A3 / R-S1 for a Word 正文 (R-D6): a phrase written only in the Word file finds its 发文.

The 正文 item is one of the document's files whose text is its document's full text
(``content.searchable.in_document_text``); its text is what the conversion reads from the
file (here the workers' own steps, in this process: ``conversion.inline``).
"""

import pytest
from plone import api

from collective.gongwen.content import body
from collective.gongwen.content.searchable import document_text
from collective.gongwen.conversion.inline import convert_inline
from collective.gongwen.wordbody import actions
from tests.support.outgoing import draft_outgoing
from tests.support.wordfiles import simple_docx

pytestmark = pytest.mark.slow

PHRASE = "黄河滩区迁建安置工作专项督查"


def test_r_a3_a_phrase_only_in_the_word_body_finds_its_document(portal):
    document = draft_outgoing(portal, title="关于开展专项督查的通知", text=None)
    with api.env.adopt_user(username="cy_eng_staff"):
        actions.upload_body(
            document, simple_docx(f"各科室要认真做好{PHRASE}。"), "正文.docx", "cy_eng_staff"
        )
    item = body.body_item(document)
    assert convert_inline(item) == "done"
    assert PHRASE in document_text(document)
    catalog = api.portal.get_tool("portal_catalog")
    found = catalog.unrestrictedSearchResults(SearchableText=PHRASE, portal_type="gongwen_outgoing")
    assert [brain.UID for brain in found] == [document.UID()]
