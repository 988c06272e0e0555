"""R-A2, R-R1 "every version": a file's first version is kept, archived and read as itself.

Whatever path adds a file — plone.restapi's POST, the 附件 add form, the files panel,
folder_contents' ``@@fileUpload``, ``content.files.add_file`` in code, the 公文交换 import
(``exchange.receive.create_incoming``) — and once it is replaced on the document page
(``@@gongwen-replace-file``), ``file_versions`` holds two versions: the original bytes, then the
replacement. 归档 (a real archive job: claim, ``@@gongwen-archive-file``, the worker's side in
this process, 四性检测 with a real clamd) lists both in the manifest, each with its own hash,
and the file endpoint serves each version's own bytes.

Found by the destruction test: the worker asked for version 0 as ``0 or ""`` — no version,
the current file — so the first version was hashed (and packed for 移交) as the replacement.
"""

import base64
import datetime
import hashlib
import json

import pytest
from plone import api
from plone.rest.interfaces import IAPIRequest
from zope.component import getMultiAdapter
from zope.interface import alsoProvides
from zope.interface import noLongerProvides

from collective.gongwen.archive import pipeline
from collective.gongwen.archive.record import archive_info
from collective.gongwen.content import files
from collective.gongwen.content.browser.tokens import new_form_token
from collective.gongwen.content.versions import file_versions
from collective.gongwen.exchange.receive import create_incoming
from collective.gongwen.interfaces import IGongwenLayer
from tests.integration.test_files_panel import act
from tests.support.bad_files import pdf_bytes
from tests.support.finished import run_archive_job
from tests.support.finished import set_state
from tests.support.finished import typeset_pdf
from tests.support.outgoing import draft_outgoing
from tests.support.renders import call_endpoint
from tests.support.uploads import file_upload
from tests.support.uploads import post
from tests.support.uploads import submit_attachment_form

pytestmark = pytest.mark.slow

ARCHIVIST = "cy_archivist"
DRAFTER = "cy_eng_staff"  # draft_outgoing's drafter
SECRETARY = "cy_secretary1"  # registers the 收文 the exchange brings
FILENAME = "维修台账.txt"
ORIGINAL = "维修台账 第一稿：东坝头险工\n".encode() * 20
REPLACEMENT = "维修台账 第二稿：东坝头险工、大留寺控导\n".encode() * 20
TITLE = "关于报送堤防维修台账的通知"
NUMBER = "长河〔2026〕7号"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def the_new_file(document, before):
    """The one file of ``document`` not among the ids ``before``."""
    (item,) = [item for item in files.files_of(document) if item.getId() not in before]
    return item


def by_rest(document, title="维修台账", filename=FILENAME, **fields):
    """plone.restapi ``POST`` of a ``gongwen_attachment`` into ``document``, as the drafter."""
    request = document.REQUEST
    alsoProvides(request, IGongwenLayer, IAPIRequest)
    body = {
        "@type": "gongwen_attachment",
        "title": title,
        **fields,
        "file": {
            "data": base64.b64encode(ORIGINAL).decode("ascii"),
            "encoding": "base64",
            "filename": filename,
            "content-type": "text/plain",
        },
    }
    post(request, {}, authenticator=False)
    request.environ["CONTENT_TYPE"] = "application/json"
    request["BODY"] = json.dumps(body).encode()
    try:
        with api.env.adopt_user(username=DRAFTER):
            getMultiAdapter((document, request), name="POST_application_json_").reply()
        assert request.response.getStatus() == 201
    finally:
        noLongerProvides(request, IAPIRequest)
        request.response.setStatus(200)


def by_add_form(document):
    """The 附件 add form (``++add++gongwen_attachment``) saved by the drafter."""
    with api.env.adopt_user(username=DRAFTER):
        submit_attachment_form(document, ORIGINAL, FILENAME)


def by_files_panel(document):
    """The document page's 添加文件 (``@@gongwen-add-files``) as the drafter."""
    alsoProvides(document.REQUEST, IGongwenLayer)
    form = {
        "files": [file_upload(ORIGINAL, FILENAME)],
        "file_role": "attachment",
        "form_token": new_form_token(),
    }
    assert act(document, "gongwen-add-files", form, user=DRAFTER) == ["已添加 1 个文件：维修台账。"]


