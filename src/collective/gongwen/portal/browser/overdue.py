"""``@@gongwen-overdue`` on a unit: late and overdue 收文 per department (R-I5, 第十六条).

For the year-end assessment: per department of the unit, the steps due in
``year`` (request parameter, default this year) still open past their
deadline (超期未办) and finished after it (超期办结), from
``deadlines.department_counts``; the office's and the leaders' steps are
one row. Below, the unit's 收文 overdue now, with their step, holders and
deadline. ``?format=json`` gives the same as JSON.

Who may see it: the unit's secretaries and office heads (who supervise the
steps and 催办), and Managers/Site Administrators. The page is registered
with ``zope2.View`` (everyone who may see the unit reaches it) and checks
the functions itself, because they are group memberships of the unit, not
roles on it.
"""

import datetime
import json

from DateTime import DateTime
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Unauthorized
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.incoming import deadlines
from collective.gongwen.incoming import rules
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.org.units import function_holders
from collective.gongwen.org.units import unit_departments
from collective.gongwen.steps import titles

OPEN_STEPS = tuple(step for step in rules.STEPS if step not in rules.CLOSED_STEPS)
MANAGER_ROLES = ("Manager", "Site Administrator")
OFFICE_ROW = _("overdue_office_row", default="办公室及局领导环节")


def may_see(unit, user):
    """The unit's secretaries and office heads, and Managers, may see the counts."""
    if user is None:
        return False
    user_id = user.getId()
    if user_id in function_holders(unit, "secretaries") or user_id in function_holders(
        unit, "office_heads"
    ):
        return True
    return bool(set(MANAGER_ROLES) & set(api.user.get_roles(user=user, obj=unit)))


def requested_year(value, today):
    """The ``year`` parameter as an int; this year when missing or not a year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return today.year
    return year if 1900 <= year <= 9999 else today.year


def _date(value):
    """A catalog DateTime (or a date) as a date; None for none."""
    if isinstance(value, DateTime):
        return value.asdatetime().date()
    if isinstance(value, datetime.date):
        return value
    return None


@implementer(IGongwenPageView)
class OverdueView(BrowserView):
    """``@@gongwen-overdue``."""

    template = ViewPageTemplateFile("overdue.pt")

    def __call__(self):
        if api.user.is_anonymous() or not may_see(self.context, api.user.get_current()):
            raise Unauthorized("gongwen-overdue")
        self.today = datetime.date.today()
        self.year = requested_year(self.request.form.get("year"), self.today)
        self.departments = self.department_rows(self.today)
        self.items = self.overdue_rows(self.today)
        if self.request.form.get("format") == "json":
            self.request.response.setHeader("Content-Type", "application/json; charset=utf-8")
            return json.dumps(
                {
                    "year": self.year,
                    "departments": self.departments,
                    "overdue": self.items,
                },
                ensure_ascii=False,
            )
        return self.template()

    def department_rows(self, today):
        """One row per department (their folder order), then the office's and leaders' steps."""
        counts = deadlines.department_counts(self.context, self.year, today)
        rows = []
        for department in unit_departments(self.context):
            found = counts.pop(department.UID(), {})
            rows.append(self._row(department.UID(), department.Title(), found))
        office = counts.pop(None, {})
        for uid, found in counts.items():  # departments deleted since
            rows.append(self._row(uid, uid, found))
        rows.append(self._row(None, translate(OFFICE_ROW, context=self.request), office))
        return rows

    @staticmethod
    def _row(uid, title, found):
        return {
            "uid": uid,
            "title": title,
            "overdue": found.get("overdue", 0),
            "late": found.get("late", 0),
        }

    def overdue_rows(self, today):
        """The unit's 收文 the person may see whose current step is past its deadline now."""
        catalog = api.portal.get_tool("portal_catalog")
        yesterday = today - datetime.timedelta(days=1)
        brains = catalog(
            portal_type="gongwen_incoming",
            path="/".join(self.context.getPhysicalPath()),
            review_state=OPEN_STEPS,
            step_deadline={"query": DateTime(yesterday.isoformat()), "range": "max"},
            sort_on="step_deadline",
        )
        rows = []
        for brain in brains:
            deadline = _date(brain.step_deadline)
            if deadline is None or not rules.is_overdue(deadline, today):
                continue
            document = brain.getObject()
            holders = getattr(document, "assignees", None) or ()
            rows.append(
                {
                    "title": brain.Title,
                    "url": brain.getURL(),
                    "receipt_number": getattr(brain, "receipt_number", None) or "",
                    "step": titles.step_title(brain.review_state, self.request, "gongwen_incoming"),
                    "holders": "、".join(titles.principal_name(p) for p in holders),
                    "deadline": deadline.isoformat(),
                }
            )
        return rows
