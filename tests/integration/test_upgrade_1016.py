"""Issue 21: Plone's events portlet is not on the site's right column, on new sites and, by the
upgrade to 1016, on existing ones. The portal has no events; the portlet searched the catalog
for them on every page to show nothing."""

from plone.app.event.portlets import portlet_events
from plone.portlets.interfaces import IPortletAssignmentMapping
from plone.portlets.interfaces import IPortletManager
from zope.component import getMultiAdapter
from zope.component import getUtility

from tests.support.outgoing import draft_outgoing
from tests.support.upgrades import current_version
from tests.support.upgrades import upgraded_from
from tests.support.views import render_as


def right_column(portal):
    manager = getUtility(IPortletManager, name="plone.rightcolumn")
    return getMultiAdapter((portal, manager), IPortletAssignmentMapping)


def test_issue21_no_events_portlet_on_a_new_site(portal):
    assert "events" not in right_column(portal)
    # the unit's navigation stays in the left column
    manager = getUtility(IPortletManager, name="plone.leftcolumn")
    assert "navigation" in getMultiAdapter((portal, manager), IPortletAssignmentMapping)


def test_issue21_upgrade_1016_removes_the_events_portlet(portal):
    right_column(portal)["events"] = portlet_events.Assignment()  # as sites before 1016 have it
    upgraded_from("1015")
    assert upgraded_from("1015") == current_version()  # twice: nothing breaks
    assert "events" not in right_column(portal)
    document = draft_outgoing(portal, title="关于防汛物资清单的通知")
    _view, html = render_as(document, "view", "cy_eng_staff")
    assert "关于防汛物资清单的通知" in html and "portal-column-two" not in html
