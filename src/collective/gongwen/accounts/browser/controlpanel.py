"""网站设置 → 安全设置 (``@@gongwen-accounts-settings``): the form of ``IAccountSettings``."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm

from collective.gongwen import _
from collective.gongwen.accounts.settings import IAccountSettings


class AccountSettingsForm(RegistryEditForm):
    schema = IAccountSettings
    label = _("label_security_settings", default="安全设置")
    description = _(
        "help_security_settings",
        default="登录失败锁定、密码策略、空闲超时与接口令牌有效期。",
    )


class AccountSettingsView(ControlPanelFormWrapper):
    form = AccountSettingsForm