def by_file_upload(document):
    """folder_contents' upload (``@@fileUpload``) into the document, as the drafter."""
    request = document.REQUEST
    alsoProvides(request, IGongwenLayer)
    with api.env.adopt_user(username=DRAFTER):
        post(request, {"file": file_upload(ORIGINAL, FILENAME)})
        document.restrictedTraverse("@@fileUpload")()
    assert request.response.getStatus() == 200


def by_code(document):
    """``content.files.add_file`` (what 处理单, 正式文件 and the importers use)."""
    with api.env.adopt_roles(["Manager"]):
        files.add_file(document, ORIGINAL, FILENAME)


PATHS = {
    "rest": by_rest,
    "add_form": by_add_form,
    "files_panel": by_files_panel,
    "file_upload": by_file_upload,
    "add_file": by_code,
}


def outgoing_with(portal, add):
    """A 发文 whose attachment ``add`` added (in draft) and the drafter replaced, then 已发送
    with its 正式文件 and 发文稿纸; (document, attachment)."""
    document = draft_outgoing(
        portal,
        title=TITLE,
        issue_number=NUMBER,
        written_date=datetime.date(2026, 3, 2),
        main_recipients=["局属各科室"],
    )
    add(document)
    item = the_new_file(document, ())
    replace(item, DRAFTER)
    with api.env.adopt_roles(["Manager"]):
        files.add_file(document, typeset_pdf(TITLE, NUMBER), "正式文件.pdf", role=files.TYPESET)
        files.add_file(document, pdf_bytes(), "发文稿纸.pdf", role=files.SLIP)
    set_state(document, "sent")
    return document, item


def incoming_by_exchange(portal):
    """A 收文 the 公文交换 registered (its 来文原件 and attachment added by the import),
    the attachment replaced by the secretary, then 办结 with its 来文处理单; (document,
    attachment)."""
    metadata = {
        "title": "关于报送堤防维修台账的通知",
        "issuer": "新乡河务局",
        "issue_number": "新河〔2026〕3号",
        "doc_kind": "notice",
    }
    official = [("official", "关于报送堤防维修台账的通知.pdf", pdf_bytes())]
    with api.env.adopt_user(username=SECRETARY):
        document = create_incoming(
            portal["changyuan"], metadata, [*official, ("attachment", FILENAME, ORIGINAL)]
        )
    item = files.attachments_of(document)[0]
    replace(item, SECRETARY)
    with api.env.adopt_roles(["Manager"]):
        files.add_file(document, pdf_bytes(), "来文处理单.pdf", role=files.SLIP)
    set_state(document, "done")
    return document, item


def replace(item, user):
    """替换文件 on the document page, as ``user``."""
    alsoProvides(item.REQUEST, IGongwenLayer)
    shown = act(item, "gongwen-replace-file", {"file": file_upload(REPLACEMENT, FILENAME)}, user)
    assert shown[-1:] == ["已替换「维修台账」，原文件已保存为历史版本。"], shown


def assert_two_versions(item):
    """``file_versions``: the replacement (current), then the original, each its own bytes."""
    versions = file_versions(item)
    assert [v["current"] for v in versions] == [True, False]
    assert [v["file"].data for v in versions] == [REPLACEMENT, ORIGINAL]
    assert versions[1]["version_id"] == 0
    assert item.file.data == REPLACEMENT


def file_body(portal, unit, job_id, uid, path, version):
    status, body = call_endpoint(
        portal,
        "gongwen-archive-file",
        unit.UID(),
        job_id,
        {"doc": uid, "path": path, "version": "" if version is None else str(version)},
    )
    assert status == 200, (path, version, status)
    return bytes(body if isinstance(body, bytes) else b"".join(body))


