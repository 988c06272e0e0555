"""Archived items of 长垣河务局 whose 保管期限 has ended, for the retention and destruction tests
(R-R2).

Nothing real was archived in 2015, so the items are made: a 发文 drafted with a body and
attachments (each saved in its versions), put straight into 已发送 (its routing is other
tests'; the archivists hold the 归档 step there as after 发送), then archived through the one
path, ``archive.filing.archive_document`` (``tests.support.archive.archive_as``), with 年度
``year`` and 保管期限 ``retention``.
"""

from plone import api

from collective.gongwen.archive import fixity
from collective.gongwen.content.files import add_file
from collective.gongwen.content.files import replace_file
from collective.gongwen.org.units import unit_function_group_id
from tests.support.archive import archive_as
from tests.support.finished import set_state
from tests.support.outgoing import body
from tests.support.outgoing import draft_outgoing

APPROVERS = ("cy_office_head", "cy_director", "cy_supervisor")
ARCHIVIST = "cy_archivist"


def archived_item(
    portal,
    title="关于报送2015年度堤防工程维修计划的通知",
    html="<p>请各部门做好堤防工程维修计划报送工作。</p>",
    files=((b"first version", b"second version"),),
    year=2015,
    retention="10_years",
):
    """An archived 发文 of 长垣河务局 with ``files`` (each a sequence of its versions' bytes)."""
    document = draft_outgoing(
        portal, "downward", title=title, text=body(html), main_recipients=["局属各科室"]
    )
    manifest = []
    with api.env.adopt_roles(["Manager"]):
        for index, versions in enumerate(files, start=1):
            filename = f"附件{index}.txt"
            item = add_file(document, versions[0], filename)
            for data in versions[1:]:
                replace_file(item, data, filename)
            digests = fixity.bytes_digests(versions[-1])
            manifest.append(
                {
                    "path": item.getId(),
                    "version": None,
                    "title": item.Title(),
                    "role": "attachment",
                    "filename": filename,
                    "content_type": "text/plain",
                    **digests,
                }
            )
    set_state(document, "sent")
    group = unit_function_group_id(portal["changyuan"], "archivists")
    document.manage_setLocalRoles(group, ["GongwenStepAssignee"])
    document.reindexObjectSecurity()
    archive_as(document, files=manifest, year=year, retention=retention)
    return document


def execute(request_id, actor=ARCHIVIST):
    """执行销毁 of request ``request_id`` by ``actor`` (``disposal.execute_request``) and its job
    driven to its end (``run_execution``); the request afterwards."""
    from collective.gongwen.archive import disposal

    disposal.execute_request(request_id, actor)
    return run_execution(request_id)


def run_execution(request_id):
    """The started ``destroy`` job of request ``request_id`` driven to its end in this process,
    as a worker drives it, through the portal's ``@@gongwen-destruction-batch``; the request
    afterwards."""
    from collective.gongwen.archive import disposal
    from collective.gongwen.archive.disposal_worker import run_destruction
    from tests.support.packages import InProcessClient

    started = disposal.get_request(request_id)
    job_id, unit_uid = started["job_id"], started["unit_uid"]
    portal = api.portal.get()
    client = InProcessClient(portal, unit_uid, job_id)
    try:
        assert run_destruction({"uid": unit_uid, "job_id": job_id}, client) == "done"
    finally:  # the worker's calls leave the test's request as it was: a GET, no form
        portal.REQUEST.form.clear()
        portal.REQUEST.method = "GET"
    return disposal.get_request(request_id)
