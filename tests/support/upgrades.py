"""Running the profile's upgrade steps as portal_setup runs them on an older site."""

from plone import api

from collective.gongwen.setuphandlers.upgrades import PROFILE


def upgraded_from(version):
    """The profile's upgrade steps from ``version`` on, run through portal_setup as a Manager;
    the site's profile version after them."""
    setup = api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile(PROFILE, version)
    with api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE)
    return setup.getLastVersionForProfile(PROFILE)


def current_version():
    """The profile's version on disk (metadata.xml)."""
    return (api.portal.get_tool("portal_setup").getVersionForProfile(PROFILE),)
