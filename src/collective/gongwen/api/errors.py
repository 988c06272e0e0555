"""Which errors are the client's, their HTTP status and their Chinese message (R-SEC5).

What this module owns: the one list of exception types that mean "the
request was wrong" (:func:`client_status`) — everything else is a server
error and stays a logged 500 — and the Chinese ``message`` of every REST
error answer on our layer (:func:`error_message`), used by the error views
(``api.browser.errors``) and by the subscriber that rewrites the English
error bodies plone.restapi's services return themselves
(``api.subscribers``).
"""

import errno
import re
import sqlite3

from plone.restapi.exceptions import DeserializationError
from plone.restapi.exceptions import QueryParsingError
from Products.CMFEditions.interfaces.IArchivist import ArchivistRetrieveError
from Products.ZCTextIndex.ParseTree import ParseError
from Products.ZCTextIndex.ParseTree import QueryError
from zExceptions import HTTPException
from zope.i18n import translate
from zope.publisher.interfaces import NotFound as PublisherNotFound
from zope.schema.interfaces import ValidationError

from collective.gongwen import _
from collective.gongwen.api.params import InvalidParameter

# Exceptions that only ever say the client sent something wrong, with the status to answer.
# ZCTextIndex's parser raises ParseError/QueryError for a search term it cannot read (AND, a
# lone quote); the archivist ArchivistRetrieveError for a version that does not exist;
# plone.restapi DeserializationError for a body that is not the JSON it expects and
# QueryParsingError for a catalog query value an index cannot read (a date, a depth);
# zope.schema a ValidationError for a value that does not fit a field.
CLIENT_ERRORS = (
    (InvalidParameter, 400),
    (DeserializationError, 400),
    (QueryParsingError, 400),
    (ValidationError, 400),
    (ParseError, 400),
    (QueryError, 400),
    (ArchivistRetrieveError, 404),
    (PublisherNotFound, 404),
)

SEARCH_SYNTAX = _(
    "error_search_syntax",
    default="检索词无法识别：请不要单独使用 AND、OR、NOT、引号、括号或 *，去掉后重试。",
)
MESSAGES_BY_TYPE = {
    "DeserializationError": _(
        "error_request_body",
        default="请求正文有误：应为 JSON 对象，字段的类型和取值须符合要求。",
    ),
    "ParseError": SEARCH_SYNTAX,
    "QueryParsingError": _(
        "error_query_value", default="检索条件的取值有误（如日期、层级应为日期、整数）。"
    ),
    "QueryError": SEARCH_SYNTAX,
    "ArchivistRetrieveError": _("error_no_such_version", default="没有这个版本。"),
    "WorkflowException": _("error_workflow_refused", default="当前状态下不能办理此操作。"),
}
MESSAGES_BY_STATUS = {
    400: _("error_bad_request", default="请求有误，请检查参数和请求正文后重试。"),
    401: _("error_unauthorized", default="您没有访问权限，请先登录或联系管理员。"),
    403: _("error_forbidden", default="您无权执行此操作。"),
    404: _("error_not_found", default="找不到请求的内容或服务。"),
    405: _("error_method_not_allowed", default="此地址不支持该请求方法。"),
    409: _("error_conflict", default="内容已被他人修改，请刷新后重试。"),
    413: _("error_too_large", default="请求正文过大。"),
    415: _("error_media_type", default="不支持此请求正文类型。"),
}
SERVER_ERROR = _(
    "error_server", default="服务器处理请求时出错，错误已记录，请稍后重试或联系管理员。"
)

# A write that found the disk full: the database (FileStorage, blobs) or the audit store.
STORAGE_FULL_STATUS = 507  # Insufficient Storage
STORAGE_FULL = _(
    "error_storage_full",
    default="服务器存储空间已满，本次操作没有保存，请联系系统管理员。",
)
_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)
_SQLITE_FULL = 13  # SQLITE_FULL, also the low byte of its extended codes
_PG_DISK_FULL = "53100"  # PostgreSQL's SQLSTATE disk_full (RelStorage, the audit store)

# The database is away (RelStorage's PostgreSQL stopped, restarting or unreachable; the audit
# store's PostgreSQL too): every request is answered 503 with 「系统维护中」 until it is back.
MAINTENANCE_STATUS = 503
RETRY_AFTER_SECONDS = 10
MAINTENANCE_HEADING = _("heading_maintenance", default="系统维护中")
MAINTENANCE = _(
    "error_maintenance",
    default="系统维护中，请稍后再试。数据库暂时无法访问；若刚才正在提交，内容没有保存，恢复后请重新提交。",
)
# SQLSTATEs of a connection that is gone or refused: class 08 (connection exception),
# 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now: the server is starting).
_AWAY_CODES = (
    "08000",
    "08001",
    "08003",
    "08004",
    "08006",
    "08007",
    "08P01",
    "57P01",
    "57P02",
    "57P03",
)
_AWAY_PREFIXES = ("08", "57P01", "57P02", "57P03")

_CJK = re.compile("[\u3400-\u9fff]")


