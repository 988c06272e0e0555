"""网站设置 → 安全设置 (``@@gongwen-accounts-settings``): the form of ``IAccountSettings`` and,
below it, 当前锁定 — the account names and addresses locked now, each with 「解锁」
(``@@gongwen-accounts-unlock``, a CSRF-checked POST to ``plugin.unlock_now``)."""

from plone import api
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.accounts import lockout
from collective.gongwen.accounts import plugin
from collective.gongwen.accounts.settings import IAccountSettings
from collective.gongwen.content.posting import ERROR
from collective.gongwen.content.posting import INFO
from collective.gongwen.content.posting import PostAction
from collective.gongwen.content.times import minute_text

LOCKS_ANCHOR = "gongwen-locks"
NAME_LIMIT = 200  # characters of an unlocked name (an account key is at most 200)

KIND_TITLES = {
    lockout.ACCOUNT: _("lock_kind_account", default="账号"),
    lockout.ADDRESS: _("lock_kind_address", default="地址"),
}


class AccountSettingsForm(RegistryEditForm):
    schema = IAccountSettings
    label = _("label_security_settings", default="安全设置")
    description = _(
        "help_security_settings",
        default="登录失败锁定、密码策略、空闲超时与接口令牌有效期。",
    )


class AccountSettingsView(ControlPanelFormWrapper):
    form = AccountSettingsForm
    index = ViewPageTemplateFile("security_settings.pt")

    def locks(self):
        """The rows of 当前锁定: kind, its title, name, failures, unlock time, minutes left."""
        site = api.portal.get()
        lockout_plugin = site.acl_users.get(plugin.PLUGIN_ID)
        if lockout_plugin is None:
            return []
        now = plugin.clock()
        return [
            {
                "kind": lock.kind,
                "kind_title": translate(KIND_TITLES[lock.kind], context=self.request),
                "name": lock.name,
                "failures": lock.failures,
                "until": minute_text(lock.locked_until),
                "minutes_left": lockout.minutes_left(
                    lockout.Tally(lock.failures, lock.locked_until), now
                ),
            }
            for lock in lockout_plugin.current_locks()
        ]


class UnlockView(PostAction):
    """「解锁」 on 安全设置: one account name or address unlocked now, back to 当前锁定."""

    def outcome(self):
        kind = self.request.form.get("kind")
        name = self.request.form.get("target")
        if kind not in lockout.KINDS or not isinstance(name, str) or not name.strip():
            return _("unlock_bad_request", default="要解锁的账号或地址无效。"), ERROR
        if len(name) > NAME_LIMIT:
            return _("unlock_name_too_long", default="要解锁的账号或地址过长。"), ERROR
        released = plugin.unlock_now(kind, name)
        mapping = {"kind": translate(KIND_TITLES[kind], context=self.request), "name": name}
        if released is None:
            message = _(
                "unlock_not_locked",
                default="${kind}「${name}」已不在锁定中（可能已到期或已被他人解锁）。",
                mapping=mapping,
            )
            return message, INFO
        message = _("unlock_done", default="已解锁${kind}「${name}」。", mapping=mapping)
        return message, INFO

    def next_url(self):
        return f"{self.document.absolute_url()}/@@gongwen-accounts-settings#{LOCKS_ANCHOR}"
