"""The document page's files (Plone layer): roles, the original file, add/replace/move.

R-D4 counts only files of role 附件. The 收文's original file becomes its
file 来文原件. The panel's actions are POSTs with a CSRF token, checked
permissions, the upload limit, the type by content (real files here,
``tests.support.disguised``) and R-D3, and a repeated request does no
harm. R-A2: replacing keeps the earlier file as a version.
Units and people are the demo organisation's (长垣河务局).
"""

import logging

import pytest
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.registry.interfaces import IRegistry
from zExceptions import Forbidden
from zExceptions import MethodNotAllowed
from zExceptions import Unauthorized
from zope.component import getUtility
from zope.event import notify
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.lifecycleevent import ObjectModifiedEvent

from collective.gongwen.content import files
from collective.gongwen.content.submission import submission_problems
from collective.gongwen.conversion import status
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.steps.roles import PARTICIPANT_ROLE
from collective.gongwen.steps.roles import grant
from tests.integration.test_documents import body
from tests.integration.test_documents import submit_add_form
from tests.support import disguised
from tests.support.incoming import register_incoming
from tests.support.uploads import file_upload
from tests.support.uploads import post

SECRETARY = "cy_secretary1"
LEADER = "cy_leader1"  # a reader of the document (participant), may not change it
OUTSIDER = "cy_eng_staff"  # sees nothing of the office's documents


def blob(data, filename):
    return NamedBlobFile(data, filename=filename)


@pytest.fixture
def request_(portal):
    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer)
    return request


@pytest.fixture
def incoming(portal, request_):
    """A 收文 registered by the secretary (who owns it) in 长垣河务局."""
    document = register_incoming(portal, SECRETARY, id="flood", title="关于转发防汛工作要求的通知")
    # as when the leader is among those who read it (R-I3)
    grant(document, LEADER, PARTICIPANT_ROLE)
    document.reindexObjectSecurity()
    return document


def messages(request):
    """The status messages shown after the action (and clears them)."""
    from Products.statusmessages.interfaces import IStatusMessage

    # After a redirect they are kept for the next page: this is the next page.
    request.response.setStatus(200)
    return [message.message for message in IStatusMessage(request).show()]


def act(context, name, form, user=SECRETARY, authenticator=True):
    """POST ``form`` to ``@@name`` on ``context`` as ``user``; return the status messages."""
    with api.env.adopt_user(username=user):
        request = post(context.REQUEST, form, authenticator=authenticator)
        view = context.restrictedTraverse(f"@@{name}")
        view()
    return messages(request)


def ids(document):
    return [item.getId() for item in files.files_of(document)]


def history_length(item):
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(["Manager"]):
        return repository.getHistoryMetadata(item).getLength(countPurged=False)


# --- file roles and R-D4 ------------------------------------------------------


def test_r_d4_file_role_is_a_choice_defaulting_to_attachment(incoming):
    from collective.gongwen.content.vocabularies import file_roles

    field = api.portal.get_tool("portal_types")["gongwen_attachment"].lookupSchema()["file_role"]
    assert field.vocabularyName == "collective.gongwen.FileRoles"
    with api.env.adopt_roles(["Manager"]):
        item = files.add_file(incoming, b"x", "值班表.pdf")
    assert item.file_role == "attachment"
    titles = [translate(term.title, target_language="zh_CN") for term in file_roles(incoming)]
    # 归档记录 is written by 归档 only (R-R1), the Word 正文 by its own panel (R-D6);
    # the files panel never offers them
    assert titles == ["附件", "来文原件", "正式文件", "处理单", "归档记录", "正文"]


def test_r_d4_only_files_of_role_attachment_count(portal):
    with api.env.adopt_roles(["Manager"]):
        document = api.content.create(
            container=portal.changyuan.outgoing,
            type="gongwen_outgoing",
            title="关于汛期值班的通知",
            doc_kind="notice",
            text=body("<p>请做好汛期值班。</p>"),
            attachment_note=["1. 值班表"],
        )
        files.add_file(document, b"x", "值班表.pdf")
        # The typeset official file is the body itself, named like the document:
        # as a 附件 it would be refused (第十一条); as 正式文件 it is not counted.
        files.add_file(document, b"y", "关于汛期值班的通知.pdf", role=files.TYPESET)
        files.add_file(document, b"z", "处理单.pdf", role=files.SLIP)
    assert submission_problems(document) == []
    with api.env.adopt_roles(["Manager"]):
        files.add_file(document, b"w", "物资清单.pdf")
    assert "已添加的附件未列入附件说明：物资清单。" in submission_problems(document)


