"""「系统维护中」 (issue 21 item 7): while the database is away every request is answered 503
with ``Retry-After`` and a static Chinese page (JSON for REST), never a 500 — from the WSGI
filter around Zope and from the exception view; any other error is left as it was."""

import json
from pathlib import Path

import psycopg2
import psycopg2.errors
import pytest
from paste.deploy import loadfilter
from plone.rest.interfaces import IAPIRequest
from relstorage.adapters.interfaces import ReplicaClosedException
from ZODB.POSException import StorageError
from zope.interface import alsoProvides

from collective.gongwen.api import errors
from collective.gongwen.api import maintenance
from collective.gongwen.api.browser.errors import MaintenancePage
from collective.gongwen.api.browser.errors import error_view
from collective.gongwen.interfaces import IGongwenLayer
from tests.support.network import free_port

TEMPLATE = "config:" + str(Path(__file__).resolve().parents[2] / "etc" / "zope.ini.in")
AWAY = "系统维护中，请稍后再试"


def refused():
    """The real error psycopg2 raises when nothing listens where PostgreSQL should."""
    try:
        psycopg2.connect(f"host=127.0.0.1 port={free_port()} user=x dbname=x connect_timeout=5")
    except psycopg2.OperationalError as error:
        return error
    raise AssertionError("a connection to a closed port succeeded")


def wrapped(cause):
    """``cause`` as ZODB's storage layer raises it further up (``raise … from``)."""
    try:
        try:
            raise cause
        except Exception as error:
            raise StorageError("could not poll") from error
    except StorageError as outer:
        return outer


def test_cluster_faults_database_away_recognised_through_the_chain():
    assert errors.database_away(refused())
    assert errors.database_away(wrapped(refused()))
    assert errors.database_away(psycopg2.errors.AdminShutdown())
    assert errors.database_away(psycopg2.errors.CannotConnectNow())
    assert errors.database_away(psycopg2.InterfaceError("connection already closed"))
    assert errors.database_away(ReplicaClosedException())
    # the server answered: not away
    assert not errors.database_away(psycopg2.errors.LockNotAvailable())
    assert not errors.database_away(psycopg2.errors.QueryCanceled())
    assert not errors.database_away(psycopg2.errors.UniqueViolation())
    assert not errors.database_away(StorageError("something else"))
    assert not errors.database_away(ConnectionResetError())
    assert errors.server_status(wrapped(refused())) == 503
    assert errors.server_status(ValueError()) == 500


def test_cluster_faults_a_full_disk_stays_507():
    full = psycopg2.errors.DiskFull()
    assert not errors.database_away(full)


def wsgi_answer(app, **environ):
    """Status, headers and body of ``app`` through the filter of etc/zope.ini.in."""
    wrapped_app = loadfilter(TEMPLATE, name="maintenance")(app)
    seen = {}

    def start_response(status, headers):
        seen.update(status=status, headers=dict(headers))

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/plone", **environ}
    body = b"".join(wrapped_app(environ, start_response))
    return seen["status"], seen["headers"], body.decode("utf-8")


def failing_app(error):
    def app(environ, start_response):
        raise error

    return app


def test_cluster_faults_filter_answers_503_page_when_the_database_is_away():
    status, headers, body = wsgi_answer(
        failing_app(refused()), HTTP_ACCEPT="text/html,application/xhtml+xml"
    )
    assert status == "503 Service Unavailable"
    assert headers["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert headers["Content-Type"].startswith("text/html")
    assert headers["Cache-Control"] == "no-store"
    assert "<h1>系统维护中</h1>" in body and AWAY in body and "电子公文系统" in body
    assert "Traceback" not in body and "psycopg2" not in body


def test_cluster_faults_filter_answers_json_to_rest():
    status, headers, body = wsgi_answer(
        failing_app(wrapped(refused())), HTTP_ACCEPT="application/json"
    )
    assert status.startswith("503")
    assert headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert data["type"] == "ServiceUnavailable" and AWAY in data["message"]
    _status, _headers, body = wsgi_answer(
        failing_app(refused()), PATH_INFO="/plone/++api++/@search", HTTP_ACCEPT="*/*"
    )
    assert AWAY in json.loads(body)["message"]


def test_cluster_faults_filter_leaves_other_errors_and_answers_alone():
    with pytest.raises(ValueError):
        wsgi_answer(failing_app(ValueError("a bug")))

    def ok(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    assert wsgi_answer(ok)[0] == "200 OK"


def test_cluster_faults_exception_view_page_and_json(portal):
    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer)
    request["PARENTS"] = [portal]
    request.environ["HTTP_ACCEPT"] = "text/html"
    error = wrapped(refused())
    view = error_view(error, request)
    assert isinstance(view, MaintenancePage)
    body = view()
    response = request.response
    assert response.getStatus() == 503
    assert response.getHeader("Retry-After") == str(errors.RETRY_AFTER_SECONDS)
    assert AWAY in body and "<h1>系统维护中</h1>" in body
    assert "main_template" not in body and 'id="portal-' not in body


def test_cluster_faults_exception_view_json_for_rest(portal):
    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer, IAPIRequest)
    request["PARENTS"] = [portal]
    error_view(refused(), request)()
    response = request.response
    assert response.getStatus() == 503
    assert AWAY in json.loads(response.body)["message"]


def test_cluster_faults_page_has_no_site_content():
    page = maintenance.page()
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert f'content="{errors.RETRY_AFTER_SECONDS}"' in page
