"""Issue 21 item 6: a staff front page costs the same with few or many 待办 (R-P1).

The page shows the first five of 我的待办 and 我的待阅 and counts the rest: the rows (names
looked up, titles translated, times formatted) are made for the five shown only, the
catalog is asked the same number of times and no document is loaded, however many wait.
Counted, not timed: the machine's load does not move these figures.
"""

import datetime
import re

import pytest
from plone import api
from Products.CMFPlone.CatalogTool import CatalogTool
from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain

from collective.gongwen.content.containers import UNIT_TYPE
from collective.gongwen.portal.browser import front as front_module
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from collective.gongwen.steps.browser import todo as todo_module
from tests.support.outgoing import draft_outgoing

HEAD = "cy_eng_head"


def waiting_for_head(portal, count, first=1):
    """``count`` 发文 submitted by cy_eng_staff (titles numbered from ``first``): each waits
    for 科室审核 by cy_eng_head."""
    documents = []
    for number in range(first, first + count):
        document = draft_outgoing(portal, title=f"关于报送第{number}批防汛物资清单的通知")
        with api.env.adopt_user(username="cy_eng_staff"):
            act(document, rules.SUBMIT)
        documents.append(document)
    return documents


def document_brain(brain, *args):
    """True for a document's catalog entry (the page reads the units, few, from theirs)."""
    return brain.portal_type != UNIT_TYPE


class Counts:
    """What one rendering of the front page asked for: rows made, catalog searches, documents
    loaded from catalog entries."""

    def __init__(self, monkeypatch):
        self.rows = self.searches = self.loads = 0
        self._count(monkeypatch, todo_module, "document_row", "rows")
        for name in ("searchResults", "__call__", "unrestrictedSearchResults"):
            self._count(monkeypatch, CatalogTool, name, "searches")
        for name in ("getObject", "_unrestrictedGetObject"):
            self._count(monkeypatch, AbstractCatalogBrain, name, "loads", document_brain)

    def _count(self, monkeypatch, owner, name, counter, which=lambda *args: True):
        original = getattr(owner, name)

        def counted(*args, **kwargs):
            if which(*args):
                setattr(self, counter, getattr(self, counter) + 1)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


def front_page(portal, user=HEAD):
    with api.env.adopt_user(username=user):
        return portal.restrictedTraverse("@@gongwen-front-page")()


def front_page_counts(portal, monkeypatch, user=HEAD):
    """The page's counts, the second time it is shown (Plone's portlets and navigation keep
    what they found the first time: that is not the cost of a page)."""
    front_page(portal, user)
    with monkeypatch.context() as patches:
        counts = Counts(patches)
        html = front_page(portal, user)
    return counts, html


def todo_count(html):
    return int(re.search(r'gongwen-front-todo-count">\s*(\d+)', html).group(1))


@pytest.mark.slow
def test_issue21_front_page_cost_stays_flat_as_todo_items_pile_up(portal, monkeypatch):
    waiting_for_head(portal, 3)
    few, html_few = front_page_counts(portal, monkeypatch)
    assert todo_count(html_few) == 3
    waiting_for_head(portal, 9, first=4)
    many, html_many = front_page_counts(portal, monkeypatch)
    assert todo_count(html_many) == 12
    # the five newest shown, made as rows; the others counted only
    assert many.rows == front_module.FIRST_ITEMS
    assert html_many.count("关于报送第") == front_module.FIRST_ITEMS
    assert "关于报送第12批防汛物资清单的通知" in html_many
    assert "关于报送第1批防汛物资清单的通知" not in html_many
    # the same catalog searches with 12 waiting as with 3, and no document loaded
    assert many.searches == few.searches
    assert many.loads == few.loads == 0


def test_issue21_front_page_counts_overdue_among_rows_not_shown(portal):
    late = waiting_for_head(portal, 1)[0]
    late.step_deadline = datetime.date.today() - datetime.timedelta(days=3)
    late.reindexObject()
    waiting_for_head(portal, 6, first=2)  # newer: the late one is not among the five shown
    with api.env.adopt_user(username=HEAD):
        view = portal.restrictedTraverse("@@gongwen-front-page")
        view.unit = None
        panel = view.personal_panel()
    assert panel["todo_count"] == 7
    assert panel["overdue_count"] == 1
    assert not any(row["overdue"] for row in panel["todo"])
    assert [row["title"] for row in panel["todo"]] == [
        f"关于报送第{number}批防汛物资清单的通知" for number in (7, 6, 5, 4, 3)
    ]


def test_issue21_todo_page_lists_every_item_in_the_same_order(portal):
    waiting_for_head(portal, 7)
    with api.env.adopt_user(username=HEAD):
        html = portal.restrictedTraverse("@@gongwen-todo")()
    titles = [f"关于报送第{number}批防汛物资清单的通知" for number in range(7, 0, -1)]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
