"""R-SEC4: a write that finds the disk full (FileStorage/blob files: ENOSPC; the audit store:
SQLITE_FULL, also re-raised as another error) is answered 507 with one Chinese message — JSON
for REST, a page otherwise — and nothing else becomes a 507."""

import errno
import sqlite3

from plone.rest.interfaces import IAPIRequest
from zope.interface import alsoProvides

from collective.gongwen.api import errors
from collective.gongwen.api.browser.errors import ClientErrorPage
from collective.gongwen.interfaces import IGongwenLayer
from tests.integration.test_api_errors import answer

FULL = "服务器存储空间已满，本次操作没有保存，请联系系统管理员"


def sqlite_full():
    """The error SQLite raises when its file cannot grow."""
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL
    return error


def raised_from(cause):
    try:
        try:
            raise cause
        except Exception as error:
            raise RuntimeError("the audit entries could not be written") from error
    except RuntimeError as wrapped:
        return wrapped


def test_r_sec4_storage_full_recognised_through_the_chain():
    assert errors.storage_full(OSError(errno.ENOSPC, "No space left on device"))
    assert errors.storage_full(OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert errors.storage_full(sqlite_full())
    assert errors.storage_full(raised_from(sqlite_full()))
    assert not errors.storage_full(OSError(errno.EACCES, "Permission denied"))
    assert not errors.storage_full(sqlite3.OperationalError("database is locked"))
    assert not errors.storage_full(ValueError("No space left on device"))


def test_r_sec4_storage_full_rest_answer_is_507_in_chinese(portal):
    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer, IAPIRequest)
    request["PARENTS"] = [portal]
    status, data = answer(OSError(errno.ENOSPC, "No space left on device"), request)
    assert status == 507 and FULL in data["message"]
    assert "traceback" not in data


def test_r_sec4_storage_full_audit_error_is_507_too(portal):
    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer, IAPIRequest)
    request["PARENTS"] = [portal]
    status, data = answer(raised_from(sqlite_full()), request)
    assert status == 507 and FULL in data["message"]


def test_r_sec4_storage_full_page_is_507_in_chinese(portal):
    from collective.gongwen.api.browser.errors import error_view

    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer)
    request.environ["HTTP_ACCEPT"] = "text/html"
    request["PARENTS"] = [portal]
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError as raised:
        view = error_view(raised, request)
    assert isinstance(view, ClientErrorPage)
    view.__parent__ = portal
    html = view()
    assert request.response.getStatus() == 507
    assert "未能保存" in html and FULL in html and "请求有误" not in html
