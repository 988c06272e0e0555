"""The front page (R-P1) of the site and of each unit: ``@@gongwen-front-page``.

Three columns — 通知公告, published 收文, each department's 工作动态 — newest
first with their dates, and for a logged-in user a panel with their 待办 and
待阅 counts and first items, overdue ones marked. The office (办公室负责人,
秘书, 编辑) is also shown which departments' 工作动态 is stale (第五条, R-P2).
Everything comes from the catalog (no document is loaded); classified
documents are never published, so they never appear.
"""

from urllib.parse import urlencode

from plone import api
from Products.Five.browser import BrowserView
from zope.interface import implementer

from collective.gongwen.content import times
from collective.gongwen.content.unit import IGongwenUnit
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.org.settings import get_setting
from collective.gongwen.org.units import all_units
from collective.gongwen.portal import columns
from collective.gongwen.portal.rules import stale_departments
from collective.gongwen.steps.browser.todo import TodoView
from collective.gongwen.steps.browser.todo import overdue_count
from collective.gongwen.steps.browser.toread import ToReadView

FIRST_ITEMS = 5
# Who is told of stale 工作动态 on a unit: the office and the unit's editors.
OFFICE_ROLES = (
    "Manager",
    "Site Administrator",
    "GongwenOfficeHead",
    "GongwenSecretary",
    "GongwenEditor",
)


def _published_date(brain):
    effective = brain.effective
    if effective is None or effective.year() <= 1000:  # Plone's "never" is 1000-01-01
        return None
    return times.date_of(effective)


def _rows(brains):
    rows = []
    for brain in brains:
        published = _published_date(brain)
        rows.append(
            {
                "title": brain.Title,
                "url": brain.getURL(),
                "date": published.isoformat() if published else "",
            }
        )
    return rows


@implementer(IGongwenPageView)
class FrontPage(BrowserView):
    """The site's (or a unit's) front page."""

    def __call__(self):
        self.unit = self.context if IGongwenUnit.providedBy(self.context) else None
        self.anonymous = api.user.is_anonymous()
        self.notices = self.incoming = self.news = self.stale = self.pending = []
        self.personal = None
        # Published items are for staff (an intranet): visitors are asked to log in.
        if not self.anonymous:
            self.fill_columns()
            self.personal = self.personal_panel()
        return self.index()

    def fill_columns(self):
        """The three columns, and the stale 工作动态 for the office."""
        units = [self.unit] if self.unit is not None else all_units()
        news = columns.news_by_department(units)
        self.notices = _rows(columns.notices(self.unit))
        self.incoming = _rows(columns.published_incoming(self.unit))
        self.news = [
            {"department": department.Title(), "unit": unit.Title(), "entries": _rows(brains)}
            for unit, department, brains in news
        ]
        self.stale = self.stale_news(news)
        self.pending = _rows(columns.awaiting_publication(self.unit))

    def personal_panel(self):
        """The logged-in user's 待办 and 待阅: counts, the first items, overdue marked."""
        user_id = api.user.get_current().getId()
        now = times.now()
        todo_view = TodoView(self.context, self.request)
        todo = todo_view.entries(user_id, now)
        toread_view = ToReadView(self.context, self.request)
        toread = toread_view.brains(user_id)
        portal_url = api.portal.get().absolute_url()
        # Rows are made for the items shown only: the page costs the same with 5 or 500.
        return {
            "todo": todo_view.rows_of(todo[:FIRST_ITEMS], now, user_id),
            "todo_count": len(todo),
            "overdue_count": overdue_count(todo, now),
            "todo_url": f"{portal_url}/@@gongwen-todo",
            "toread": toread_view.rows_of(toread[:FIRST_ITEMS]),
            "toread_count": len(toread),
            "toread_url": f"{portal_url}/@@gongwen-toread",
        }

    def stale_news(self, news):
        """``[{unit, department, url, last, age}]``: stale 工作动态 of the units the user runs."""
        days = get_setting("news_stale_days")
        today = times.today()
        by_unit = {}
        for unit, department, brains in news:
            last = _published_date(brains[0]) if len(brains) else None
            by_unit.setdefault(unit, []).append((department, last))
        rows = []
        user = api.user.get_current()
        for unit, latest in by_unit.items():
            roles = user.getRolesInContext(unit)
            if not any(role in roles for role in OFFICE_ROLES):
                continue
            for department, last, age in stale_departments(latest, today, days):
                rows.append(
                    {
                        "unit": unit.Title(),
                        "department": department.Title(),
                        "url": department.absolute_url(),
                        "last": last.isoformat() if last else "",
                        "age": age,
                    }
                )
        return rows

    def stale_days(self):
        """The configured number of days (公文设置 → 工作动态更新期限)."""
        return get_setting("news_stale_days")

    def show_unit_names(self):
        """On the site's page the departments of several units: name the unit too."""
        return self.unit is None and len({row["unit"] for row in self.news}) > 1

    def login_url(self):
        """The login form, coming back here."""
        query = urlencode({"came_from": self.context.absolute_url()})
        return f"{api.portal.get().absolute_url()}/login?{query}"
