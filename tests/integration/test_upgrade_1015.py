"""Issue 21: the units' 发文 and 收文 folders are unordered, on new sites and, by the upgrade
to 1015, on existing ones. An ordered folder wrote the list of all its documents' ids again
with each new document: 270 KB at 10,000 of them, each copy kept by a history-preserving
storage."""

import transaction
from plone import api
from plone.folder.default import DefaultOrdering
from plone.folder.unordered import UnorderedOrdering
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.org.sync import ensure_all_unit_folders
from tests.support.incoming import register_incoming
from tests.support.outgoing import draft_outgoing
from tests.support.views import render_as

ORDER_KEYS = (DefaultOrdering.ORDER_KEY, DefaultOrdering.POS_KEY)


def document_folders(portal):
    return [portal.changyuan.outgoing, portal.changyuan.incoming]


def order_kept(folder):
    return [key for key in ORDER_KEYS if key in IAnnotations(folder)]


def ordered_as_before(folder):
    """``folder`` as sites before 1015 have it: ordered, its order listing every item."""
    folder.setOrdering("")
    ordering = folder.getOrdering()
    for item_id in folder.objectIds(ordered=False):
        ordering.notifyAdded(item_id)


def test_issue21_document_folders_keep_no_order(portal):
    outgoing = draft_outgoing(portal, title="关于防汛物资清单的通知")
    incoming = register_incoming(portal, title="关于汛期值班安排的通知")
    for folder in document_folders(portal):
        assert isinstance(folder.getOrdering(), UnorderedOrdering)
        assert order_kept(folder) == []
    assert outgoing.getId() in portal.changyuan.outgoing.objectIds()
    assert incoming.getId() in portal.changyuan.incoming.objectIds()
    # the unit's other folders keep Plone's order (the address book's organs are few)
    assert isinstance(portal.changyuan.addressbook.getOrdering(), DefaultOrdering)


def test_issue21_upgrade_1015_document_folders_unordered(portal):
    draft = draft_outgoing(portal, title="关于防汛物资清单的通知")
    register_incoming(portal, title="关于汛期值班安排的通知")
    with api.env.adopt_roles(["Manager"]):
        for folder in document_folders(portal):
            ordered_as_before(folder)
            assert order_kept(folder) == list(ORDER_KEYS)
        assert draft.getId() in portal.changyuan.outgoing.getOrdering().idsInOrder()
        transaction.savepoint()

        ensure_all_unit_folders(None)
        ensure_all_unit_folders(None)  # twice: nothing breaks

    outgoing = portal.changyuan.outgoing
    for folder in document_folders(portal):
        assert isinstance(folder.getOrdering(), UnorderedOrdering)
        assert order_kept(folder) == []
    # every document is still there, listed, and a new one joins them
    assert draft.getId() in outgoing.objectIds()
    later = draft_outgoing(portal, title="关于汛前检查的通知")
    assert later.getId() in outgoing.objectIds()
    _view, html = render_as(outgoing, "gongwen-listing", "cy_eng_staff")
    assert "关于防汛物资清单的通知" in html and "关于汛前检查的通知" in html
