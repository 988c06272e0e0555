"""网站设置 → 审计日志保存期限 (``@@gongwen-audit-settings``): the 安全保密管理员 lengthens the
retention of ``IAuditSettings``; ``audit.settings.refusal`` refuses shortening it or going
below six months."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from z3c.form import button
from z3c.form.interfaces import ActionExecutionError
from zope.interface import Invalid

from collective.gongwen import _
from collective.gongwen.audit import settings


class AuditSettingsForm(RegistryEditForm):
    schema = settings.IAuditSettings
    label = _("label_audit_settings", default="审计日志保存期限")
    description = _(
        "help_audit_settings",
        default="审计日志只能追加，系统不提供任何删除途径；这里设定的是至少保存的月数，只能延长。",
    )

    @button.buttonAndHandler(_("button_save", default="保存"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        refused = settings.refusal(settings.retention_months(), data.get("retention_months"))
        if refused is not None:
            raise ActionExecutionError(Invalid(refused))
        self.applyChanges(data)
        self.status = _("audit_settings_saved", default="已保存。")

    @button.buttonAndHandler(_("button_cancel", default="取消"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(f"{self.context.absolute_url()}/@@overview-controlpanel")


class AuditSettingsView(ControlPanelFormWrapper):
    form = AuditSettingsForm
