"""R-D6 on the Plone layer: the Word 正文's file (id ``zhengwen``, role 正文) changes only
through ``wordbody.actions`` and the 清稿 result (``content.body.put_body``); every other path
— code, the generic add and edit forms, ``@@fileUpload``, folder_contents' delete and
rename, cut/copy and paste, REST POST/PATCH/DELETE — is refused with the Chinese reason
(``content.bodyguard``), a 400 and nothing kept, never a 500.
"""

import json

import pytest
import transaction
from AccessControl import Unauthorized
from plone import api
from plone.protect.authenticator import createToken
from zExceptions import BadRequest
from zope.event import notify
from zope.interface import alsoProvides
from zope.lifecycleevent import ObjectModifiedEvent

from collective.gongwen.content import body
from collective.gongwen.content import bodyguard
from collective.gongwen.content import files
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.wordbody import actions
from tests.support.outgoing import draft_outgoing
from tests.support.rest import delete
from tests.support.rest import demo
from tests.support.rest import patch
from tests.support.rest import post
from tests.support.rest import url_of
from tests.support.uploads import file_upload
from tests.support.views import post_as
from tests.support.views import render_as
from tests.support.wordfiles import simple_docx

FIRST = simple_docx("各单位：", "请认真做好汛前检查工作。")
SECOND = simple_docx("各单位：", "请认真做好汛前检查和隐患整改工作。")
NAME = "关于做好汛前检查的通知.docx"
REASON = "Word 正文只能在处理笺的「正文」处"
ATTACHMENT = "fu-jian-1.pdf"  # the id of 附件1.pdf


