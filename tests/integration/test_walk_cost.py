"""Issue 21 item 6: a step of a 发文 catalogues it once or twice, not once per recipient
(R-RUN1's walk, the Zope side).

The catalog indexes a changed document at the end of its transaction, once, whatever
changed — unless a catalog search in the middle of the step makes it index the document
half done, and again at the end. 提交 and 发送 check the document first
(``content.submission``): that check searches the catalog only where it must (the
subordinate units, for an upward document's 抄送). 发送 finds every recipient before the
first delivery's event (``exchange.deliveries.create_deliveries``), not between events.

Each time, the catalog's values of Plone's own that a document has no field for are given
without the lookup through every parent, and its size without reading every field.
"""

import Missing
import pytest
from plone import api
from plone.dexterity.utils import createContentInContainer
from Products.CMFCore.indexing import processQueue
from Products.CMFPlone.CatalogTool import CatalogTool
from Products.CMFPlone.CatalogTool import getObjSize

from collective.gongwen.content.indexers import NOT_APPLICABLE
from collective.gongwen.content.submission import submission_problems
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from tests.support.archive import TO_SENT
from tests.support.incoming import register_incoming
from tests.support.outgoing import body
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until


def catalogued_during(monkeypatch, document, call):
    """How many times ``document`` is catalogued while ``call()`` runs and its transaction's
    indexing queue is processed (as at the commit)."""
    path = "/".join(document.getPhysicalPath())
    original = CatalogTool.catalog_object
    paths = []

    def counted(self, obj, uid=None, *args, **kwargs):
        paths.append(uid or "/".join(obj.getPhysicalPath()))
        return original(self, obj, uid, *args, **kwargs)

    processQueue()
    with monkeypatch.context() as patches:
        patches.setattr(CatalogTool, "catalog_object", counted)
        call()
        processQueue()
    return paths.count(path)


def acting(document, user, action, opinion=""):
    def call():
        with api.env.adopt_user(username=user):
            act(document, action, opinion)

    return call


def test_issue21_submit_catalogues_the_document_once(portal, monkeypatch):
    document = draft_outgoing(portal, main_recipients=["局属各科室"])
    count = catalogued_during(monkeypatch, document, acting(document, "cy_eng_staff", rules.SUBMIT))
    assert count == 1
    assert api.content.get_state(obj=document) == "dept_review"


@pytest.mark.slow
def test_issue21_send_catalogues_the_document_at_most_twice(portal, monkeypatch):
    document = walk_until(
        draft_outgoing(portal, main_recipients=["局属各科室"]), TO_SENT, "secretary_check"
    )
    count = catalogued_during(monkeypatch, document, acting(document, "cy_secretary1", rules.SEND))
    # once more than at the commit: the sending unit's address book is read from the catalog
    # after the transition (it was 5 with three recipients: once more for each)
    assert count <= 2
    assert api.content.get_state(obj=document) == "sent"


def test_issue21_upward_copies_to_a_subordinate_unit_still_refused(portal):
    """The subordinate units are still looked up where they count (R-D1)."""
    with api.env.adopt_roles(["Manager"]):
        document = createContentInContainer(
            portal.xinxiang["outgoing"],
            "gongwen_outgoing",
            title="关于防汛工作的报告",
            doc_kind="report",
            direction="upward",
            main_recipients=["黄河河务局"],
            cc_recipients=["长垣河务局"],
            text=body(),
        )
    assert "上行文不得抄送下级机关：长垣河务局。" in submission_problems(document)


def test_issue21_catalog_values_of_plone_as_plone_would_give_them(portal):
    """The shortcuts give what Plone's own lookups give: nothing for the names a document has
    no field for (an event's 开始, a link's address …), the size of its body."""
    outgoing = draft_outgoing(portal, main_recipients=["局属各科室"])
    incoming = register_incoming(portal, title="关于汛期值班安排的通知")
    catalog = api.portal.get_tool("portal_catalog")
    for document in (outgoing, incoming):
        for name in NOT_APPLICABLE:
            with pytest.raises(AttributeError):
                getattr(document, name)  # Plone's lookup, through every parent
        processQueue()
        (brain,) = catalog.unrestrictedSearchResults(UID=document.UID())
        assert brain.getObjSize == getObjSize.callable(document)
        indexed = catalog.getIndexDataForRID(brain.getRID())
        for name in NOT_APPLICABLE:
            assert indexed.get(name) in (None, ""), name
            if name in catalog.schema():
                assert getattr(brain, name) is Missing.Value, name
    assert outgoing.text.getSize() > 0 and getObjSize.callable(outgoing) != "0 KB"
