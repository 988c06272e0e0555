"""The add-on installs, brings collective.documentviewer, and uninstalls."""

from plone import api
from plone.base.interfaces import IBundleRegistry
from plone.browserlayer.utils import registered_layers

from collective.gongwen.interfaces import IGongwenLayer

PACKAGE = "collective.gongwen"


def test_product_installed(installer):
    assert installer.is_product_installed(PACKAGE)


def test_documentviewer_installed_with_it(installer):
    assert installer.is_product_installed("collective.documentviewer")


def test_browserlayer_registered(portal):
    assert IGongwenLayer in registered_layers()


def test_site_language_is_simplified_chinese(portal):
    assert api.portal.get_default_language() == "zh-cn"


def test_uninstall_removes_layer_and_bundles(portal, installer):
    installer.uninstall_product(PACKAGE)
    assert not installer.is_product_installed(PACKAGE)
    assert IGongwenLayer not in registered_layers()
    bundles = portal.portal_registry.collectionOfInterface(IBundleRegistry, prefix="plone.bundles")
    assert not [name for name in bundles if name.startswith("gongwen-")]
    assert "conversion_state" not in portal.portal_catalog.indexes()
