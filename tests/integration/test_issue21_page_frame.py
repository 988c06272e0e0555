"""Issue 21: whether the toolbar shows the object's views and menus (Plone's ``showToolbar``,
asked by two viewlets of every page) is decided once a page, for the same object, user and
published view; another object or user in the same request is asked again. The toolbar's tabs
are worked out only when shown, and the portlet columns look up the page's portlet categories
(its type, the user, the user's groups) once."""

from plone import api
from plone.app.layout.viewlets.common import ContentViewsViewlet
from plone.app.portlets.portletcontext import ContentContext
from plone.portlets.interfaces import IPortletContext
from Products.CMFPlone.browser.ploneview import Plone

from collective.gongwen.portal import page_frame
from tests.support.calls import recorded
from tests.support.outgoing import draft_outgoing
from tests.support.views import render_as


def new_request(portal):
    for key in (page_frame.TOOLBAR_KEY, page_frame.PORTLET_CATEGORIES_KEY):
        portal.REQUEST.other.pop(key, None)


def decided(context, user):
    """``showToolbar`` on ``context`` as ``user``, asked through a new ``@@plone`` view."""
    with api.env.adopt_user(username=user):
        return context.restrictedTraverse("@@plone").showToolbar()


def test_issue21_the_toolbar_is_decided_once_a_page(portal, monkeypatch):
    asked = recorded(monkeypatch, Plone, "_old_showToolbar", lambda view: view.context)
    new_request(portal)
    page = render_as(portal, "gongwen-front-page", "cy_eng_staff")[1]
    assert 'id="edit-zone"' in page
    assert len(asked) == 1  # Plone asked twice: the content views and the content menus


def test_issue21_another_object_or_user_is_asked_again(portal, monkeypatch):
    document = draft_outgoing(portal, title="关于防汛物资清单的通知")
    asked = recorded(monkeypatch, Plone, "_old_showToolbar", lambda view: view.context)
    new_request(portal)
    # The drafter may edit her draft: its views and menus show; not on the portal itself.
    assert decided(document, "cy_eng_staff") is True
    assert decided(portal, "cy_eng_staff") is False
    assert decided(document, "cy_eng_staff") is True
    assert len(asked) == 2
    # The administrator's answer on the portal is his own, not the drafter's.
    assert decided(portal, "gw_admin") is True
    assert len(asked) == 3


def test_issue21_the_tabs_are_worked_out_only_when_shown(portal, monkeypatch):
    tabs = recorded(monkeypatch, ContentViewsViewlet, "getTabSets", lambda viewlet: viewlet)
    document = draft_outgoing(portal, title="关于防汛物资清单的通知")
    new_request(portal)
    front = render_as(portal, "gongwen-front-page", "cy_eng_staff")[1]
    assert tabs == [] and 'id="contentview-edit"' not in front
    new_request(portal)
    draft = render_as(document, "view", "cy_eng_staff")[1]
    assert len(tabs) == 1 and 'id="contentview-edit"' in draft  # the drafter edits her draft


def test_issue21_the_portlet_categories_are_looked_up_once_a_page(portal, monkeypatch):
    looked_up = recorded(monkeypatch, ContentContext, "_getUserId", lambda context: context)
    new_request(portal)
    render_as(portal, "gongwen-front-page", "cy_eng_staff")
    assert len(looked_up) == 1  # 4 before: each portlet column asked again
    with api.env.adopt_user(username="cy_eng_staff"):
        categories = IPortletContext(portal).globalPortletCategories()
        categories.append(("user", "someone else"))  # the caller's own list
        again = IPortletContext(portal).globalPortletCategories()
    assert ("user", "cy_eng_staff") in again and ("user", "someone else") not in again
    with api.env.adopt_user(username="cy_fin_staff"):
        assert ("user", "cy_fin_staff") in IPortletContext(portal).globalPortletCategories()
    assert len(looked_up) == 2
