"""「登录情况」 (``@@gongwen-login-activity`` on the site): who has not logged in for N days.

第三条 asks every member of staff to log in each working day. For the site's
administrators (the page has the permission of 用户和用户组) it lists, per
unit and department, each person with their functions and last login
(Plone's member property ``login_time``) or 「从未登录」, and how many days
ago; people who logged in within the chosen days are hidden unless asked
for. ``?format=csv`` exports the same rows. The rules are ``org.activity``;
the people come from the function groups (``org.units``).
"""

import csv
import datetime
import io

from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.org import activity
from collective.gongwen.org.browser import require_duty
from collective.gongwen.org.functions import DEPARTMENT_FUNCTIONS
from collective.gongwen.org.functions import UNIT_FUNCTIONS
from collective.gongwen.org.units import all_units
from collective.gongwen.org.units import department_holders
from collective.gongwen.org.units import function_holders
from collective.gongwen.org.units import unit_departments

UNIT_SECTION = _("login_activity_unit_section", default="局领导及单位职能")
UNASSIGNED_SECTION = _("login_activity_unassigned", default="未担任任何职能的用户")
CSV_HEADER = (
    _("login_activity_csv_unit", default="单位"),
    _("login_activity_csv_department", default="部门"),
    _("login_activity_csv_user_id", default="用户名"),
    _("login_activity_csv_fullname", default="姓名"),
    _("login_activity_csv_functions", default="职能"),
    _("login_activity_csv_last_login", default="最后登录"),
    _("login_activity_csv_days", default="未登录天数"),
)


def _holders(functions, holders_of):
    """``{user_id: [function titles]}`` of ``functions``, ``holders_of(key)`` giving user ids."""
    return activity.merge_functions(
        (user_id, function.title) for function in functions for user_id in holders_of(function.key)
    )


def organisation_sections():
    """``[(unit title, [(section title, {user_id: [function titles]})])]``, then the unassigned.

    Per unit: the holders of unit functions who are in none of its departments,
    then each department's people (with their unit functions too). People in no
    function group of any unit come last, under the unit title "".
    """
    found = []
    placed = set()
    for unit in all_units():
        unit_titles = _holders(UNIT_FUNCTIONS, lambda key, unit=unit: function_holders(unit, key))
        sections = []
        in_departments = set()
        for department in unit_departments(unit):
            titles = _holders(
                DEPARTMENT_FUNCTIONS,
                lambda key, department=department: department_holders(department, key),
            )
            people = {uid: names + unit_titles.get(uid, []) for uid, names in titles.items()}
            sections.append((department.Title(), people))
            in_departments |= set(people)
        outside = {uid: t for uid, t in unit_titles.items() if uid not in in_departments}
        if outside:
            sections.insert(0, (UNIT_SECTION, outside))
        placed |= in_departments | set(unit_titles)
        found.append((unit.Title(), sections))
    others = {user.getId(): [] for user in api.user.get_users() if user.getId() not in placed}
    if others:
        found.append(("", [(UNASSIGNED_SECTION, others)]))
    return found


def _longest_absent_first(row):
    since = row["days_since"]
    return (not row["inactive"], -(activity.MAX_DAYS + 1 if since is None else since))


@implementer(IGongwenPageView)
class LoginActivityView(BrowserView):
    """The page, and its CSV export."""

    def __call__(self):
        # who has not logged in, to disable or remove the account: 系统管理员's (R-U2)
        require_duty(self.request, "manage_accounts")
        form = self.request.form
        self.days = activity.parse_days(form.get("days"))
        self.show_all = form.get("show_all") in ("1", "on")
        self.today = datetime.date.today()
        self.units = self.unit_rows()
        if form.get("format") == "csv":
            return self.csv()
        return self.index()

    def person(self, user_id, functions):
        user = api.user.get(userid=user_id)
        fullname = user.getProperty("fullname", "") if user is not None else ""
        last = user.getProperty("login_time", None) if user is not None else None
        return activity.person_row(user_id, fullname, functions, last, self.today, self.days)

    def unit_rows(self):
        """``[{title, sections: [{title, rows, shown, inactive, total}]}]`` for the template."""
        units = []
        for unit_title, sections in organisation_sections():
            found = []
            for title, people in sections:
                rows = [self.person(uid, people[uid]) for uid in sorted(people)]
                rows.sort(key=_longest_absent_first)
                found.append(
                    {
                        "title": translate(title, context=self.request),
                        "rows": rows,
                        "shown": [r for r in rows if self.show_all or r["inactive"]],
                        "inactive": activity.inactive_count(rows),
                        "total": len(rows),
                    }
                )
            units.append({"title": unit_title, "sections": found})
        return units

    def inactive_total(self):
        """How many people (each counted once) have not logged in within the days."""
        return len(
            {
                row["id"]
                for unit in self.units
                for section in unit["sections"]
                for row in section["rows"]
                if row["inactive"]
            }
        )

    def never_text(self):
        return translate(activity.NEVER, context=self.request)

    def csv_url(self):
        url = f"{api.portal.get().absolute_url()}/@@gongwen-login-activity"
        shown = "&show_all=1" if self.show_all else ""
        return f"{url}?days={self.days}{shown}&format=csv"

    def csv(self):
        """The shown rows as CSV (UTF-8 with a BOM, so spreadsheet programs read Chinese)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([translate(title, context=self.request) for title in CSV_HEADER])
        for unit in self.units:
            for section in unit["sections"]:
                for row in section["shown"]:
                    writer.writerow(
                        [
                            unit["title"],
                            section["title"],
                            row["id"],
                            row["fullname"],
                            "、".join(row["functions"]),
                            row["last_login"] or self.never_text(),
                            "" if row["days_since"] is None else row["days_since"],
                        ]
                    )
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        filename = f"login-activity-{self.today.isoformat()}.csv"
        response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
        return "\ufeff" + out.getvalue()
