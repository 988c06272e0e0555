"""R-U1: a document's own 审计记录 — the newest 20 below its body, all of them page by page on
@@gongwen-audit-trail — to whoever may see the document; addresses for the auditor only."""

import pytest
from AccessControl import Unauthorized

from collective.gongwen.audit import record
from collective.gongwen.audit.browser import trail
from tests.support.outgoing import draft_outgoing
from tests.support.views import render_as


@pytest.fixture
def document(portal):
    document = draft_outgoing(portal, title="审计记录分页")
    audit = record.audit_store()
    for number in range(75):
        audit.append(
            actor="cy_eng_head",
            action="view",
            object_uid=document.UID(),
            client_address="10.7.7.7",
            summary=f"第{number:03d}次查看",
        )
    return document


def test_r_u1_document_page_shows_the_newest_twenty_and_links_to_all(document):
    _view, html = render_as(document, "view", "cy_eng_staff")
    assert "审计记录" in html or "Audit trail" in html
    assert "第074次查看" in html and "第055次查看" in html and "第054次查看" not in html
    assert "@@gongwen-audit-trail" in html
    assert "10.7.7.7" not in html  # addresses: auditors only


def test_r_u1_trail_page_pages_all_entries_newest_first(document):
    view, html = render_as(document, "gongwen-audit-trail", "cy_eng_staff")
    assert (view.page, view.pages) == (1, 2)
    assert "第074次查看" in html and "第025次查看" in html and "第024次查看" not in html
    view, html = render_as(document, "gongwen-audit-trail", "cy_eng_staff", page="2")
    assert "第024次查看" in html and "第000次查看" in html and "第025次查看" not in html


@pytest.mark.parametrize("page", ["0", "-3", "abc", "9" * 200, "99999"])
def test_r_u1_trail_page_hostile_page_numbers(document, page):
    view, html = render_as(document, "gongwen-audit-trail", "cy_eng_staff", page=page)
    assert 1 <= view.page <= view.pages
    assert "第" in html


def test_r_u1_trail_page_only_for_who_may_see_the_document(document):
    with pytest.raises(Unauthorized):
        render_as(document, "gongwen-audit-trail", "xx_director")


def test_r_u1_trail_page_number_rule():
    assert trail.page_number(None) == 1
    assert trail.page_number("7") == 7
    assert trail.page_number("x" * 10_000) == 1


def test_issue21_a_documents_trail_does_not_search_for_the_document(document, monkeypatch):
    """All its entries are the document's own: the trail names it without a catalog search."""
    from collective.gongwen.audit.browser import common
    from tests.support.calls import recorded

    searched = recorded(monkeypatch, common, "documents", lambda uids: uids)
    _view, html = render_as(document, "gongwen-audit-trail", "cy_eng_staff")
    assert "第074次查看" in html
    assert searched == []
