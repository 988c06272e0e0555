"""Post-import handlers of the ``default`` and ``uninstall`` profiles."""

from plone import api
from plone.base.interfaces import INonInstallable
from zope.interface import implementer

from collective.gongwen.viewer.settings import apply_bureau_viewer_settings


@implementer(INonInstallable)
class HiddenProfiles:
    """Keep the uninstall profile out of the add-on control panel."""

    def getNonInstallableProfiles(self):
        return ["collective.gongwen:uninstall"]


def post_install(context):
    """Run after ``collective.gongwen:default``."""
    apply_bureau_viewer_settings(api.portal.get())
