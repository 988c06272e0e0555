"""Document types on the Plone layer: types, forms, rules through the forms, catalog, R-D4/R-D5.

The helpers here (``folder``, ``submit_add_form``) are used by the other
``test_documents_*`` modules too. Units and departments are the demo
organisation's (the layer applies it): 新乡河务局 over 长垣河务局.
"""

import datetime

import pytest
from DateTime import DateTime
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from plone.app.textfield.value import RichTextValue
from plone.namedfile.file import NamedBlobFile
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import alsoProvides

from collective.gongwen.content import indexers
from collective.gongwen.content.submission import submission_problems
from collective.gongwen.interfaces import IGongwenLayer

TYPES = {
    "gongwen_outgoing": "发文",
    "gongwen_incoming": "收文",
    "gongwen_attachment": "附件",
    "gongwen_notice": "通知公告",
    "gongwen_news": "工作动态",
}


def body(html):
    return RichTextValue(html, "text/html", "text/x-html-safe")


def blob(data, filename, content_type="application/pdf"):
    return NamedBlobFile(data, filename=filename, contentType=content_type)


def form_values(values):
    """Browser-like request values for the add form's widgets."""
    request_form = {}
    for name, value in values.items():
        key = f"form.widgets.{name}"
        if name == "text":
            request_form[key] = value
            request_form[f"{key}.mimeType"] = "text/html"
        elif isinstance(value, list):
            request_form[key] = "\n".join(value)
        elif name in ("doc_kind", "direction", "urgency", "classification", "disclosure"):
            request_form[key] = [value]
            request_form[f"{key}-empty-marker"] = "1"
        else:
            request_form[key] = value
    return request_form


def submit_add_form(container, portal_type, values):
    """Fill and save ``++add++portal_type`` on ``container``; return the form."""
    request = container.REQUEST
    alsoProvides(request, IGongwenLayer)
    # What the browser submits for the preselected defaults.
    preset = {"classification": "none", "urgency": "normal"}
    if portal_type == "gongwen_outgoing":
        preset.update(direction="downward", disclosure="not_public")
    request.form.update(form_values({**preset, **values}))
    request.form["form.buttons.save"] = "保存"
    request["REQUEST_METHOD"] = "POST"
    fti = api.portal.get_tool("portal_types")[portal_type]
    view = getMultiAdapter((container, request, fti), name=portal_type)
    view.update()
    return view.form_instance


def form_error_texts(form):
    """The messages of the errors not bound to a widget (the rules')."""
    return [error.message for error in form.widgets.errors if error.widget is None]


@pytest.fixture
def folder(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return api.content.create(container=portal, type="Folder", id="docs", title="公文")


def new_outgoing(container, **values):
    values.setdefault("title", "关于做好防汛工作的通知")
    values.setdefault("doc_kind", "notice")
    return api.content.create(container=container, type="gongwen_outgoing", **values)


# --- types -------------------------------------------------------------------


def test_types_installed_with_chinese_titles(portal):
    types = api.portal.get_tool("portal_types")
    for type_id, title in TYPES.items():
        assert types[type_id].title == title


def test_documents_hold_only_attachments(portal):
    types = api.portal.get_tool("portal_types")
    for type_id in ("gongwen_outgoing", "gongwen_incoming"):
        assert types[type_id].allowed_content_types == ("gongwen_attachment",)
        assert types[type_id].filter_content_types
    assert not types["gongwen_attachment"].global_allow


def test_attachment_is_versioned(portal):
    types = api.portal.get_tool("portal_types")
    assert "plone.versioning" in types["gongwen_attachment"].behaviors
    repository = api.portal.get_tool("portal_repository")
    assert "gongwen_attachment" in repository.getVersionableContentTypes()


def test_workflow_bindings(portal):
    workflow = api.portal.get_tool("portal_workflow")
    assert workflow.getChainForPortalType("gongwen_outgoing") == ("gongwen_outgoing_workflow",)
    assert workflow.getChainForPortalType("gongwen_incoming") == ("gongwen_incoming_workflow",)
    assert workflow.getChainForPortalType("gongwen_attachment") == ()
    # R-P2: authors submit, the unit's 编辑 publish
    assert workflow.getChainForPortalType("gongwen_notice") == ("gongwen_publication_workflow",)
    assert workflow.getChainForPortalType("gongwen_news") == ("gongwen_publication_workflow",)


def test_add_permissions_mapped_to_drafting_roles(portal):
    def roles(permission):
        return {r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]}

    assert "GongwenStaff" in roles("collective.gongwen: Add Outgoing")
    assert "GongwenStaff" not in roles("collective.gongwen: Add Incoming")
    assert "GongwenSecretary" in roles("collective.gongwen: Add Incoming")
    assert "GongwenStaff" in roles("collective.gongwen: Add News")


