"""R-X3 across portals: a package exported at one Plone site imports at another.

The second site is made as plone.app.testing makes its own (``addPloneSite``)
with our profile and the demo organisation: its own catalog, users and
numbering series. The package travels as bytes only.
"""

import transaction
from plone import api
from Products.CMFPlone.factory import addPloneSite
from zope.component.hooks import setSite

from collective.gongwen.exchange.export import package_for
from collective.gongwen.exchange.package import read_package
from collective.gongwen.exchange.receive import create_incoming
from tests.integration.test_exchange_package import numbered_notice


def test_r_x3_a_package_exported_at_one_portal_imports_at_another(functional):
    app, portal = functional["app"], functional["portal"]
    document = numbered_notice(portal)
    data, filename = package_for(document)
    number = document.issue_number
    transaction.commit()

    other = addPloneSite(
        app,
        "other-portal",
        title="另一门户",
        setup_content=False,
        default_language="zh-cn",
        extension_ids=(
            "plone.app.contenttypes:default",
            "collective.gongwen:default",
            "collective.gongwen:demo",
        ),
    )
    setSite(other)
    try:
        with api.env.adopt_user(username="xx_secretary"):
            metadata, files = read_package(data)
            incoming = create_incoming(other["xinxiang"], metadata, files)
        assert "/".join(incoming.getPhysicalPath()).startswith("/other-portal/xinxiang/incoming/")
        assert incoming.source_organ == "长垣河务局"
        assert incoming.source_number == number
        assert incoming.receipt_number.startswith("新河收〔")
        assert api.content.get_state(obj=incoming) == "registered"
        catalog = other.portal_catalog
        assert len(catalog.unrestrictedSearchResults(portal_type="gongwen_incoming")) == 1
    finally:
        setSite(portal)
    # The first portal registered nothing.
    assert not portal.portal_catalog.unrestrictedSearchResults(
        portal_type="gongwen_incoming", source_number=number
    )
    assert filename.endswith(".zip")
