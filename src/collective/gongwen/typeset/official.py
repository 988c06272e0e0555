"""The 正式文件 of a 发文 (R-T1): typeset at 登记编号 and kept with the document.

The PDF is the document's file of role 正式文件 (``content.files.TYPESET``),
id ``official``, named 文号 + 标题 (R-T1 item 3). It is asked for when the
print room numbers the document (every path: the routing subscriber calls
``typeset_official``) and may be asked for again until it is sent; a worker
renders it in its own process (R-RUN1: ``render_jobs``, ``rendered``) and
each typesetting it files is a new version of the same file, so the viewer
and the versions page keep the earlier ones.

The 附件 follow the text, each with its pages (7.3.7); one not yet converted
to PDF gets its title page only, and the 正式文件 remembers which
(``missing_attachments``) so that whoever typeset it is told to do it again.
The worker is given the 附件's PDFs up to ``ATTACHMENT_BYTES`` in all; the
rest count as not converted yet.

It is rendered within the caps of 公文设置 (R-SEC5, ``child``,
``settings.render_caps``). A document over the caps gets no new 正式文件 — numbering
goes on (a 文号 issued is never taken back), an earlier typesetting stays —
and the render job's record remembers why (``rendered.render_refusal``),
which the print room is shown on the document page until a typesetting
succeeds.
"""

import logging

from Acquisition import aq_base
from plone import api

from collective.gongwen import _
from collective.gongwen.content.files import TYPESET
from collective.gongwen.content.files import add_file
from collective.gongwen.content.files import replace_file
from collective.gongwen.content.naming import OFFICIAL_ID
from collective.gongwen.content.naming import official_filename
from collective.gongwen.typeset.attachment_pages import attachment_entries
from collective.gongwen.typeset.attachment_pages import within_bytes
from collective.gongwen.typeset.attachment_sources import attachment_sources
from collective.gongwen.typeset.child import OFFICIAL
from collective.gongwen.typeset.document import official_fields
from collective.gongwen.typeset.render_jobs import queue_render

logger = logging.getLogger("collective.gongwen")

# Steps in which the 正式文件 may be typeset again: numbered, not yet sent.
RETYPESET_STEPS = ("numbering", "secretary_check")
# On the 正式文件: the 附件 typeset with their title page only.
MISSING_KEY = "gongwen_missing_attachments"
# The 附件's PDFs a worker is given for one 正式文件, in all (R-SEC5: bounded).
ATTACHMENT_BYTES = 256 * 1024 * 1024


def document_path(document):
    """``/plone/…/doc``: how the log names the document being rendered."""
    return "/".join(document.getPhysicalPath())


def official_input(document):
    """``(fields, missing titles, file name)``: what the 正式文件's render is given now."""
    fields = official_fields(document)
    sources = within_bytes(attachment_sources(document), ATTACHMENT_BYTES)
    fields["attachment_pages"], missing = attachment_entries(sources)
    fields["source"] = document_path(document)
    return fields, missing, official_filename(fields)


def typeset_official(document):
    """Have a worker typeset ``document``'s 正式文件 after commit; return the job id waited for.

    A system step of numbering, asked for whoever triggered it; the worker
    files the PDF with ``file_official`` (``rendered``).
    """
    return queue_render(document, OFFICIAL)


def file_official(document, data, filename, missing=()):
    """Keep the PDF ``data`` as ``document``'s 正式文件 (a new version if it exists); return it.

    ``missing``: the titles of the 附件 it has the title page of only.
    """
    with api.env.adopt_roles(["Manager"]):
        item = document.get(OFFICIAL_ID)
        if item is None:
            item = add_file(
                document, data, filename, role=TYPESET, id=OFFICIAL_ID, document_modified=False
            )
            item.title = filename[: -len(".pdf")]
            item.reindexObject(idxs=["Title", "sortable_title"])
        else:
            replace_file(
                item, data, filename, comment=_("version_comment_retypeset", default="重新排版")
            )
            item.title = filename[: -len(".pdf")]
        setattr(item, MISSING_KEY, tuple(missing))
        return item


def missing_attachments(document):
    """The titles of the 附件 the 正式文件 of ``document`` has the title page of only."""
    item = document.get(OFFICIAL_ID)
    return tuple(getattr(aq_base(item), MISSING_KEY, ())) if item is not None else ()


def missing_message(names):
    """The warning that the 正式文件 lacks the pages of the 附件 ``names``; None without any."""
    if not names:
        return None
    return _(
        "typeset_attachments_missing",
        default="附件「${names}」尚未转换完成，正式文件中只有其标题页；转换完成后请重新排版。",
        mapping={"names": "」「".join(names)},
    )
