"""网站设置 → 门户设置 (``@@gongwen-portal-settings``): unit's name, system's name, logo.

One form over ``portal.settings.BrandRecords`` (our two records and Plone's logo record);
the logo's widget is the image upload Plone's own site panel uses.
"""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.formwidget.namedfile.widget import NamedImageFieldWidget
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

from collective.gongwen import _
from collective.gongwen.portal.settings import BrandRecords
from collective.gongwen.portal.settings import IPortalBrandForm


class PortalSettingsForm(RegistryEditForm):
    """Edit 门户设置."""

    schema = IPortalBrandForm
    label = _("label_portal_settings", default="门户设置")
    description = _(
        "help_portal_settings",
        default="门户页头和登录页上显示的单位名称、系统名称和单位标志。",
    )

    def getContent(self):
        return BrandRecords(getUtility(IRegistry))

    def updateFields(self):
        super().updateFields()
        self.fields["logo"].widgetFactory = NamedImageFieldWidget


class PortalSettingsView(ControlPanelFormWrapper):
    form = PortalSettingsForm
