"""What a render job is given and what becomes of its PDF (R-RUN1): the portal's side.

``render_input`` is read when a worker claims the job: the layout's fields
as they are now, the fonts and the caps of 公文设置 (R-SEC5) — JSON-able
through ``render_wire``. ``file_rendered`` files the worker's PDF on the
file item only (``kept_slips.file_slip``): the document is not written.
A refusal (over the caps, timed out) keeps the file as it was and is
logged; the record keeps its message (``render_record``).
"""

import dataclasses
import logging

from collective.gongwen import _
from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.kept_slips import file_slip
from collective.gongwen.typeset.kept_slips import slip_input
from collective.gongwen.typeset.official import document_path
from collective.gongwen.typeset.official import render_caps
from collective.gongwen.typeset.render_jobs import claim_render
from collective.gongwen.typeset.render_jobs import finish_render
from collective.gongwen.typeset.render_jobs import render_record

logger = logging.getLogger("collective.gongwen")

KINDS = (SLIP,)


def message_record(refusal):
    """A refusal's message as JSON-able values (msgid, default, mapping); None without one."""
    if refusal is None:
        return None
    message = refusal.message
    mapping = {key: str(value) for key, value in (getattr(message, "mapping", None) or {}).items()}
    return {"msgid": str(message), "default": getattr(message, "default", None), "mapping": mapping}


def refusal_message(document, kind):
    """Why the last render of ``kind`` of ``document`` made no PDF (a message), or None."""
    value = render_record(document, kind).get("refusal")
    if not value:
        return None
    return _(value["msgid"], default=value.get("default"), mapping=value.get("mapping") or {})


def render_input(document, kind, job_id):
    """The input of job ``job_id`` (claimed now), or None when it is not the one waited for."""
    if kind not in KINDS:
        return None
    fields, filename = slip_input(document)
    if not claim_render(document, kind, job_id, filename=filename):
        return None
    caps = render_caps()
    return {
        "kind": kind,
        "fields": fields,
        "fonts": None,
        "caps": dataclasses.asdict(caps),
    }


def file_rendered(document, kind, job_id, data=None, refusal=None):
    """File job ``job_id``'s PDF ``data`` (or its ``refusal``); the filed item, None, or False.

    False: the job is stale and its result was discarded. None: refused,
    the file stays as it was.
    """
    record = finish_render(document, kind, job_id, refusal=message_record(refusal))
    if record is None:
        return False
    if refusal is not None:
        logger.warning("slip of %s not kept: %s", document_path(document), refusal)
        return None
    return file_slip(document, data, record.get("filename") or "slip.pdf", record.get("version"))
