"""Finished 发文 of 长垣河务局 (已发送), ready for 归档 (R-R1), made fast for the archive jobs.

Each has what 四性检测 (R-R3) asks of a 发文: a 正式文件 whose text carries its title and
文号 (WeasyPrint, as the typesetting makes it; made once per title and 文号), a 发文稿纸
(a PDF), and an attachment saved in two versions. Its routing is other tests': the 发文 is
put straight in 已发送 (``set_state``). ``run_archive_job`` runs a job's worker in
the test's process against the portal's real endpoints (``packages.InProcessClient``).
"""

import datetime
import functools

from DateTime import DateTime
from plone import api

from collective.gongwen.archive import clamav
from collective.gongwen.archive import jobs
from collective.gongwen.archive import worker
from collective.gongwen.content.files import SLIP
from collective.gongwen.content.files import TYPESET
from collective.gongwen.content.files import add_file
from collective.gongwen.content.files import replace_file
from tests.support.bad_files import pdf_bytes
from tests.support.outgoing import body
from tests.support.outgoing import draft_outgoing
from tests.support.packages import InProcessClient

TITLE = "关于做好{n}号堤段汛前检查的通知"
NUMBER = "长河〔{year}〕{n}号"


def set_state(document, state, actor="cy_secretary1"):
    """Put ``document`` in workflow ``state`` (test data: the path there is not under test)."""
    workflows = api.portal.get_tool("portal_workflow")
    workflow_id = workflows.getChainFor(document)[0]
    workflows.setStatusOf(
        workflow_id,
        document,
        {"review_state": state, "action": None, "actor": actor, "time": DateTime(), "comments": ""},
    )
    workflows.getWorkflowById(workflow_id).updateRoleMappingsFor(document)
    document.reindexObject()


@functools.lru_cache(maxsize=64)
def typeset_pdf(title, number):
    """The bytes of a 正式文件 carrying ``title`` and ``number`` in its text."""
    from weasyprint import HTML

    return HTML(
        string=f"<html><body><p>长垣河务局文件</p><p>{number}</p><h1>{title}</h1>"
        "<p>各科室：请做好汛前检查。</p></body></html>"
    ).write_pdf()


def finished_outgoing(portal, n, year=2026, title=None, number=None, typeset=True, extra=()):
    """The ``n``-th finished 发文 of ``year``: 正式文件, 发文稿纸, an attachment in two versions,
    and ``extra`` files ((bytes, filename), as attachments)."""
    title = title or TITLE.format(n=n)
    number = number or NUMBER.format(year=year, n=n)
    document = draft_outgoing(
        portal,
        "downward",
        title=title,
        issue_number=number,
        written_date=datetime.date(year, 3, 2),
        text=body(),
        main_recipients=["局属各科室"],
    )
    with api.env.adopt_roles(["Manager"]):
        if typeset:
            add_file(document, typeset_pdf(title, number), "正式文件.pdf", role=TYPESET)
        add_file(document, pdf_bytes(), "发文稿纸.pdf", role=SLIP)
        item = add_file(document, "值班表第一稿\n".encode(), "附件1.txt")
        replace_file(item, "值班表第二稿\n".encode(), "附件1.txt")
        for data, filename in extra:
            add_file(document, data, filename)
    set_state(document, "sent")
    return document


def run_archive_job(portal, unit, job_id, scan=None):
    """Run archive job ``job_id`` of ``unit`` to its end in this process; the worker's outcome."""
    payload = {"uid": unit.UID(), "job_id": job_id}
    client = InProcessClient(portal, unit.UID(), job_id)
    scan = scan if scan is not None else clamav.scanner()
    return worker.run_job(payload, client, scan=scan, threads=1)


def job(job_id):
    """The job's record."""
    return jobs.job_record(job_id)