# --- the 收文's original file -------------------------------------------------------


def test_r_a1_original_file_from_the_add_form_becomes_a_viewable_file(portal, request_):
    upload = file_upload(b"%PDF-1.4 original", "新河〔2026〕12号.pdf")
    with api.env.adopt_user(username=SECRETARY):
        form = submit_add_form(
            portal.changyuan.incoming,
            "gongwen_incoming",
            {
                "title": "关于转发防汛工作要求的通知",
                "source_organ": "新乡河务局",
                "source_number": "新河〔2026〕12号",
                "doc_kind": "notice",
                "copies": "1",
                "received_date": "2026-05-06",
                "original_file": upload,
            },
        )
    assert not form.widgets.errors
    document = portal.changyuan.incoming.objectValues()[-1]
    assert document.original_file is None
    original = document["original"]
    assert original.file_role == "original"
    assert original.file.filename == "新河〔2026〕12号.pdf"
    assert original.file.data == b"%PDF-1.4 original"
    assert files.default_file(document) == original


def test_r_a2_original_uploaded_again_replaces_it_and_keeps_the_old_version(incoming):
    with api.env.adopt_user(username=SECRETARY):
        incoming.original_file = blob(b"first scan", "来文.pdf")
        notify(ObjectModifiedEvent(incoming))
        incoming.original_file = blob(b"better scan", "来文（清晰版）.pdf")
        notify(ObjectModifiedEvent(incoming))
    assert ids(incoming) == ["original"]
    original = incoming["original"]
    assert original.file.data == b"better scan"
    assert incoming.original_file is None
    assert history_length(original) == 2
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(["Manager"]):
        first = repository.retrieve(original, 0).object
        comment = repository.getHistoryMetadata(original).retrieve(1)["metadata"]["sys_metadata"][
            "comment"
        ]
    assert first.file.data == b"first scan"
    assert comment == "替换来文原件"


def test_r_a2_original_file_field_says_uploading_replaces_and_keeps_the_old_version(portal):
    from collective.gongwen.content.incoming import IIncomingSchema

    description = IIncomingSchema["original_file"].description.default
    assert "替换" in description and "历史版本" in description


# --- adding files -----------------------------------------------------------------


def two_files():
    """An XLSX and a PDF, real files of their kinds (R-SEC5)."""
    return [
        file_upload(disguised.xlsx(), "值班表.xlsx"),
        file_upload(disguised.pdf(), "物资清单.pdf"),
    ]


def test_r_a2_add_files_adds_each_file_once(incoming):
    form = {
        "files": [
            file_upload(disguised.xlsx(), "值班表.xlsx"),
            file_upload(disguised.pdf(), "物资清单.pdf"),
        ],
        "file_role": "attachment",
        "form_token": "token-1",
    }
    shown = act(incoming, "gongwen-add-files", form)
    assert shown == ["已添加 2 个文件：值班表、物资清单。"]
    assert [item.file.filename for item in files.files_of(incoming)] == [
        "值班表.xlsx",
        "物资清单.pdf",
    ]
    assert incoming.REQUEST.response.getHeader("Location").startswith(incoming.absolute_url())
    # The same form sent again (double click, browser resend) adds nothing.
    form["files"] = [
        file_upload(disguised.xlsx(), "值班表.xlsx"),
        file_upload(disguised.pdf(), "物资清单.pdf"),
    ]
    shown = act(incoming, "gongwen-add-files", form)
    assert shown == ["此表单已提交过，文件未重复添加。如需再次上传，请刷新页面。"]
    assert len(files.files_of(incoming)) == 2


def test_spec8_add_files_with_a_role(incoming):
    form = {
        "files": [file_upload(disguised.pdf(), "处理单.pdf")],
        "file_role": "slip",
        "form_token": "t",
    }
    act(incoming, "gongwen-add-files", form)
    assert files.role_of(files.files_of(incoming)[0]) == "slip"


def test_spec8_add_files_needs_the_csrf_token_and_a_post(incoming):
    form = {"files": [file_upload(disguised.xlsx(), "值班表.xlsx")], "form_token": "t"}
    with pytest.raises(Forbidden):
        act(incoming, "gongwen-add-files", form, authenticator=False)
    with api.env.adopt_user(username=SECRETARY):
        request = incoming.REQUEST
        request.method = "GET"
        with pytest.raises(MethodNotAllowed):
            incoming.restrictedTraverse("@@gongwen-add-files")()
    assert files.files_of(incoming) == []


