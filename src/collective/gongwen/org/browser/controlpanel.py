"""网站设置 → 公文设置 (``@@gongwen-settings``): the registry form of ``IGongwenSettings``."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm

from collective.gongwen import _
from collective.gongwen.org.settings import IGongwenSettings


class GongwenSettingsForm(RegistryEditForm):
    """Edit the site-wide 公文设置."""

    schema = IGongwenSettings
    label = _("label_gongwen_settings", default="公文设置")
    description = _(
        "help_gongwen_settings_site",
        default="上传大小、排版字体、邮件通知，以及标题、意见、正文和排版的上限等全站设置。"
        "各环节的办理时限（自然日）在各单位的「办理时限」中设置。",
    )


class GongwenSettingsView(ControlPanelFormWrapper):
    form = GongwenSettingsForm
