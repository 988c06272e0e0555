"""Finished and archived 发文/收文 of the demo organisation (长垣河务局) for 归档 tests (R-R1)."""

from plone import api

from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.renders import run_render_jobs

ARCHIVIST = "cy_archivist"

# 长垣河务局's 发文 path to 已发送 (通知: 下行文)
TO_SENT = [
    ("cy_eng_staff", "submit", "", "dept_review"),
    ("cy_eng_head", "approve", "同意。", "office_review"),
    ("cy_office_deputy", "approve", "请李局长签发。", "leader_sign"),
    ("cy_leader2", "sign", "同意印发。", "numbering"),
    ("cy_print", "number", "", "secretary_check"),
    ("cy_secretary1", "send", "", "sent"),
]


def sent_outgoing(portal, **fields):
    """A 发文 of 工程管理科 sent (已发送), its 正式文件 and 发文稿纸 made by the worker."""
    fields.setdefault("main_recipients", ["局属各科室"])
    document = walk_until(draft_outgoing(portal, **fields), TO_SENT, "sent")
    run_render_jobs(document)
    return document


def finished_incoming(portal):
    """A 收文 handled by 工程管理科 and closed (结束), its 来文处理单 made by the worker."""
    from tests.support.incoming import done

    document = done(portal)
    run_render_jobs(document)
    return document


def archive_as(document, user=ARCHIVIST, files=(), report_id=None, **fields):
    """``filing.archive_document`` as ``user`` with the proposed 归档章 (``fields`` override);
    the 归档章 data written."""
    from collective.gongwen.archive.filing import archive_document
    from collective.gongwen.archive.filing import proposed_fields

    values = dict(proposed_fields(document), **fields)
    with api.env.adopt_user(username=user):
        return archive_document(document, values, list(files), report_id, user)
