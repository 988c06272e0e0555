"""「职能与人员」 (``@@gongwen-functions``): who holds each function of a unit or department.

The page reads the function groups' members and writes group membership;
nothing is stored anywhere else, so it always agrees with 用户和用户组.
On a unit it shows the unit's functions and every department's; on a
department, that department's.
"""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zExceptions import BadRequest

from collective.gongwen import _
from collective.gongwen.content.unit import IGongwenUnit
from collective.gongwen.org.browser import require_duty
from collective.gongwen.org.functions import DEPARTMENT_FUNCTIONS
from collective.gongwen.org.functions import UNIT_FUNCTIONS
from collective.gongwen.org.units import department_function_group_id
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import group_member_ids
from collective.gongwen.org.units import unit_departments
from collective.gongwen.org.units import unit_function_group_id
from collective.gongwen.org.vocabularies import user_title


def set_group_members(group_id, user_ids):
    """Make ``user_ids`` exactly the members of ``group_id``; return (added, removed)."""
    current = set(group_member_ids(group_id))
    wanted = set(user_ids)
    for user_id in sorted(wanted - current):
        api.group.add_user(groupname=group_id, username=user_id)
    for user_id in sorted(current - wanted):
        api.group.remove_user(groupname=group_id, username=user_id)
    return sorted(wanted - current), sorted(current - wanted)


class FunctionsView(BrowserView):
    """Show and change the holders of the unit's and departments' functions."""

    def __call__(self):
        # function holders are group members: 安全保密管理员's (R-U2)
        require_duty(self.request, "change_groups")
        if self.request.method == "POST" and "form.buttons.save" in self.request.form:
            CheckAuthenticator(self.request)
            self.save()
            api.portal.show_message(
                _("msg_functions_saved", default="职能与人员已保存。"), request=self.request
            )
            url = f"{self.context.absolute_url()}/@@gongwen-functions"
            return self.request.response.redirect(url)
        return self.index()

    @property
    def is_unit(self):
        return IGongwenUnit.providedBy(self.context)

    def unit(self):
        return find_unit(self.context)

    def departments(self):
        if self.is_unit:
            return unit_departments(self.context)
        return [self.context]

    def sections(self):
        """[{title, rows: [{field, label, group_id, group_title, members}]}] for the template."""
        sections = []
        if self.is_unit:
            rows = [
                self._row(unit_function_group_id(self.context, f.key), f) for f in UNIT_FUNCTIONS
            ]
            title = _("heading_unit_functions", default="单位职能")
            sections.append({"title": title, "rows": rows})
        for department in self.departments():
            rows = [
                self._row(department_function_group_id(department, f.key), f)
                for f in DEPARTMENT_FUNCTIONS
            ]
            sections.append(
                {"title": department.Title(), "url": department.absolute_url(), "rows": rows}
            )
        return sections

    def _row(self, group_id, function):
        group = api.group.get(groupname=group_id)
        return {
            "field": f"holders.{group_id}",
            "label": function.title,
            "group_id": group_id,
            "exists": group is not None,
            "members": set(group_member_ids(group_id)),
        }

    def users(self):
        """Every user as (id, '全名 (id)'), sorted by id."""
        ids = sorted(user.getId() for user in api.user.get_users())
        return [(user_id, user_title(user_id)) for user_id in ids]

    def save(self):
        """Write the posted holders into the groups listed in the form."""
        known = {user_id for user_id, _title in self.users()}
        allowed = {row["group_id"] for section in self.sections() for row in section["rows"]}
        for group_id in self.request.form.get("groups", []):
            if group_id not in allowed or api.group.get(groupname=group_id) is None:
                raise BadRequest(f"unknown group {group_id!r}")
            user_ids = self.request.form.get(f"holders.{group_id}", [])
            if isinstance(user_ids, str):
                user_ids = [user_ids]
            set_group_members(group_id, [u for u in user_ids if u in known])