@pytest.mark.parametrize("user", [LEADER, OUTSIDER])
def test_spec8_add_files_needs_add_permission_on_the_document(portal, incoming, user):
    form = {"files": [file_upload(disguised.xlsx(), "值班表.xlsx")], "form_token": "t"}
    # A leader may see the document, not add to it; the outsider may not even see it.
    with pytest.raises(Unauthorized), api.env.adopt_user(username=user):
        post(portal.REQUEST, form)
        incoming.restrictedTraverse("@@gongwen-add-files")()
    assert files.files_of(incoming) == []


def test_spec8_add_files_over_the_upload_limit_is_refused(incoming):
    getUtility(IRegistry)["collective.gongwen.org.settings.IGongwenSettings.upload_max_mb"] = 1
    big = b"x" * (1024 * 1024 + 1)
    form = {"files": [file_upload(disguised.xlsx(), "值班表.xlsx"), file_upload(big, "扫描件.pdf")]}
    form["form_token"] = "t"
    shown = act(incoming, "gongwen-add-files", form)
    assert shown == [
        "扫描件.pdf：文件大小为 1.0 MB，超过上传上限 1 MB，未保存。请压缩或拆分后重新上传。"
    ]
    assert files.files_of(incoming) == []


def test_r_d3_add_files_to_a_classified_document_is_refused_and_logged(portal, caplog):
    with api.env.adopt_user(username=SECRETARY):
        register = api.content.create(
            container=portal.changyuan.incoming,
            type="gongwen_incoming",
            title="涉密来文登记",
            classification="secret",
            copy_number="000001",
            secrecy_period="10年",
        )
    form = {"files": [file_upload(disguised.pdf(), "密件.pdf")], "form_token": "t"}
    with caplog.at_level(logging.WARNING, logger="collective.gongwen.classified"):
        shown = act(register, "gongwen-add-files", form)
    assert shown == ["涉密公文不得在本系统存放正文、文件或附件（第二条），已拒绝并记录。"]
    assert "add files" in caplog.text
    assert register.objectIds() == []


# --- replacing a file -------------------------------------------------------------


@pytest.fixture
def roster(incoming):
    with api.env.adopt_user(username=SECRETARY):
        return files.add_file(incoming, "第一版值班表".encode(), "值班表.txt")


def test_r_a2_replace_keeps_the_earlier_version(incoming, roster):
    form = {"file": file_upload("第二版值班表".encode(), "值班表（修订）.txt")}
    shown = act(roster, "gongwen-replace-file", form)
    assert shown == ["已替换「值班表（修订）」，原文件已保存为历史版本。"]
    assert roster.file.data.decode() == "第二版值班表"
    assert history_length(roster) == 2
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(["Manager"]):
        history = repository.getHistoryMetadata(roster)
        assert history.retrieve(1)["metadata"]["sys_metadata"]["comment"] == "替换文件"
        assert repository.retrieve(roster, 0).object.file.data.decode() == "第一版值班表"
    location = incoming.REQUEST.response.getHeader("Location")
    assert location == f"{incoming.absolute_url()}?file={roster.getId()}#gongwen-files"


def test_r_a2_replace_with_the_same_file_twice_makes_one_version(roster):
    for _attempt in range(2):
        shown = act(roster, "gongwen-replace-file", {"file": file_upload(b"v2", "值班表.txt")})
    assert shown == ["上传的文件与当前文件相同，未生成新版本。"]
    assert history_length(roster) == 2


def test_r_a2_replace_needs_modify_permission_csrf_and_size_limit(portal, roster):
    with pytest.raises(Forbidden):
        act(
            roster,
            "gongwen-replace-file",
            {"file": file_upload(b"v2", "a.txt")},
            authenticator=False,
        )
    with pytest.raises(Unauthorized), api.env.adopt_user(username=LEADER):
        post(portal.REQUEST, {"file": file_upload(b"v2", "a.txt")})
        roster.restrictedTraverse("@@gongwen-replace-file")()
    getUtility(IRegistry)["collective.gongwen.org.settings.IGongwenSettings.upload_max_mb"] = 1
    shown = act(
        roster, "gongwen-replace-file", {"file": file_upload(b"x" * (2 * 1024 * 1024), "大.txt")}
    )
    assert shown == [
        "大.txt：文件大小为 2.0 MB，超过上传上限 1 MB，未保存。请压缩或拆分后重新上传。"
    ]
    assert roster.file.data.decode() == "第一版值班表"
    assert history_length(roster) == 1


# --- moving files -------------------------------------------------------------------


