"""Create the bureau's Plone site: Classic UI, Simplified Chinese, our profiles.

Used by ``make start`` (through ``scripts/create_site.py``, run with
``zconsole``) and by the packaging test that installs the built wheel.
"""

import transaction
from AccessControl.SecurityManagement import newSecurityManager
from plone.distribution.api import site as site_api
from Products.CMFPlone.utils import get_installer
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

from collective.gongwen.content import times
from collective.gongwen.portal import brand

DEFAULT_SITE_ID = "Plone"
SITE_TITLE = "电子公文"
# No description: the portal-wide pages (我的待办, 草稿…) would show it under their heading.
SITE_DESCRIPTION = ""
DEMO_PROFILE = "profile-collective.gongwen:demo"
# A year of 发文 and 收文 of the demo organisation and archived old years (demo_documents.py)
DEMO_DOCUMENTS_PROFILE = "profile-collective.gongwen:demo_documents"


def ensure_admin(app, login, password):
    """Create the Zope-root Manager ``login`` unless it exists; return the user."""
    users = app.acl_users
    if users.getUserById(login) is None:
        users.userFolderAddUser(login, password, ["Manager"], [])
    return users.getUserById(login)


def create_site(app, site_id=DEFAULT_SITE_ID, demo=True, language="zh-cn", demo_documents=True):
    """Create the site ``site_id`` in ``app`` once; return ``(site, created)``.

    ``demo``: the demo organisation; ``demo_documents``: with it, its year of documents (a few
    minutes; tests that only need the organisation leave them out).

    An existing site keeps its data; only the add-on's pending upgrade
    steps run, so ``make start`` after an update brings it up to date.
    """
    if site_id in app.objectIds():
        site = app[site_id]
        setSite(site)
        get_installer(site).upgrade_product("collective.gongwen")
        transaction.commit()
        return site, False
    answers = {
        "site_id": site_id,
        "title": SITE_TITLE,
        "description": SITE_DESCRIPTION,
        "default_language": language,
        "portal_timezone": times.DEFAULT_ZONE,  # R-RUN2: the portal's zone
        "setup_content": False,
    }
    site = site_api.create(app, "classic", answers)
    setSite(site)
    get_installer(site).install_product("collective.gongwen")
    if demo:
        site.portal_setup.runAllImportStepsFromProfile(DEMO_PROFILE)
        if demo_documents:
            site.portal_setup.runAllImportStepsFromProfile(DEMO_DOCUMENTS_PROFILE)
    # The front page's heading and the window titles: the unit's name, once there is one.
    brand.sync_site_title()
    transaction.commit()
    return site, True


def run(app, admin_login, admin_password, site_id=DEFAULT_SITE_ID, demo=True, demo_documents=True):
    """Entry point for ``zconsole run``: admin user, then the site; print what happened."""
    app = makerequest(app)
    admin = ensure_admin(app, admin_login, admin_password)
    transaction.commit()
    newSecurityManager(None, admin.__of__(app.acl_users))
    site, created = create_site(app, site_id=site_id, demo=demo, demo_documents=demo_documents)
    state = "created" if created else "exists"
    print(f"Plone site {site.getId()!r} {state}: {site.Title()}")
    return site
