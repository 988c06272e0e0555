"""Test layers for collective.gongwen.

* ``GONGWEN_INTEGRATION_TESTING`` — a Simplified Chinese Plone site with the
  add-on (and so collective.documentviewer) installed; one transaction per
  test, rolled back.
* ``GONGWEN_FUNCTIONAL_TESTING`` — the same site served by a real WSGI server
  on 127.0.0.1; tests commit, the layer's DemoStorage is thrown away after.
  The Playwright fixtures in ``tests/browser`` drive Chromium against it,
  launched with ``CHROMIUM_LAUNCH_OPTIONS``.
* ``GONGWEN_DEMO_DOCUMENTS_TESTING`` / ``GONGWEN_DEMO_DOCUMENTS_FUNCTIONAL_TESTING`` — the
  same with the demo documents, in process / served (slow to set up).
"""

import os
import tempfile

import transaction
from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import applyProfile
from plone.registry.interfaces import IRegistry
from plone.testing import zope as zope_testing
from zope.component import getUtility

import collective.gongwen
from collective.gongwen.content import times

# Compile our .po files when the layer loads the ZCML, as zope.conf makes the
# instance do, so tests see the translations people see.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

# The audit store of this test run (R-U1): its own file under a new temporary directory,
# for every layer (the served one too: same process); instances a test starts set theirs.
os.environ["GONGWEN_AUDIT_DB"] = os.path.join(
    tempfile.mkdtemp(prefix="gongwen-test-audit-"), "audit.db"
)

SITE_LANGUAGE = "zh-cn"
SITE_TIMEZONE = times.DEFAULT_ZONE

# Debian's Chromium (Playwright cannot download its own here). Without the
# background-networking flags it keeps dialling Google on a closed network.
CHROMIUM_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ],
}


class GongwenLayer(PloneSandboxLayer):
    """Plone with collective.gongwen:default applied, in Simplified Chinese."""

    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        self.loadZCML(package=collective.gongwen)
        zope_testing.installProduct(app, "collective.documentviewer")

    def setUpPloneSite(self, portal):
        registry = getUtility(IRegistry)
        registry["plone.default_language"] = SITE_LANGUAGE
        registry["plone.available_languages"] = [SITE_LANGUAGE, "en"]
        # As make start creates the site (setuphandlers/site.py); Plone's test site says UTC.
        registry["plone.portal_timezone"] = SITE_TIMEZONE
        applyProfile(portal, "plonetheme.barceloneta:default")
        applyProfile(portal, "collective.gongwen:default")
        # The demo organisation (SPEC §17) is the tests' organisation fixture.
        applyProfile(portal, "collective.gongwen:demo")


class LoopbackWSGIServer(zope_testing.WSGIServer):
    """The WSGI server fixture, bound to 127.0.0.1 on a free port."""

    host = "127.0.0.1"
    port = 0


GONGWEN_FIXTURE = GongwenLayer()
LOOPBACK_WSGI_SERVER_FIXTURE = LoopbackWSGIServer()

GONGWEN_INTEGRATION_TESTING = IntegrationTesting(
    bases=(GONGWEN_FIXTURE,),
    name="CollectiveGongwenLayer:IntegrationTesting",
)

GONGWEN_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(GONGWEN_FIXTURE, LOOPBACK_WSGI_SERVER_FIXTURE),
    name="CollectiveGongwenLayer:FunctionalTesting",
)


class GongwenDemoDocumentsLayer(PloneSandboxLayer):
    """The demo documents (``collective.gongwen:demo_documents``) on the Gongwen site: a year
    of 发文 and 收文 through the real flows and archived old years, as ``make start`` makes
    them. Slow to set up: only the tests of the demo data use it."""

    defaultBases = (GONGWEN_FIXTURE,)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "collective.gongwen:demo_documents")
        # Committed here, with the site set: the audit's before-commit hook reads the
        # documents' paths on the site; the sandbox's own commit runs after setSite(None)
        # and would fail (silently: plone.testing swallows it), losing them all.
        transaction.commit()


GONGWEN_DEMO_DOCUMENTS_FIXTURE = GongwenDemoDocumentsLayer()

GONGWEN_DEMO_DOCUMENTS_TESTING = IntegrationTesting(
    bases=(GONGWEN_DEMO_DOCUMENTS_FIXTURE,),
    name="CollectiveGongwenLayer:DemoDocumentsTesting",
)

# The demo documents' site served on 127.0.0.1, as ``make start`` serves it (the crawler of
# tests/browser/test_r_p_chinese_everywhere.py walks it as every demo user).
GONGWEN_DEMO_DOCUMENTS_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(GONGWEN_DEMO_DOCUMENTS_FIXTURE, LOOPBACK_WSGI_SERVER_FIXTURE),
    name="CollectiveGongwenLayer:DemoDocumentsFunctionalTesting",
)
