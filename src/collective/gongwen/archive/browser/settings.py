"""网站设置 → 档案设置 (``@@gongwen-archive-settings``): the registry form of
``archive.settings.IArchiveSettings`` — 销毁审批职能 ticked from the unit functions, the longest
extension of a 到期鉴定, the 保管期限 proposed for a 收文.

The 系统管理员's under 三员分立 (R-U2: general settings), by the permission of 公文设置
(``plone.app.controlpanel.Site``). Each saved record is audited (``settings_change``, the
audit's subscriber of every registry record). A bad value is refused with its Chinese
message (the schema's constraints), nothing saved.
"""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from z3c.form.browser.checkbox import CheckBoxWidget
from z3c.form.error import ErrorViewMessage
from zope.schema.interfaces import RequiredMissing

from collective.gongwen import _
from collective.gongwen.archive import disposal_rules
from collective.gongwen.archive.settings import IArchiveSettings


class ArchiveSettingsForm(RegistryEditForm):
    """Edit 档案设置."""

    schema = IArchiveSettings
    label = _("label_archive_settings", default="档案设置")
    description = _(
        "help_archive_settings",
        default="销毁申请的审批职能、到期鉴定延长保管的最长年数、收文归档时预填的保管期限。",
    )

    def updateFields(self):
        super().updateFields()
        self.fields["destruction_approvers"].widgetFactory = CheckBoxFieldWidget


class ArchiveSettingsView(ControlPanelFormWrapper):
    form = ArchiveSettingsForm


# A required value left empty: the form's messages in Chinese (zope.schema's own is English).
# Told apart by form and widget classes: a field instance as discriminator would be marked
# with an interface, which plone.registry would then copy onto its persistent field.
Missing = ErrorViewMessage(
    _("archive_settings_missing", default="此项必须填写。"),
    error=RequiredMissing,
    form=ArchiveSettingsForm,
)
# No function ticked (the only checkboxes); the other refusals: ``settings.check_approvers``.
NoApprovers = ErrorViewMessage(
    disposal_rules.approvers_problem([], {}),
    error=RequiredMissing,
    form=ArchiveSettingsForm,
    widget=CheckBoxWidget,
)
