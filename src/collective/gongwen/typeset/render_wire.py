"""The render input as JSON between the portal and a worker (R-RUN1); plain Python.

The layout's ``fields`` hold dates, times and PDF bytes (the 附件's pages);
JSON holds none of them, so each travels as a one-key object: ``{"$date":
"2026-03-02"}``, ``{"$datetime": "2026-03-02T08:05:00"}`` (the wall-clock
time in the portal's zone, so the worker writes what the portal would,
R-RUN2) and ``{"$bytes": base64}``. A refusal travels as its kind and numbers
and becomes the same ``caps.RenderRefused`` on the portal's side.
"""

import base64
import datetime
import json

from collective.gongwen.typeset.caps import RenderFailed
from collective.gongwen.typeset.caps import RenderRefused
from collective.gongwen.typeset.caps import RenderTimedOut
from collective.gongwen.typeset.caps import TooManyPages

MAX_DETAIL = 300


def _plain(value, local_time):
    if isinstance(value, dict):
        return {str(key): _plain(item, local_time) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item, local_time) for item in value]
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, datetime.datetime):
        moment = local_time(value) if value.tzinfo is not None else value
        return {"$datetime": moment.replace(tzinfo=None).isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    return value


def _decoded(value):
    if len(value) == 1:
        ((tag, text),) = value.items()
        if tag == "$bytes":
            return base64.b64decode(text)
        if tag == "$datetime":
            return datetime.datetime.fromisoformat(text)
        if tag == "$date":
            return datetime.date.fromisoformat(text)
    return value


def dumps(value, local_time=lambda moment: moment):
    """``value`` as JSON text; ``local_time`` turns an aware time into the portal's zone."""
    return json.dumps(_plain(value, local_time), ensure_ascii=False)


def loads(text):
    """The value ``dumps`` wrote."""
    return json.loads(text, object_hook=_decoded)


def refusal_form(error):
    """The form fields that tell the portal why no PDF was made (``error``: a RenderRefused)."""
    if isinstance(error, TooManyPages):
        return {"refusal": "pages", "pages": str(error.pages), "max_pages": str(error.max_pages)}
    if isinstance(error, RenderTimedOut):
        return {"refusal": "timeout", "timeout": f"{error.timeout:g}"}
    return {"refusal": "failed", "detail": str(error)[:MAX_DETAIL]}


def refusal_from_form(form):
    """The ``RenderRefused`` a worker's form describes (bounded numbers; anything else failed)."""
    kind = form.get("refusal")
    try:
        if kind == "pages":
            return TooManyPages(int(form.get("pages", "")), int(form.get("max_pages", "")))
        if kind == "timeout":
            seconds = float(form.get("timeout", ""))
            if 0 < seconds < 1e6:
                return RenderTimedOut(seconds)
    except (TypeError, ValueError):
        pass
    return RenderFailed(str(form.get("detail") or "")[:MAX_DETAIL])


__all__ = ["RenderRefused", "dumps", "loads", "refusal_form", "refusal_from_form"]