@pytest.fixture
def layer_request(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    return portal.REQUEST


def drafted_with_body(portal):
    """A 通知 drafted by cy_eng_staff, its Word 正文 uploaded, plus an ordinary 附件."""
    document = draft_outgoing(portal, text=None, main_recipients=["局属各科室"])
    with api.env.adopt_user(username="cy_eng_staff"):
        actions.upload_body(document, FIRST, NAME, "cy_eng_staff")
        files.add_file(document, b"%PDF-1.4\n%%EOF\n", "附件1.pdf")
    return document


@pytest.fixture
def document(portal, layer_request):
    return drafted_with_body(portal)


def add_form_posted(document, form):
    """``++add++gongwen_attachment`` POSTed as the drafter with ``form`` and a CSRF token."""
    request = document.REQUEST
    request.form.clear()
    request.form.update(form)
    request.method = request["REQUEST_METHOD"] = "POST"
    try:
        with api.env.adopt_user(username="cy_eng_staff"):
            request.form["_authenticator"] = createToken()
            return document.restrictedTraverse("++add++gongwen_attachment")()
    finally:
        request.form.clear()
        request.method = request["REQUEST_METHOD"] = "GET"


def refused(call, *args, **kwargs):
    """``call`` refused with the reason (as the drafter, who may change the draft's files)."""
    with pytest.raises(BadRequest) as caught, api.env.adopt_user(username="cy_eng_staff"):
        call(*args, **kwargs)
    assert REASON in str(caught.value)


def test_r_d6_the_guard_reads_the_stores_id():
    assert body.BODY_ID == "zhengwen"


def test_r_d6_the_actions_still_write_the_body(document):
    """上传 and 签入 go through (``put_body`` writes inside ``bodyguard.writing``)."""
    with api.env.adopt_user(username="cy_eng_staff"):
        actions.check_out(document, "cy_eng_staff")
        record = actions.check_in(document, SECOND, NAME, "cy_eng_staff")
    assert record["number"] == 2
    assert body.body_item(document).file.data == SECOND
    assert not bodyguard.is_writing(document)  # the marker is gone after the store


def test_r_d6_code_cannot_add_a_body_beside_put_body(portal, layer_request):
    document = draft_outgoing(portal, text=None, main_recipients=["局属各科室"])
    refused(files.add_file, document, FIRST, NAME, role=files.BODY)
    refused(files.add_file, document, b"%PDF-1.4\n%%EOF\n", "x.pdf", id=body.BODY_ID)
    # nothing is kept: the store still adds the real one afterwards
    assert body.BODY_ID not in document.objectIds()
    with api.env.adopt_user(username="cy_eng_staff"):
        actions.upload_body(document, FIRST, NAME, "cy_eng_staff")
    assert body.has_word_body(document)


def test_r_d6_code_cannot_change_the_body_item(document):
    item = body.body_item(document)
    refused(files.replace_file, item, SECOND, NAME)
    refused(notify, ObjectModifiedEvent(item))
    # an 附件 turned into a 正文
    attachment = document[ATTACHMENT]
    attachment.file_role = files.BODY
    refused(notify, ObjectModifiedEvent(attachment))
    attachment.file_role = files.ATTACHMENT  # back
    # an ordinary 附件 still changes
    with api.env.adopt_user(username="cy_eng_staff"):
        assert files.replace_file(attachment, b"%PDF-1.5\n%%EOF\n", "附件1.pdf")


def test_r_d6_nobody_reverts_the_body_to_an_older_version(document):
    """CMFEditions' revert sends no event: the permission is nobody's on the 正文 item."""
    with api.env.adopt_user(username="cy_eng_staff"):
        actions.check_out(document, "cy_eng_staff")
        actions.check_in(document, SECOND, NAME, "cy_eng_staff")
    item = body.body_item(document)
    repository = api.portal.get_tool("portal_repository")
    for user in ("cy_eng_staff", "admin"):
        with api.env.adopt_user(username=user), pytest.raises(Unauthorized):
            repository.revert(item, 0)
    assert not api.user.has_permission(bodyguard.REVERT_PERMISSION, username="admin", obj=item)
    assert body.body_item(document).file.data == SECOND
    # an 附件 keeps it (the drafter may revert his own files at 拟稿)
    assert api.user.has_permission(
        bodyguard.REVERT_PERMISSION, username="cy_eng_staff", obj=document[ATTACHMENT]
    )


def test_r_d6_the_body_is_not_removed_moved_or_renamed_by_itself(portal, document):
    refused(document.manage_delObjects, [body.BODY_ID])
    refused(document.manage_renameObject, body.BODY_ID, "renamed.docx")
    with api.env.adopt_roles(["Manager"]):
        other = draft_outgoing(portal, text=None, main_recipients=["局属各科室"])
        # a file of a 发文 without Word 正文 renamed to the 正文's id
        with api.env.adopt_user(username="cy_eng_staff"):
            files.add_file(other, b"%PDF-1.4\n%%EOF\n", "附件1.pdf")
        refused(other.manage_renameObject, ATTACHMENT, body.BODY_ID)
        # cut and paste into another 发文
        cut = document.manage_cutObjects([body.BODY_ID])
        refused(other.manage_pasteObjects, cut)
        # copy and paste into another 发文
        copied = document.manage_copyObjects([body.BODY_ID])
        refused(other.manage_pasteObjects, copied)
    assert body.BODY_ID not in other.objectIds()


def folder_contents(document, name, **form):
    """``document/@@name`` (folder_contents' actions) POSTed as the drafter with a token."""
    request = document.REQUEST
    request.form.clear()
    request.method = request["REQUEST_METHOD"] = "POST"
    try:
        with api.env.adopt_user(username="cy_eng_staff"):
            request.form.update(form, _authenticator=createToken())
            return json.loads(document.restrictedTraverse(f"@@{name}")())
    finally:
        request.form.clear()
        request.method = request["REQUEST_METHOD"] = "GET"


def test_r_d6_folder_contents_neither_deletes_nor_renames_the_body(document):
    uid = body.body_item(document).UID()
    with pytest.raises(BadRequest) as caught:  # a 400 with the reason, the request aborted
        folder_contents(document, "fc-delete", selection=json.dumps([uid]))
    assert REASON in str(caught.value)
    answer = folder_contents(
        document, "fc-rename", UID_0=uid, newid_0="renamed.docx", newtitle_0="改个名"
    )
    assert answer["status"] == "warning"  # rolled back by folder_contents itself
    item = body.body_item(document)
    assert item is not None and item.Title() != "改个名"


def test_r_d6_the_document_as_a_whole_takes_its_body_along(portal, document):
    folder = document.aq_parent
    with api.env.adopt_roles(["Manager"]):
        copied = api.content.copy(source=document, target=folder, safe_id=True)
        assert body.has_word_body(copied)
        api.content.rename(obj=copied, new_id="renamed-outgoing")
        folder._delObject("renamed-outgoing")  # code: the workflow's permissions aside
    assert "renamed-outgoing" not in folder.objectIds()
    assert body.has_word_body(document)


def test_r_d6_the_add_form_refuses_the_body_role(document, layer_request):
    form = {
        "form.widgets.title": "冒充正文",
        "form.widgets.file": file_upload(FIRST, NAME),
        "form.widgets.file_role": [files.BODY],
        "form.widgets.file_role-empty-marker": "1",
        "form.buttons.save": "保存",
    }
    output = add_form_posted(document, form)
    assert REASON in output
    assert [item.getId() for item in files.files_of(document)] == [body.BODY_ID, ATTACHMENT]


def test_r_d6_the_edit_form_of_the_body_sends_back_to_the_panel(document, layer_request):
    item = body.body_item(document)
    _view, output = render_as(item, "edit", "cy_eng_staff")
    response = layer_request.response
    assert response.getStatus() == 302
    assert response.getHeader("location").endswith(f"{document.getId()}#gongwen-body")
    assert output == ""


def test_r_d6_the_edit_form_turns_no_file_into_a_body(document, layer_request):
    form = {
        "form.widgets.title": "附件一",
        "form.widgets.file.action": "nochange",
        "form.widgets.file_role": [files.BODY],
        "form.widgets.file_role-empty-marker": "1",
        "form.buttons.save": "保存",
    }
    _view, output = post_as(document[ATTACHMENT], "edit", "cy_eng_staff", **form)
    assert REASON in output
    assert files.role_of(document[ATTACHMENT]) == files.ATTACHMENT


def test_r_d6_file_upload_named_like_the_body_is_refused(portal, layer_request):
    document = draft_outgoing(portal, text=None, main_recipients=["局属各科室"])
    upload = file_upload(b"%PDF-1.4\n%%EOF\n", body.BODY_ID)
    _view, output = post_as(document, "fileUpload", "cy_eng_staff", file=upload)
    assert layer_request.response.getStatus() in (400, 415)
    assert body.BODY_ID not in document.objectIds()
    assert "error" in output


@pytest.mark.slow
def test_r_d6_rest_refuses_the_body_with_400_in_chinese(functional_portal, portal_url):
    document = drafted_with_body(functional_portal)
    transaction.commit()
    document_url = url_of(portal_url, document)
    item_url = f"{document_url}/{body.BODY_ID}"
    owner = demo("cy_eng_staff")

    answer = patch(item_url, {"title": "改个名"}, owner)
    assert answer.status_code == 400 and REASON in answer.json()["message"]

    answer = patch(f"{item_url}/@history", {"version": 0}, owner)  # CMFEditions' revert
    assert answer.status_code in (401, 403)

    answer = delete(item_url, owner)
    assert answer.status_code == 400 and REASON in answer.json()["message"]

    answer = patch(f"{document_url}/{ATTACHMENT}", {"file_role": files.BODY}, owner)
    assert answer.status_code == 400 and REASON in answer.json()["message"]

    upload = {
        "@type": "gongwen_attachment",
        "title": "冒充正文",
        "file_role": files.BODY,
        "file": {
            "data": "JVBERi0xLjQKJSVFT0YK",
            "encoding": "base64",
            "filename": "冒充.pdf",
            "content-type": "application/pdf",
        },
    }
    answer = post(document_url, upload, owner)
    assert answer.status_code == 400 and REASON in answer.json()["message"]

    transaction.begin()
    ids = [item.getId() for item in files.files_of(document)]
    assert ids == [body.BODY_ID, ATTACHMENT]
    assert body.body_item(document).Title() != "改个名"
    assert files.role_of(document[ATTACHMENT]) == files.ATTACHMENT
