"""网站设置 → 门户设置 (``@@gongwen-portal-settings``): unit's name, system's name, logo.

One form over ``BrandRecords`` (our two records and Plone's logo record); saving a name
gives the site its new title (``brand.sync_site_title``). The logo's widget is the image
upload Plone's own site panel uses.
"""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.formwidget.namedfile.widget import NamedImageFieldWidget
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.portal.brand import sync_site_title
from collective.gongwen.portal.settings import SITE_LOGO
from collective.gongwen.portal.settings import IPortalBrand
from collective.gongwen.portal.settings import IPortalBrandForm
from collective.gongwen.portal.settings import record


@implementer(IPortalBrandForm)
class BrandRecords:
    """What 门户设置 edits: our two records and Plone's logo, kept with Plone's site title."""

    def __init__(self, registry):
        self.__dict__["_registry"] = registry

    def __getattr__(self, name):
        if name == "logo":
            return self._registry.get(SITE_LOGO)
        if name in IPortalBrand:
            return record(name)
        raise AttributeError(name)

    def __setattr__(self, name, value):
        registry = self._registry
        if name == "logo":
            registry[SITE_LOGO] = value
            return
        if name not in IPortalBrand:
            raise AttributeError(name)
        registry[f"{IPortalBrand.__identifier__}.{name}"] = value
        sync_site_title()


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