@pytest.fixture
def three(incoming):
    with api.env.adopt_user(username=SECRETARY):
        for id, name in (("a", "甲"), ("b", "乙"), ("c", "丙")):
            files.add_file(incoming, name.encode(), f"{name}.txt", id=id)
    return incoming


def test_spec8_move_file_up_and_down_and_twice_is_harmless(three):
    assert ids(three) == ["a", "b", "c"]
    shown = act(three, "gongwen-move-file", {"file": "c", "position": "1"})
    assert shown == ["已调整文件顺序。"]
    assert ids(three) == ["a", "c", "b"]
    shown = act(three, "gongwen-move-file", {"file": "c", "position": "1"})
    assert shown == ["文件顺序未变化。"]
    assert ids(three) == ["a", "c", "b"]
    act(three, "gongwen-move-file", {"file": "a", "position": "2"})
    assert ids(three) == ["c", "b", "a"]
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        path={"query": "/".join(three.getPhysicalPath()), "depth": 1},
        sort_on="getObjPositionInParent",
    )
    assert [brain.getId for brain in brains] == ["c", "b", "a"]


def test_spec8_move_unknown_file_says_so(three):
    shown = act(three, "gongwen-move-file", {"file": "d", "position": "0"})
    assert shown == ["未找到该文件，可能已被删除。"]


def test_spec8_move_needs_modify_permission(portal, three):
    with pytest.raises(Unauthorized), api.env.adopt_user(username=LEADER):
        post(portal.REQUEST, {"file": "c", "position": "0"})
        three.restrictedTraverse("@@gongwen-move-file")()
    assert ids(three) == ["a", "b", "c"]


# --- the document page ----------------------------------------------------------


def render(document, user=SECRETARY, **form):
    with api.env.adopt_user(username=user):
        request = document.REQUEST
        request.method = "GET"
        request.form.clear()
        request.form.update(form)
        return document.restrictedTraverse("@@view")()


def test_r_a1_document_page_shows_fields_files_and_their_status(three):
    first, second, third = files.files_of(three)
    status.mark_queued(first)
    status.mark_queued(second)
    status.mark_converting(second)
    status.mark_queued(third)
    status.mark_failed(third, "encrypted")
    html = render(three)
    assert "新乡河务局" in html  # a field
    assert 'id="gongwen-files"' in html
    assert "排队中" in html and "转换中" in html
    assert "失败：PDF 文件已加密，无法预览。请上传未加密的文件。" in html
    assert 'data-pending="1"' in html  # the panel's script polls
    assert "files-panel.js" in html
    assert 'name="form_token"' in html and 'name="_authenticator"' in html
    assert 'data-max-bytes="52428800"' in html
    for label in ("查看", "下载", "替换", "上移", "下移", "历史版本", "添加附件"):
        assert label in html
    assert "重新转换" not in html  # managers only


def test_r_a1_document_page_shows_done_with_pages_and_stops_polling(three):
    for item in files.files_of(three):
        status.mark_queued(item)
        status.mark_done(item, 3)
    html = render(three)
    assert "已完成（3 页）" in html
    assert "data-pending" not in html


def test_r_a1_document_page_viewer_shows_the_original_first(incoming):
    with api.env.adopt_user(username=SECRETARY):
        files.add_file(incoming, b"a", "附件一.pdf")
        incoming.original_file = blob(b"o", "来文.pdf")
        notify(ObjectModifiedEvent(incoming))
    status.mark_queued(incoming["original"])
    html = render(incoming)
    assert "查看：来文" in html
    assert 'class="alert alert-info gongwen-viewer-status">排队中<' in html
    html = render(incoming, file=files.files_of(incoming)[0].getId())
    assert "查看：附件一" in html


def test_spec8_document_page_for_a_leader_has_no_actions(three):
    html = render(three, user=LEADER)
    assert 'id="gongwen-files"' in html
    assert "gongwen-add-files" not in html
    assert "gongwen-move-file" not in html
    assert "gongwen-replace-file" not in html


def test_r_a1_document_page_loads_the_viewer_scripts(three, request_):
    from collective.gongwen.viewer.assets import is_viewer_page

    with api.env.adopt_user(username=SECRETARY):
        request_["PUBLISHED"] = three.restrictedTraverse("@@view")
        assert is_viewer_page(request_)


def test_spec8_document_page_rendering_writes_nothing(three):
    # A GET that wrote would make plone.protect ask the person to confirm.
    render(three)  # Plone sets up the site's portlets on the first page shown
    already = {id(obj) for obj in three._p_jar._registered_objects}
    render(three)
    written = [obj for obj in three._p_jar._registered_objects if id(obj) not in already]
    assert written == []
