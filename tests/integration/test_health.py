"""``@@gongwen-health`` (issue 21): the load balancer's check answers ``ok`` while the database
answers, at the application root and on the site, and 503 when the storage is away."""

import transaction
from plone.app.testing import logout
from ZODB import DB
from ZODB.MappingStorage import MappingStorage
from zope.component import getMultiAdapter

from collective.gongwen.api.browser.health import Health


def health(context, request):
    return getMultiAdapter((context, request), name="gongwen-health")


def test_cluster_health_ok_at_the_application_root_and_on_the_site(integration, portal):
    app, request = integration["app"], integration["request"]
    for context in (app, portal):
        view = health(context, request)
        assert isinstance(view, Health)
        assert view() == "ok\n"
        assert request.response.getStatus() == 200
        assert request.response.getHeader("Cache-Control") == "no-store"
        assert request.response.getHeader("Content-Type").startswith("text/plain")


def test_cluster_health_is_public(integration, portal):
    logout()
    for context in (integration["app"], portal):
        assert context.restrictedTraverse("@@gongwen-health")() == "ok\n"


def test_cluster_health_503_when_the_storage_does_not_answer(integration):
    db = DB(MappingStorage())
    connection = db.open(transaction.TransactionManager())
    root = connection.root()
    try:
        db.storage.close()  # the database went away under an open connection
        request = integration["request"]
        view = Health(root, request)
        assert view() == "unavailable\n"
        assert request.response.getStatus() == 503
    finally:
        connection.close()
        db.close()
