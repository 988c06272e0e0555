"""网站设置 → 登录与锁定 (``@@gongwen-accounts-settings``): the form of ``IAccountSettings``."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm

from collective.gongwen import _
from collective.gongwen.accounts.settings import IAccountSettings


class AccountSettingsForm(RegistryEditForm):
    schema = IAccountSettings
    label = _("label_account_settings", default="登录与锁定")
    description = _(
        "help_account_settings",
        default="连续输错密码后按账号和按地址锁定登录。",
    )


class AccountSettingsView(ControlPanelFormWrapper):
    form = AccountSettingsForm