def test_attachments_are_ordered_inside_the_document(folder):
    document = new_outgoing(folder)
    for name in ("乙表", "甲表"):
        api.content.create(
            container=document, type="gongwen_attachment", title=name, file=blob(b"x", "a.pdf")
        )
    document.moveObjectsToTop(["甲表"] if "甲表" in document else [document.objectIds()[1]])
    assert [item.Title() for item in document.objectValues()] == ["甲表", "乙表"]


# --- forms -------------------------------------------------------------------


def test_outgoing_add_form_grouped_like_the_document(folder):
    form = submit_add_form(folder, "gongwen_outgoing", {})
    labels = [translate(group.label, target_language="zh_CN") for group in form.groups]
    assert labels == ["版头", "主体", "版记", "拟稿"]
    fields = {name for group in form.groups for name in group.widgets}
    assert {"doc_kind", "urgency", "classification", "main_recipients", "text"} <= fields
    # 发文字号, 签发人, 成文日期, 印发日期 are the system's, not the drafter's
    assert not fields & {"issue_number", "signer", "written_date", "printed_date"}


def test_incoming_add_form_grouped(folder):
    form = submit_add_form(folder, "gongwen_incoming", {})
    labels = [translate(group.label, target_language="zh_CN") for group in form.groups]
    assert labels == ["来文信息", "办理"]
    fields = {name for group in form.groups for name in group.widgets}
    assert {"source_organ", "source_number", "original_file", "reading_leaders"} <= fields
    assert not fields & {"receipt_number", "proposal"}


def test_system_fields_not_editable_but_shown(folder):
    document = new_outgoing(folder)
    document.issue_number = "新河〔2026〕3号"
    request = document.REQUEST
    alsoProvides(request, IGongwenLayer)
    form = getMultiAdapter((document, request), name="edit")
    form.update()
    fields = {name for group in form.groups for name in group.widgets}
    assert "doc_kind" in fields
    assert not fields & {"issue_number", "signer", "written_date", "printed_date"}
    assert "新河〔2026〕3号" in document.restrictedTraverse("@@view")()


def test_document_page_shows_dates_in_full(folder):
    # GB/T 9704 7.3.5.4: 成文日期 written in full, not the locale's short 26-12-5
    document = new_outgoing(folder)
    document.written_date = datetime.date(2026, 12, 5)
    alsoProvides(document.REQUEST, IGongwenLayer)
    html = document.restrictedTraverse("@@view")()
    assert "2026年12月5日" in html
    assert "26-12-5" not in html


def test_r_d1_add_form_refuses_request_with_two_recipients(folder):
    form = submit_add_form(
        folder,
        "gongwen_outgoing",
        {
            "title": "关于拨付防汛经费的请示",
            "doc_kind": "request",
            "direction": "upward",
            "main_recipients": ["黄河河务局", "河南河务局"],
        },
    )
    assert "请示只能主送一个机关（现有 2 个）。" in form_error_texts(form)
    assert "关于拨付防汛经费的请示" not in [o.Title() for o in folder.objectValues()]