def storage_full(exception):
    """True when ``exception``, or one it was raised from, says the disk (or quota) is full:
    an OSError ENOSPC/EDQUOT (FileStorage, blob files), SQLite's SQLITE_FULL (the audit
    store, also when its data manager re-raises it as another error in the vote) or
    PostgreSQL's disk_full (psycopg2's ``DiskFull``: RelStorage, the audit store there)."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        if isinstance(exception, OSError) and exception.errno in _FULL_ERRNOS:
            return True
        if isinstance(exception, sqlite3.Error) and (
            (getattr(exception, "sqlite_errorcode", 0) or 0) & 0xFF == _SQLITE_FULL
            or "database or disk is full" in str(exception)
        ):
            return True
        if getattr(exception, "pgcode", None) == _PG_DISK_FULL:
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def _database_errors():
    """``(driver's generic errors, errors that always mean away)``; ((), ()) without the driver
    (an embedded install without the cluster extra)."""
    try:
        import psycopg2
        import psycopg2.errors
        from relstorage.adapters.interfaces import ReplicaClosedException
    except ImportError:
        return (), ()
    away = tuple({psycopg2.errors.lookup(code) for code in _AWAY_CODES})
    return (psycopg2.OperationalError, psycopg2.InterfaceError), (*away, ReplicaClosedException)


def database_away(exception):
    """True when ``exception``, or one it was raised from, says the database cannot be reached:
    the driver could not connect or lost its connection (its generic error, with no SQLSTATE
    from a server), the server is shutting down or starting (SQLSTATE class 08, 57P01-57P03),
    or RelStorage's replica is closed. Not a full disk (``storage_full``: 507), nor an error
    the server answered a query with (a lock or statement timeout, a constraint)."""
    if storage_full(exception):
        return False
    generic, away = _database_errors()
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        if isinstance(exception, away):
            return True
        if type(exception) in generic:
            code = getattr(exception, "pgcode", None)
            if not code or code.startswith(_AWAY_PREFIXES):
                return True
        exception = exception.__cause__ or exception.__context__
    return False


def client_status(exception):
    """The 4xx status for an ``exception`` the client caused; None for a server error.

    HTTP exceptions (BadRequest, NotFound, Unauthorized …) carry their own status.
    """
    if isinstance(exception, HTTPException):
        status = exception.getStatus()
        return status if 400 <= status < 500 else None
    for error_type, status in CLIENT_ERRORS:
        if isinstance(exception, error_type):
            return status
    return None


def server_status(exception):
    """The status of an ``exception`` that is not the client's: its own, 507 for a full disk,
    503 when the database is away, else 500."""
    if isinstance(exception, HTTPException):
        return exception.getStatus()
    if storage_full(exception):
        return STORAGE_FULL_STATUS
    return MAINTENANCE_STATUS if database_away(exception) else 500


def has_own_page(exception):
    """True when a page request failing with ``exception`` gets our Chinese error page.

    Plone's own error page already answers NotFound, Unauthorized and the
    like with their status; every other client error (a bad parameter, a
    search term the index cannot read, a version that does not exist) would be
    a 500 there, and so would a full disk (our page says nothing was saved).
    """
    if storage_full(exception):
        return True
    status = client_status(exception)
    if status is None:
        return False
    return status == 400 or not isinstance(exception, HTTPException | PublisherNotFound)


def is_chinese(text):
    """True when ``text`` is already written in Chinese (a message of ours)."""
    return isinstance(text, str) and bool(_CJK.search(text))


def error_message(error_type, status, detail, request):
    """The message of an error answer, translated for ``request``.

    ``detail`` (the exception's or the service's own text) is kept when it is
    already Chinese; otherwise the message is the one for ``error_type``,
    else for ``status``.
    """
    if is_chinese(detail):
        return detail
    if status == STORAGE_FULL_STATUS:
        return translate(STORAGE_FULL, context=request)
    if status == MAINTENANCE_STATUS:
        return translate(MAINTENANCE, context=request)
    message = MESSAGES_BY_TYPE.get(error_type) or MESSAGES_BY_STATUS.get(status)
    if message is None:
        message = SERVER_ERROR if status >= 500 else MESSAGES_BY_STATUS[400]
    return translate(message, context=request)


def field_errors(exception):
    """plone.restapi's field errors carried by a ``BadRequest``: ``[{"field", "message"}]``.

    Its deserializer raises ``BadRequest`` with the list of its
    ``{"field", "message", "error"}`` dicts; [] for any other exception.
    """
    args = getattr(exception, "args", ())
    found = args[0] if args else None
    if not (isinstance(found, list) and found):
        return []
    if not all(isinstance(error, dict) and "message" in error for error in found):
        return []
    return [{"field": error.get("field"), "message": str(error["message"])} for error in found]


def field_errors_message(found, request):
    """The message of an answer with the field errors ``found``, or None.

    Their own messages, joined, where they are in the request's language:
    ours are translated for the request, plone.restapi's own are English.
    """
    chinese = is_chinese(translate(MESSAGES_BY_STATUS[400], context=request))
    texts = [error["message"] for error in found if is_chinese(error["message"]) == chinese]
    return ("；" if chinese else "; ").join(texts) or None


def exception_detail(exception, request):
    """The text an ``exception`` carries: its own translated message where it has one."""
    message = getattr(exception, "message", None)
    if message is not None and hasattr(message, "default"):
        return translate(message, context=request)
    if isinstance(exception, DeserializationError):
        return str(exception.msg)
    return str(exception)


def chinese_error(error, status, request):
    """The REST error dict ``error`` ({"type", "message", …}) with a Chinese ``message``.

    The original English message is kept as ``detail``.
    """
    detail = error.get("message")
    message = error_message(str(error.get("type", "")), status, detail, request)
    if message == detail:
        return error
    result = dict(error, message=message)
    if detail:
        result.setdefault("detail", detail if isinstance(detail, str) else repr(detail))
    return result
