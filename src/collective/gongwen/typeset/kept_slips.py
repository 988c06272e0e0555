"""The processing slip kept with the document (R-T2): 发文稿纸 or 来文处理单 as a file.

The kept file (role 处理单, id ``slip``) follows the opinions. No step
renders it (R-RUN1: about 0.2 s, far more for a long one, against the
≤ 50 ms of a step): every opinion asks for a render job (``slip_jobs``),
which a worker does moments after the commit and files here
(``file_slip``). At the milestones that hand the document on — 登记编号 and
发送 of a 发文, 办结/归档/作废 of a 收文, 归档 of either — the job files a
new version; after any other opinion (a review, 批示, 已阅 …) the file is
replaced in place without one (or added, without a version, if no
milestone has kept it yet). So its versions are the milestones' only — a
walked 发文 keeps two, at 登记编号 and 发送 (issue 21: the slip kept at the
first opinion, refreshed in place until 登记编号, was a third version no one
needs, a fifth of a walked 发文's PDF bytes). ``@@gongwen-slip`` serves the
slip as it is now.

The slip is rendered within the caps of 公文设置 (R-SEC5,
``settings.render_caps``). A slip over the caps is not kept: the previous
version stays, a WARNING in the log says why (the worker's result answers
``refused``), and ``@@gongwen-slip`` shows the reader the Chinese message
instead of a file.
"""

import logging
import re

from plone import api

from collective.gongwen import _
from collective.gongwen.content.files import SLIP
from collective.gongwen.content.files import add_file
from collective.gongwen.content.files import keep_current_version
from collective.gongwen.content.files import refresh_file
from collective.gongwen.content.files import replace_file
from collective.gongwen.content.versions import current_version_id
from collective.gongwen.interfaces import IGongwenIncoming
from collective.gongwen.typeset.child import SLIP as SLIP_PDF
from collective.gongwen.typeset.child import render_in_child
from collective.gongwen.typeset.official import document_path
from collective.gongwen.typeset.settings import render_caps
from collective.gongwen.typeset.slip_layout import slip_header
from collective.gongwen.typeset.slips import slip_fields_incoming
from collective.gongwen.typeset.slips import slip_fields_outgoing

logger = logging.getLogger("collective.gongwen")

SLIP_ID = "slip"
SLIP_VERSION_COMMENT = _("version_comment_slip", default="更新处理单")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def slip_fields(document):
    """The slip's fields: 来文处理单 of a 收文, 发文稿纸 of a 发文."""
    if IGongwenIncoming.providedBy(document):
        return slip_fields_incoming(document)
    return slip_fields_outgoing(document)


def slip_filename(document, fields):
    """「长垣河务局发文稿纸-长河〔2026〕7号关于……的通知.pdf」."""
    number = getattr(document, "issue_number", None) or getattr(document, "receipt_number", None)
    name = f"{slip_header(fields)}-{number or ''}{document.Title()}"
    return f"{_UNSAFE.sub('', name)}.pdf"


def slip_input(document):
    """``(fields, file name)`` of the slip as it is now: what its render is given."""
    fields = slip_fields(document)
    fields["source"] = document_path(document)
    return fields, slip_filename(document, fields)


def current_slip(document):
    """``(pdf bytes, file name)`` of the slip as it is now; raises ``caps.RenderRefused``."""
    fields, filename = slip_input(document)
    return render_in_child(SLIP_PDF, fields, None, render_caps()), filename


def file_slip(document, data, filename, version=True):
    """Keep the slip PDF ``data`` as ``document``'s 处理单 file (a new version if ``version``).

    Only the file item changes (added the first time): the document itself
    is not written, nor reindexed.
    """
    with api.env.adopt_roles(["Manager"]):
        existing = document.get(SLIP_ID)
        if existing is None:
            item = add_file(
                document,
                data,
                filename,
                role=SLIP,
                id=SLIP_ID,
                versioned=version,
                document_modified=False,
            )
        elif version and current_version_id(existing) is None:
            # the first milestone: the slip kept in place so far is its first version
            refresh_file(existing, data, filename)
            keep_current_version(existing, comment=SLIP_VERSION_COMMENT)
            item = existing
        elif version:
            replace_file(existing, data, filename, comment=SLIP_VERSION_COMMENT)
            item = existing
        else:
            refresh_file(existing, data, filename)
            item = existing
        item.title = filename[: -len(".pdf")]
        item.reindexObject(idxs=["Title", "sortable_title"])
    return item
