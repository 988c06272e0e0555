"""Post-import handlers of the ``default`` and ``uninstall`` profiles."""

from plone import api
from plone.base.interfaces import INonInstallable
from zope.interface import implementer

from collective.gongwen.accounts.password_plugin import install_password_policy_plugin
from collective.gongwen.accounts.password_plugin import uninstall_password_policy_plugin
from collective.gongwen.accounts.plone_groups import name_plone_groups
from collective.gongwen.accounts.plugin import install_lockout_plugin
from collective.gongwen.accounts.plugin import uninstall_lockout_plugin
from collective.gongwen.accounts.sessions import apply_session_settings
from collective.gongwen.conversion.versioning import install_modifier
from collective.gongwen.conversion.versioning import uninstall_modifier
from collective.gongwen.search.splitter import install_splitter
from collective.gongwen.search.splitter import uninstall_splitter
from collective.gongwen.viewer.settings import apply_bureau_viewer_settings


@implementer(INonInstallable)
class HiddenProfiles:
    """Keep the uninstall profile out of the add-on control panel."""

    def getNonInstallableProfiles(self):
        return ["collective.gongwen:uninstall"]


FRONT_PAGE = "gongwen-front-page"
# What the site root showed before: Plone's own listing.
PLONE_DEFAULT_VIEW = "listing_view"


def post_install(context):
    """Run after ``collective.gongwen:default``."""
    site = api.portal.get()
    apply_bureau_viewer_settings(site)
    install_modifier(site)
    install_lockout_plugin(site)  # R-SEC3
    install_password_policy_plugin(site)  # R-SEC3
    apply_session_settings(site)  # R-SEC3
    name_plone_groups(site)  # issue 19: Plone's groups named in Chinese
    install_splitter(api.portal.get_tool("portal_catalog"))  # R-S1: bigrams, numbers as words
    site.setLayout(FRONT_PAGE)  # R-P1: the portal people open every morning


def post_uninstall(context):
    """Run after ``collective.gongwen:uninstall``."""
    site = api.portal.get()
    uninstall_modifier(site)
    uninstall_lockout_plugin(site)
    uninstall_password_policy_plugin(site)
    uninstall_splitter(api.portal.get_tool("portal_catalog"))
    if site.getLayout() == FRONT_PAGE:
        site.setLayout(PLONE_DEFAULT_VIEW)
