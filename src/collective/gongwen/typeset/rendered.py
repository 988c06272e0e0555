"""What a render job is given and what becomes of its PDF (R-RUN1): the portal's side.

``render_input`` is read when a worker claims the job: the layout's fields
as they are now (for the 正式文件 with the 附件's PDFs), the fonts and the
caps of 公文设置 (R-SEC5) — JSON-able through ``render_wire``.
``file_rendered`` files the worker's PDF on the file item only
(``kept_slips.file_slip``, ``official.file_official``): the document is not
written. A refusal (over the caps, timed out) keeps the file as it was and
is logged; the record keeps its message (``render_refusal``), which the
document page shows (``progress``). A 正式文件 with nothing to typeset (a Word 正文 not
清稿'd, R-D6) is refused at the claim: the worker is told the job is not its to do.
"""

import dataclasses
import logging

from zope.i18nmessageid import Message

from collective.gongwen.typeset.caps import RenderRefused
from collective.gongwen.typeset.child import OFFICIAL
from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.kept_slips import file_slip
from collective.gongwen.typeset.kept_slips import slip_input
from collective.gongwen.typeset.official import document_path
from collective.gongwen.typeset.official import file_official
from collective.gongwen.typeset.official import missing_attachments
from collective.gongwen.typeset.official import missing_message
from collective.gongwen.typeset.official import official_input
from collective.gongwen.typeset.render_jobs import claim_render
from collective.gongwen.typeset.render_jobs import finish_render
from collective.gongwen.typeset.render_jobs import render_record
from collective.gongwen.typeset.settings import configured_fonts
from collective.gongwen.typeset.settings import render_caps

logger = logging.getLogger("collective.gongwen")

KINDS = (SLIP, OFFICIAL)
FILED_AS = {SLIP: "slip.pdf", OFFICIAL: "official.pdf"}


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
    # the stored message rebuilt as it was made (its msgid is data, not a message of this module)
    return Message(
        value["msgid"],
        domain="collective.gongwen",
        default=value.get("default"),
        mapping=value.get("mapping") or {},
    )


def render_refusal(document, kind=OFFICIAL):
    """Why the last typesetting of ``document`` made no PDF (a message), or None."""
    return refusal_message(document, kind)


def missing_attachments_message(document):
    """The warning about ``document``'s 正式文件, or None when its typesetting went well.

    The render's refusal first (R-SEC5: over the caps, no PDF made), else the
    附件 it has the title page of only.
    """
    return render_refusal(document) or missing_message(missing_attachments(document))


def render_input(document, kind, job_id):
    """The input of job ``job_id`` (claimed now), or None when it is not the one waited for."""
    if kind == OFFICIAL:
        try:
            fields, missing, filename = official_input(document)
        except RenderRefused as refusal:
            # nothing to typeset (a Word 正文 not 清稿'd, R-D6): the job ends refused here
            if claim_render(document, kind, job_id):
                file_rendered(document, kind, job_id, refusal=refusal)
            return None
        fonts, kept = dataclasses.asdict(configured_fonts()), {"missing": list(missing)}
    elif kind == SLIP:
        (fields, filename), fonts, kept = slip_input(document), None, {}
    else:
        return None
    if not claim_render(document, kind, job_id, filename=filename, **kept):
        return None
    return {
        "kind": kind,
        "fields": fields,
        "fonts": fonts,
        "caps": dataclasses.asdict(render_caps()),
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
        logger.warning("%s of %s not made: %s", kind, document_path(document), refusal)
        return None
    filename = record.get("filename") or FILED_AS[kind]
    if kind == OFFICIAL:
        return file_official(document, data, filename, record.get("missing") or ())
    return file_slip(document, data, filename, record.get("version"))
