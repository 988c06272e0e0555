"""「系统维护中」: the answer of every request while the database is away (issue 21 item 7).

What this module owns: the 503 answer (``Retry-After``) given when RelStorage's
PostgreSQL — or the audit store's — cannot be reached (``errors.database_away``):
a static Chinese page, or JSON for a REST client, made without touching ZODB or
Plone's main_template (the database is away). Two places give it:

- ``MaintenanceFilter``, a WSGI filter around Zope (``etc/zope.ini.in``'s
  pipeline, ``use = call:collective.gongwen.api.maintenance:filter_factory``): the
  database is usually found away before any view runs — opening the request's
  connection, or aborting its transaction, raises out of ZPublisher — and Zope
  would answer a bare 500;
- ``api.browser.errors.error_view``, when the error reaches the exception view
  (a commit that failed while the connection was open).

A request whose commit failed is never answered 2xx/3xx: the transaction's
failure is what brings it here. The instance needs no restart: RelStorage opens
a new connection on the next request once PostgreSQL is back.
"""

import json
import logging
from html import escape

from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.api import errors
from collective.gongwen.content.settings import catalog_language

logger = logging.getLogger("collective.gongwen.maintenance")

SYSTEM_NAME = _("maintenance_system_name", default="电子公文系统")

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{retry}">
<title>{heading} - {system}</title>
<style>
body {{ margin: 0; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
  background: #f4f5f7; color: #1f2933; }}
main {{ max-width: 36rem; margin: 12vh auto 0; padding: 2rem 2.2rem; background: #fff;
  border-top: 4px solid #b3261e; box-shadow: 0 1px 4px rgba(0,0,0,.12); }}
h1 {{ margin: 0 0 1rem; font-size: 1.6rem; }}
p {{ line-height: 1.8; margin: 0 0 .8rem; }}
.system {{ color: #52606d; font-size: .95rem; margin-bottom: 1.4rem; }}
</style>
</head>
<body>
<main role="alert">
<div class="system">{system}</div>
<h1>{heading}</h1>
<p>{message}</p>
<p>{again}</p>
</main>
</body>
</html>
"""


def texts(request=None):
    """The page's texts, translated for ``request``; in the bureau's Chinese without one (the
    filter's answer: the site's language is in the database that is away)."""

    def text(message):
        if request is not None:
            return translate(message, context=request)
        return translate(message, target_language=catalog_language(None))

    return {
        "system": text(SYSTEM_NAME),
        "heading": text(errors.MAINTENANCE_HEADING),
        "message": text(errors.MAINTENANCE),
        "again": text(
            _(
                "maintenance_retry",
                default="本页每 ${seconds} 秒自动刷新一次。",
                mapping={"seconds": str(errors.RETRY_AFTER_SECONDS)},
            )
        ),
    }


def page(request=None):
    """The static 「系统维护中」 page (HTML text)."""
    values = {key: escape(value) for key, value in texts(request).items()}
    return PAGE.format(retry=errors.RETRY_AFTER_SECONDS, **values)


def json_body(request=None):
    """The REST answer's body: plone.rest's error shape with the Chinese message."""
    found = texts(request)
    return json.dumps(
        {"type": "ServiceUnavailable", "message": found["message"]},
        ensure_ascii=False,
        sort_keys=True,
    )


def wants_json(accept, path=""):
    """True for a REST client: it accepts JSON and not HTML, or it calls ``++api++``."""
    accept = accept or ""
    return "++api++" in (path or "") or ("application/json" in accept and "text/html" not in accept)


def headers(content_type):
    """The answer's headers: ``Retry-After``, never cached."""
    return [
        ("Content-Type", content_type),
        ("Retry-After", str(errors.RETRY_AFTER_SECONDS)),
        ("Cache-Control", "no-store"),
    ]


class MaintenanceFilter:
    """WSGI filter: an error that says the database is away becomes the 503 answer."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except Exception as error:
            if not errors.database_away(error):
                raise
            logger.warning(
                "database away: %s %s answered 503 (%r)",
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
                error,
            )
            if wants_json(environ.get("HTTP_ACCEPT"), environ.get("PATH_INFO")):
                content_type, body = "application/json; charset=utf-8", json_body()
            else:
                content_type, body = "text/html; charset=utf-8", page()
            body = body.encode("utf-8")
            start_response(
                "503 Service Unavailable",
                [*headers(content_type), ("Content-Length", str(len(body)))],
            )
            return [body]


def filter_factory(global_conf, **local_conf):
    """PasteDeploy's factory of the filter (``use = call:<this module>:filter_factory``)."""
    return MaintenanceFilter