def test_r_d2_add_form_refuses_urgent_without_deadline(folder):
    form = submit_add_form(
        folder,
        "gongwen_outgoing",
        {"title": "关于紧急调拨物资的通知", "doc_kind": "notice", "urgency": "very_urgent"},
    )
    assert "加急、特急公文必须填写办理时限。" in form_error_texts(form)


def test_add_form_saves_a_correct_request(folder):
    form = submit_add_form(
        folder,
        "gongwen_outgoing",
        {
            "title": "关于拨付防汛经费的请示",
            "doc_kind": "request",
            "direction": "upward",
            "main_recipients": ["黄河河务局"],
            "urgency": "urgent",
            "deadline": "2026-12-01",
            "text": "<p>请批准。</p>",
        },
    )
    assert form_error_texts(form) == []
    [document] = folder.objectValues()
    assert document.main_recipients == ["黄河河务局"]
    assert document.deadline == datetime.date(2026, 12, 1)


def test_drafter_defaults_to_current_user(folder):
    from collective.gongwen.content.defaults import current_user_name

    assert current_user_name(folder) == api.user.get_current().getUserName()


def test_r_d1_upward_cc_to_subordinate_refused(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    form = submit_add_form(
        portal.xinxiang["outgoing"],
        "gongwen_outgoing",
        {
            "title": "关于防汛工作的报告",
            "doc_kind": "report",
            "direction": "upward",
            "main_recipients": ["黄河河务局"],
            "cc_recipients": ["长垣河务局"],
        },
    )
    assert "上行文不得抄送下级机关：长垣河务局。" in form_error_texts(form)


# --- catalog -----------------------------------------------------------------


def test_catalog_indexes_and_metadata(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    superior = portal.xinxiang
    department = superior.office
    document = new_outgoing(
        superior["outgoing"],
        urgency="urgent",
        deadline=datetime.date(2026, 12, 1),
        drafting_department=department.UID(),
    )
    document.issue_number = "新河〔2026〕3号"
    document.reindexObject()
    catalog = api.portal.get_tool("portal_catalog")
    [brain] = catalog(issue_number="新河〔2026〕3号")
    assert brain.getObject() == document
    assert brain.doc_kind == "notice"
    assert brain.urgency == "urgent"
    assert brain.gongwen_unit == superior.UID()
    assert len(catalog(doc_kind="notice", urgency="urgent")) == 1
    assert len(catalog(gongwen_unit=superior.UID(), portal_type="gongwen_outgoing")) == 1
    assert len(catalog(gongwen_departments=department.UID())) == 1
    window = [DateTime("2026-11-30"), DateTime("2026-12-02")]
    assert len(catalog(deadline={"query": window, "range": "min:max"})) == 1
    assert len(catalog(deadline={"query": DateTime("2026-12-02"), "range": "min"})) == 0


def test_catalog_unit_is_none_outside_units_and_assignees_indexed(folder):
    document = new_outgoing(folder)
    catalog = api.portal.get_tool("portal_catalog")
    [brain] = catalog(UID=document.UID())
    assert brain.gongwen_unit is None
    # routing (SPEC §4) assigns a draft to its drafter
    assert indexers.assignees(document)() == (TEST_USER_ID,)
    assert len(catalog(assignees="zhangsan")) == 0
    document.assignees = ("zhangsan",)
    document.reindexObject()
    assert len(catalog(assignees="zhangsan")) == 1


def test_incoming_indexed_by_receipt_number_and_departments(folder):
    incoming = api.content.create(
        container=folder,
        type="gongwen_incoming",
        title="关于防汛的通知",
        source_organ="黄河河务局",
        source_number="黄河〔2026〕1号",
    )
    incoming.receipt_number = "收〔2026〕15号"
    incoming.handling_departments = ["dept-uid-1"]
    incoming.reindexObject()
    catalog = api.portal.get_tool("portal_catalog")
    assert len(catalog(receipt_number="收〔2026〕15号")) == 1
    assert len(catalog(gongwen_departments="dept-uid-1")) == 1


# --- R-D4 / R-D5 at submission --------------------------------------------------


def test_r_d5_no_submission_without_body(folder):
    document = new_outgoing(folder)
    assert "尚未录入电子正文，不能提交（第九条）。" in submission_problems(document)
    document.text = body("<p>请各单位做好防汛工作。</p>")
    assert submission_problems(document) == []


def test_r_d4_attachments_must_match_the_note(folder):
    document = new_outgoing(
        folder, text=body("<p>正文</p>"), attachment_note=["1. 防汛物资清单", "2. 值班表"]
    )
    api.content.create(
        container=document, type="gongwen_attachment", id="a1", file=blob(b"x", "防汛物资清单.pdf")
    )
    problems = submission_problems(document)
    assert "附件说明中的附件未添加：值班表。" in problems
    api.content.create(
        container=document, type="gongwen_attachment", id="a2", file=blob(b"y", "值班表.pdf")
    )
    assert submission_problems(document) == []


def test_r_d4_body_added_as_attachment_is_named(folder):
    # Refused when added (test_documents_refusals.py); a body later made equal to an
    # attachment's text is still named before submission.
    document = new_outgoing(folder, text=body("<p>请各单位做好防汛工作。</p>"))
    api.content.create(
        container=document,
        type="gongwen_attachment",
        id="a1",
        file=blob("请各单位做好汛前检查。".encode(), "材料.txt", "text/plain"),
    )
    document.text = body("<p>请各单位做好汛前检查。</p>")
    problems = submission_problems(document)
    assert "不可将正文作为附件添加（第十一条）：材料。" in problems


def test_r_d4_r_d5_box_on_the_document_view(folder):
    document = new_outgoing(folder, attachment_note=["1. 值班表"])
    request = document.REQUEST
    alsoProvides(request, IGongwenLayer)
    html = document.restrictedTraverse("@@view")()
    assert "提交前需处理" in html
    assert "尚未录入电子正文" in html
    assert "附件说明中的附件未添加：值班表。" in html
    document.text = body("<p>正文</p>")
    document.attachment_note = []
    assert "提交前需处理" not in document.restrictedTraverse("@@view")()


def test_uninstall_removes_document_types_indexes_and_workflows(portal, installer):
    installer.uninstall_product("collective.gongwen")
    types = api.portal.get_tool("portal_types")
    assert not set(TYPES) & set(types.objectIds())
    catalog = api.portal.get_tool("portal_catalog")
    assert not {"issue_number", "receipt_number", "doc_kind", "assignees"} & set(catalog.indexes())
    assert "issue_number" not in catalog.schema()
    workflow = api.portal.get_tool("portal_workflow")
    assert "gongwen_classified_workflow" not in workflow.objectIds()


@pytest.mark.parametrize("portal_type", ["gongwen_outgoing", "gongwen_incoming", "gongwen_notice"])
def test_add_forms_render_in_chinese(folder, portal_type):
    request = folder.REQUEST
    alsoProvides(request, IGongwenLayer)
    html = folder.restrictedTraverse(f"++add++{portal_type}")()
    assert f"添加 {TYPES[portal_type]}" in html or TYPES[portal_type] in html
    assert "标题" in html


def test_news_add_form_offers_departments(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    department = portal.xinxiang.water
    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer)
    news_folder = api.content.create(container=portal, type="Folder", id="news", title="工作动态")
    html = news_folder.restrictedTraverse("++add++gongwen_news")()
    assert "所属部门" in html
    assert department.UID() in html


def test_drafter_default_is_kept_at_creation_not_recomputed_for_each_reader(portal):
    unit = portal["changyuan"]
    with api.env.adopt_user(username="cy_eng_staff"):
        document = api.content.create(
            container=unit["outgoing"], type="gongwen_outgoing", title="关于堤防巡查的通知"
        )
        drafter = api.user.get_current().getProperty("fullname")
    with api.env.adopt_roles(["Manager"]):
        assert document.drafter == drafter
        assert "drafter" in document.__dict__
