"""Upgrade steps of the default profile (profiles/default/metadata.xml's version)."""

from plone import api

from collective.gongwen.conversion.versioning import install_modifier
from collective.gongwen.viewer.settings import apply_bureau_viewer_settings

PROFILE = "profile-collective.gongwen:default"


def background_conversion(context):
    """1000 → 1001: ``conversion_state`` index, JPEG pages, versions without viewer pages."""
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "catalog")
    catalog = api.portal.get_tool("portal_catalog")
    catalog.manage_reindexIndex(ids=["conversion_state"])
    apply_bureau_viewer_settings(api.portal.get())
    install_modifier(api.portal.get())
