"""三员分立 (R-U2) on Plone's users and groups panels: thin subclasses that ask ``duties``.

Each panel's writer asks the rules (``duties.may``, ``role_grant_refusal``)
before Plone's own code runs; a refusal is a Chinese status message and
nothing is written. What a duty may not use is not shown: the role columns
for whoever may not assign roles, the delete/reset/e-mail boxes for whoever
may not manage accounts, the membership buttons and the groups of the add-user
form for whoever may not change groups.
"""

import copy
import os

import Products.CMFPlone.controlpanel.browser as plone_panels
from plone import api
from plone.app.users.browser.register import AddUserForm
from plone.protect import CheckAuthenticator
from Products.CMFPlone.controlpanel.browser.usergroups_groupdetails import GroupDetailsControlPanel
from Products.CMFPlone.controlpanel.browser.usergroups_groupmembership import (
    GroupMembershipControlPanel,
)
from Products.CMFPlone.controlpanel.browser.usergroups_groupsoverview import (
    GroupsOverviewControlPanel,
)
from Products.CMFPlone.controlpanel.browser.usergroups_usermembership import (
    UserMembershipControlPanel,
)
from Products.CMFPlone.controlpanel.browser.usergroups_usersoverview import (
    UsersOverviewControlPanel,
)
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.accounts import duties
from collective.gongwen.accounts.enforce import actor
from collective.gongwen.accounts.enforce import explicit_roles

PLONE_TEMPLATES = os.path.dirname(plone_panels.__file__)


def plone_template(name):
    """Plone's own template of a users and groups panel (ours only subclass the view)."""
    return ViewPageTemplateFile(name, _prefix=PLONE_TEMPLATES)


def may(action):
    """Whether the user of this request may do ``action`` (``duties`` actions)."""
    return duties.may(actor(), action)


def show_refusal(request, refusal):
    """Show ``refusal`` (a ``duties.DutyRefused``) as the page's error message."""
    api.portal.show_message(message=refusal.message, request=request, type="error")


def _posted_roles(record):
    roles = record.get("roles", None)
    if roles is None:
        return None
    return [role for role in roles if role]


class DutyRolesColumns:
    """Role columns only for whoever may assign roles; the emergency admin's roles never."""

    _listing = False

    @property
    def portal_roles(self):
        roles = super().portal_roles
        if self._listing or may(duties.ASSIGN_ROLES):
            return roles
        return []

    def doSearch(self, searchString):
        self._listing = True
        try:
            results = super().doSearch(searchString)
        finally:
            self._listing = False
        emergency = actor().is_emergency
        for info in results:
            for role in duties.RESERVED_ROLES:
                if role in info["roles"] and not emergency:
                    info["roles"][role]["canAssign"] = False
        return results


class UsersOverview(DutyRolesColumns, UsersOverviewControlPanel):
    """用户: roles by 安全保密管理员; delete, reset password and e-mail by 系统管理员."""

    # Plone's template, the checkboxes' titles in Chinese (the file says where it comes from)
    index = ViewPageTemplateFile("usergroups_usersoverview.pt")

    def reset_password_title(self, user):
        message = _(
            "title_reset_password_of_user",
            default="重置用户 ${fullname} 的密码",
            mapping={"fullname": user["fullname"]},
        )
        return translate(message, context=self.request)

    def remove_user_title(self, user):
        message = _(
            "title_remove_user",
            default="删除用户 ${fullname}",
            mapping={"fullname": user["fullname"]},
        )
        return translate(message, context=self.request)

    def doSearch(self, searchString):
        results = super().doSearch(searchString)
        if not may(duties.MANAGE_ACCOUNTS):
            for info in results:
                info["can_delete"] = False
                info["can_set_password"] = False
                info["can_set_email"] = False
        return results

    def manageUser(self, users=None, resetpassword=None, delete=None):
        CheckAuthenticator(self.request)
        users, delete = users or [], delete or []
        refusal = self.refusal(users, delete)
        if refusal is not None:
            show_refusal(self.request, refusal)
            return None
        if not may(duties.ASSIGN_ROLES):
            # no role columns were shown: every user keeps the roles they hold
            for user in users:
                user.roles = sorted(explicit_roles(user.id))
        return super().manageUser(users, resetpassword, delete)

    def refusal(self, users, delete):
        """The first refusal of the posted changes, or None."""
        who = actor()
        touches_accounts = bool(delete) or any(
            hasattr(user, "resetpassword") or self._email_changed(user) for user in users
        )
        if touches_accounts and not duties.may(who, duties.MANAGE_ACCOUNTS):
            return duties.not_your_duty(duties.MANAGE_ACCOUNTS)
        for user in users:
            posted = _posted_roles(user)
            if user.id in delete or (posted is None and not duties.may(who, duties.ASSIGN_ROLES)):
                continue
            old = explicit_roles(user.id)
            refusal = duties.role_grant_refusal(who, user.id, old, posted or [])
            if refusal is not None:
                return refusal
        return None

    def _email_changed(self, user):
        if not hasattr(user, "email"):
            return False
        member = api.user.get(userid=user.id)
        return member is not None and user.email != member.getProperty("email")


