"""Fixtures shared by the whole suite: the Plone layers as pytest fixtures.

``integration`` / ``portal`` come from GONGWEN_INTEGRATION_TESTING and
``functional`` / ``functional_portal`` from GONGWEN_FUNCTIONAL_TESTING
(pytest-plone). Unit tests use none of them and start no Zope.
"""

import pytest
from pytest_plone import fixtures_factory

from collective.gongwen.testing import GONGWEN_FUNCTIONAL_TESTING
from collective.gongwen.testing import GONGWEN_INTEGRATION_TESTING

pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (GONGWEN_FUNCTIONAL_TESTING, "functional"),
            (GONGWEN_INTEGRATION_TESTING, "integration"),
        ),
        keep_session=False,
    )
)


@pytest.fixture
def functional_portal(functional):
    """The Plone site of the functional layer (served over HTTP)."""
    return functional["portal"]


@pytest.fixture
def portal_url(functional):
    """Base URL of the functional layer's site, e.g. http://127.0.0.1:41234/plone."""
    layer = functional
    return f"http://{layer['host']}:{layer['port']}/plone"
