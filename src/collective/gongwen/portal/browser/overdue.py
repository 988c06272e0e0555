"""``@@gongwen-overdue`` on a unit: late and overdue 收文 and 发文 per department (R-I5, R-O12,
第十六条).

For the year-end assessment: per department of the unit, the steps due in
``year`` (request parameter, default this year) still open past their
deadline (超期未办) and finished after it (超期办结), for 收文 and for 发文, from
``steps.deadlines.department_counts``; the office's and the leaders' steps are
one row (a 发文's 拟稿 and 部门审核 count against its drafting department). Below,
the unit's 收文 and 发文 overdue now, with their kind, step, holders and
deadline. ``?format=json`` gives the same as JSON (``overdue``/``late`` are the
收文's, ``outgoing_overdue``/``outgoing_late`` the 发文's).

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
from collective.gongwen.content import times
from collective.gongwen.incoming import rules as incoming_rules
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.org.units import function_holders
from collective.gongwen.org.units import unit_departments
from collective.gongwen.steps import deadlines
from collective.gongwen.steps import titles

INCOMING = "gongwen_incoming"
OUTGOING = "gongwen_outgoing"
# 收文 done keep their last deadline: only the open steps are asked for. A 发文's
# deadline is cleared once sent, archived or voided.
KIND_QUERIES = {
    INCOMING: {
        "review_state": tuple(
            step for step in incoming_rules.STEPS if step not in incoming_rules.CLOSED_STEPS
        )
    },
    OUTGOING: {},
}
KIND_TITLES = {
    INCOMING: _("listing_type_incoming", default="收文"),
    OUTGOING: _("listing_type_outgoing", default="发文"),
}
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
    # The user's own roles here (api.user.get_roles looks the user up again by id).
    return bool(set(MANAGER_ROLES) & set(user.getRolesInContext(unit)))


def requested_year(value, today):
    """The ``year`` parameter as an int; this year when missing or not a year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return today.year
    return year if 1900 <= year <= 9999 else today.year


def department_rows(counts, departments, office_title):
    """One row per department ``(uid, title)`` in their order, then any department counted but
    gone since, then the office's and leaders' steps; ``counts`` are per kind
    (``{"incoming": {uid: {"overdue", "late"}}, "outgoing": …}``)."""
    incoming = dict(counts["incoming"])
    outgoing = dict(counts["outgoing"])

    def row(uid, title):
        found_in = incoming.pop(uid, {})
        found_out = outgoing.pop(uid, {})
        return {
            "uid": uid,
            "title": title,
            "overdue": found_in.get("overdue", 0),
            "late": found_in.get("late", 0),
            "outgoing_overdue": found_out.get("overdue", 0),
            "outgoing_late": found_out.get("late", 0),
        }

    rows = [row(uid, title) for uid, title in departments]
    gone = dict.fromkeys(uid for uid in (*incoming, *outgoing) if uid is not None)
    rows += [row(uid, uid) for uid in gone]
    rows.append(row(None, office_title))
    return rows


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
        """The counts of both kinds per department (``department_rows``)."""
        counts = {
            "incoming": deadlines.department_counts(self.context, self.year, today, INCOMING),
            "outgoing": deadlines.department_counts(self.context, self.year, today, OUTGOING),
        }
        departments = [(d.UID(), d.Title()) for d in unit_departments(self.context)]
        return department_rows(counts, departments, translate(OFFICE_ROW, context=self.request))

    def overdue_rows(self, today):
        """The unit's 收文 and 发文 the person may see whose current step is past its deadline
        now, the longest overdue first."""
        catalog = api.portal.get_tool("portal_catalog")
        yesterday = DateTime((today - datetime.timedelta(days=1)).isoformat())
        rows = []
        for portal_type, narrowed in KIND_QUERIES.items():
            brains = catalog(
                portal_type=portal_type,
                path="/".join(self.context.getPhysicalPath()),
                step_deadline={"query": yesterday, "range": "max"},
                **narrowed,
            )
            for brain in brains:
                document = brain.getObject()
                if deadlines.is_overdue(document, today):
                    rows.append(self._item(brain, document))
        return sorted(rows, key=lambda row: (row["deadline"], row["title"]))

    def _item(self, brain, document):
        holders = getattr(document, "assignees", None) or ()
        number = getattr(brain, "issue_number", None) or getattr(brain, "receipt_number", None)
        return {
            "kind": brain.portal_type,
            "kind_title": translate(KIND_TITLES[brain.portal_type], context=self.request),
            "title": brain.Title,
            "url": brain.getURL(),
            "receipt_number": getattr(brain, "receipt_number", None) or "",
            "number": number or "",
            "step": titles.step_title(brain.review_state, self.request, brain.portal_type),
            "holders": "、".join(titles.principal_name(p) for p in holders),
            "deadline": times.date_of(deadlines.current_deadline(document)).isoformat(),
        }