def assert_archived_with_both_versions(portal, document, item):
    """归档 of ``document`` by a real job: the claim, the file endpoint and the manifest each
    hold the attachment's two versions as themselves."""
    unit = portal["changyuan"]
    job_id = pipeline.start_archive(unit, ARCHIVIST, uids=[document.UID()])
    status, body = call_endpoint(portal, "gongwen-archive-claim", unit.UID(), job_id)
    assert status == 200
    (claimed,) = json.loads(body)["items"]
    versions = [e["version"] for e in claimed["files"] if e["path"] == item.getId()]
    assert versions == [None, 0]
    served = {v: file_body(portal, unit, job_id, claimed["uid"], item.getId(), v) for v in versions}
    assert served == {None: REPLACEMENT, 0: ORIGINAL}

    assert run_archive_job(portal, unit, job_id) == "done"
    assert api.content.get_state(obj=document) == "archived"
    manifest = {
        entry["version"]: entry["sha256"]
        for entry in archive_info(document)["files"]
        if entry["path"] == item.getId()
    }
    assert manifest == {None: sha256(REPLACEMENT), 0: sha256(ORIGINAL)}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_r_a2_r_r1_first_version_of_an_outgoing_attachment_is_kept_and_archived(
    portal, clamd_socket, path
):
    document, item = outgoing_with(portal, PATHS[path])
    assert_two_versions(item)
    assert_archived_with_both_versions(portal, document, item)


def test_r_a2_r_r1_first_version_of_an_exchanged_attachment_is_kept_and_archived(
    portal, clamd_socket
):
    document, item = incoming_by_exchange(portal)
    assert_two_versions(item)
    assert_archived_with_both_versions(portal, document, item)


# --- the 「启用版本管理」 switch: a file is always versioned -----------------------------


def attachment_page(context, name, user=DRAFTER):
    """The HTML of form ``name`` on ``context`` as ``user`` (a GET)."""
    request = context.REQUEST
    alsoProvides(request, IGongwenLayer)
    request.form.clear()
    request.method = "GET"
    request["REQUEST_METHOD"] = "GET"
    request.response.setStatus(200)
    with api.env.adopt_user(username=user):
        return context.restrictedTraverse(name)()


def test_r_a2_the_file_forms_have_no_versioning_switch(portal):
    document = draft_outgoing(portal)
    add_form = attachment_page(document, "++add++gongwen_attachment")
    assert 'name="form.widgets.file"' in add_form
    by_code(document)
    edit_form = attachment_page(files.files_of(document)[0], "@@edit")
    assert 'name="form.widgets.file' in edit_form
    for html in (add_form, edit_form):
        assert "versioning_enabled" not in html
        assert 'name="form.widgets.IVersionable.changeNote"' in html  # 修改说明 stays


def test_r_a2_rest_cannot_switch_a_files_versioning_off(portal):
    document = draft_outgoing(portal)
    request = document.REQUEST
    by_rest(document)  # then the same with the switch off
    by_rest(document, title="物资清单", filename="物资清单.txt", versioning_enabled=False)
    (item,) = [i for i in files.files_of(document) if i.Title() == "物资清单"]
    assert api.portal.get_tool("portal_repository").isVersionable(item)
    assert [v["file"].data for v in file_versions(item)] == [ORIGINAL]
    alsoProvides(request, IGongwenLayer)
    form = {"file": file_upload(REPLACEMENT, "物资清单.txt")}
    shown = act(item, "gongwen-replace-file", form, user=DRAFTER)
    assert shown[-1:] == ["已替换「物资清单」，原文件已保存为历史版本。"]
    assert [v["file"].data for v in file_versions(item)] == [REPLACEMENT, ORIGINAL]


def test_r_a2_a_file_added_unversioned_before_keeps_its_first_bytes_when_replaced(portal):
    """A file a form left with the switch off (stored None, no version: sites before the
    fix) is versioned again when replaced, its file saved first as 「初始版本」."""
    from plone.dexterity.utils import createContentInContainer

    document = draft_outgoing(portal)
    with api.env.adopt_user(username=DRAFTER):
        item = createContentInContainer(
            document,
            "gongwen_attachment",
            id="tai-zhang",
            file=files.blob_file(ORIGINAL, FILENAME),
            versioning_enabled=None,
        )
    assert file_versions(item) == []  # as the old add form left it
    replace(item, DRAFTER)
    versions = file_versions(item)
    assert [v["file"].data for v in versions] == [REPLACEMENT, ORIGINAL]
    assert [v["comment"] for v in versions] == ["替换文件", "初始版本"]
    assert api.portal.get_tool("portal_repository").isVersionable(item)