class GroupsOverview(DutyRolesColumns, GroupsOverviewControlPanel):
    """用户组: roles by 安全保密管理员, and deleting groups (membership is theirs too)."""

    index = plone_template("usergroups_groupsoverview.pt")

    def manageGroup(self, groups=None, delete=None):
        CheckAuthenticator(self.request)
        groups, delete = groups or [], delete or []
        who = actor()
        refusal = None
        if delete and not duties.may(who, duties.CHANGE_GROUPS):
            refusal = duties.not_your_duty(duties.CHANGE_GROUPS)
        for group_id in groups:
            if refusal is not None:
                break
            posted = [r for r in self.request.form.get("group_" + group_id, []) if r]
            old = explicit_roles(group_id)
            refusal = duties.role_grant_refusal(who, group_id, old, posted)
        if refusal is not None:
            show_refusal(self.request, refusal)
            return None
        return super().manageGroup(groups, delete)


class GroupDetails(GroupDetailsControlPanel):
    """A group's title and description, and new groups: 安全保密管理员's."""

    index = plone_template("usergroups_groupdetails.pt")

    def __call__(self):
        if self.request.form.get("form.submitted") and not may(duties.CHANGE_GROUPS):
            show_refusal(self.request, duties.not_your_duty(duties.CHANGE_GROUPS))
            del self.request.form["form.submitted"]
        return super().__call__()


class MembershipGuard:
    """Adding and removing members is 安全保密管理员's; others see the list only."""

    @property
    def may_change_groups(self):
        return may(duties.CHANGE_GROUPS)

    def update(self):
        form = self.request.form
        if not self.may_change_groups and (form.get("add") or form.get("delete")):
            show_refusal(self.request, duties.not_your_duty(duties.CHANGE_GROUPS))
            form.pop("add", None)
            form.pop("delete", None)
        super().update()


class GroupMembership(MembershipGuard, GroupMembershipControlPanel):
    index = plone_template("usergroups_groupmembership.pt")

    def update(self):
        super().update()
        if not self.may_change_groups:
            self.canAddUsers = False


class UserMembership(MembershipGuard, UserMembershipControlPanel):
    index = plone_template("usergroups_usermembership.pt")

    def getPotentialGroups(self, searchString):
        # no groups to add to (and so no 「添加」 button) for whoever may not change groups
        if not self.may_change_groups:
            return []
        return super().getPotentialGroups(searchString)


ADD_USER_HELP = {
    "email": _(
        "help_add_user_email", default="用于找回密码和接收待办、催办通知，不会向第三方公开。"
    ),
    "username": _(
        "help_add_user_name",
        default="登录时使用的名字，如 cy_eng_staff：只用小写字母、数字和下划线，"
        "不用空格和中文；区分大小写。",
    ),
}


class AddUser(AddUserForm):
    """添加用户: 系统管理员's; the groups to join only for whoever may change groups."""

    def updateFields(self):
        super().updateFields()
        if "groups" in self.fields and not may(duties.CHANGE_GROUPS):
            self.fields = self.fields.omit("groups")
        # Plone's Chinese help says 「Email」 and 「jsmith」: ours, for the administrator
        for name, message in ADD_USER_HELP.items():
            if name in self.fields:
                field = copy.copy(self.fields[name].field)  # not Plone's schema field itself
                field.description = message
                self.fields[name].field = field

    def updateWidgets(self):
        super().updateWidgets()
        mail_me = self.widgets.get("mail_me")
        if mail_me is not None and mail_me.label == "label_cant_mail_password_reset":
            mail_me.label = _(
                "label_add_user_no_mail",
                default="本系统的邮件发送尚未设置，不能给新用户发送设置密码的邮件，"
                "请在这里直接设置密码。",
            )

    def handle_join_success(self, data):
        if not may(duties.MANAGE_ACCOUNTS):
            show_refusal(self.request, duties.not_your_duty(duties.MANAGE_ACCOUNTS))
            self._finishedRegister = False
            return None
        return super().handle_join_success(data)


class DutyView(BrowserView):
    """``@@gongwen-duty``: ``may(action)`` for the views of capabilities that cannot import
    ``accounts`` (org's 职能与人员 and 登录情况 ask it by name)."""

    def may(self, action):
        return may(action)

    def __call__(self):
        raise NotFound(self, "gongwen-duty", self.request)
