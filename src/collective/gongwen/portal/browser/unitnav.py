"""``@@gongwen-unit-nav``: a unit's daily entry points, for the front page (R-P3).

A fragment (no page around it) the front page template includes: for each
unit, links to its 发文 and 收文 folders with the number of documents
in progress and overdue that the user may see, to its 待签收 (with the
number waiting) for its secretaries, and to its 档案 folder's 档案管理 (with
the finished documents waiting for 归档) for its archivists (R-R1), and to its
超期统计 (R-I5, R-O12) for its secretaries and office heads. On a
unit: that unit; on the site: the units the user holds a function in (all
units for someone who holds none, e.g. an administrator). Anonymous visitors get nothing.
"""

from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.archive.overview import waiting_count
from collective.gongwen.content.unit import IGongwenUnit
from collective.gongwen.exchange.browser.tosign import may_sign_for
from collective.gongwen.exchange.browser.tosign import waiting_count as deliveries_waiting
from collective.gongwen.org.units import all_units
from collective.gongwen.org.units import member_units
from collective.gongwen.portal import folders
from collective.gongwen.portal import listing_rules
from collective.gongwen.portal.browser.overdue import may_see as may_see_overdue

COUNT_OPEN = _("unit_nav_count_open", default="办理中")
COUNT_WAITING = _("unit_nav_count_waiting", default="待签收")
COUNT_WAITING_ARCHIVE = _("unit_nav_count_to_archive", default="已办结待归档")
ARCHIVE_PERMISSION = "collective.gongwen: Archive documents"

# (folder id, link title): the order of the links.
FOLDER_LINKS = (
    ("outgoing", _("unit_nav_outgoing", default="发文")),
    ("incoming", _("unit_nav_incoming", default="收文")),
    ("archive", _("unit_nav_archive_home", default="档案管理")),
)


def archive_link(unit, folder, title):
    """档案管理 for the unit's archivists, with the documents waiting for 归档; else None."""
    if not api.user.has_permission(ARCHIVE_PERMISSION, obj=folder):
        return None
    return {
        "id": "archive",
        "title": title,
        "url": folder.absolute_url(),
        "count": waiting_count(unit),
        "count_title": COUNT_WAITING_ARCHIVE,
        "overdue": 0,
        "overdue_url": "",
    }


def folder_link(unit, folder_id, title):
    """The link to one of the unit's folders with its counts; None when missing or hidden."""
    folder = unit.get(folder_id)
    if folder is None or not api.user.has_permission("View", obj=folder):
        return None
    if folder_id == "archive":
        return archive_link(unit, folder, title)
    counts = folders.folder_counts(folder, listing_rules.folder_types(folder_id))
    url = folder.absolute_url()
    return {
        "id": folder_id,
        "title": title,
        "url": url,
        "count": counts["open"],
        "count_title": COUNT_OPEN,
        "overdue": counts["overdue"],
        "overdue_url": f"{url}?overdue=1",
    }


def to_sign_link(unit):
    """The unit's 待签收 with the number of deliveries waiting, for its secretaries; else None."""
    if not may_sign_for(unit):
        return None
    return {
        "id": "to-sign",
        "title": _("heading_to_sign", default="待签收"),
        "url": f"{unit.absolute_url()}/@@gongwen-to-sign",
        "count": deliveries_waiting(unit),
        "count_title": COUNT_WAITING,
        "overdue": 0,
        "overdue_url": "",
    }


def overdue_link(unit):
    """The unit's 超期统计 (发文 and 收文 per department, R-I5, R-O12) for who may see it (its
    secretaries and office heads); else None. No count: the page counts the whole year."""
    if not may_see_overdue(unit, api.user.get_current()):
        return None
    return {
        "id": "overdue-statistics",
        "title": _("unit_nav_overdue_statistics", default="超期统计"),
        "url": f"{unit.absolute_url()}/@@gongwen-overdue",
        "count": None,
        "count_title": "",
        "overdue": 0,
        "overdue_url": "",
    }


class UnitNav(BrowserView):
    """The fragment; ``units()`` gives its data."""

    def __call__(self):
        if api.user.is_anonymous():
            return ""
        self.entries = self.units()
        return self.index() if self.entries else ""

    def units(self):
        """``[{title, url, links}]`` for the units this fragment shows."""
        if IGongwenUnit.providedBy(self.context):
            units = [self.context]
        else:
            units = member_units(api.user.get_current().getId()) or all_units()
        entries = []
        for unit in units:
            links = [folder_link(unit, folder_id, title) for folder_id, title in FOLDER_LINKS]
            links.append(to_sign_link(unit))
            links.append(overdue_link(unit))
            links = [self._translated(link) for link in links if link is not None]
            if links:
                entries.append({"title": unit.Title(), "url": unit.absolute_url(), "links": links})
        return entries

    def _translated(self, link):
        return dict(
            link,
            title=translate(link["title"], context=self.request),
            count_title=translate(link["count_title"], context=self.request),
        )
