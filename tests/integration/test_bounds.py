"""R-SEC5 bounds on the Plone layer: every field of our types and of 公文设置 is bounded,
the add/edit forms and the 办理 panel's functions refuse a value over its bound with the
Chinese message naming the limit, and the limits bureaus differ on follow 公文设置.
"""

import datetime
import importlib

import pytest
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.schema import getFields

from collective.gongwen.content import bounds
from collective.gongwen.content.bounding import BoundConstraint
from collective.gongwen.content.bounding import BoundExceeded
from collective.gongwen.content.bounding import bound_of
from collective.gongwen.content.bounding import configured_limits
from collective.gongwen.incoming import rules as incoming_rules
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.org.settings import IGongwenSettings
from collective.gongwen.routing import rules
from collective.gongwen.steps.opinions import opinions
from tests.integration.test_documents import submit_add_form
from tests.support.incoming import do_incoming
from tests.support.incoming import register_incoming
from tests.support.outgoing import draft_outgoing
from tests.support.uploads import widget_error

# (module, schema): imported in the tests — a supermodel schema module imported before
# the layer's ZCML is loaded cannot find its field types
SCHEMAS = [
    ("outgoing", "IOutgoingSchema"),
    ("incoming", "IIncomingSchema"),
    ("attachment", "IAttachmentSchema"),
    ("notice", "INoticeSchema"),
    ("news", "INewsSchema"),
    ("unit", "IGongwenUnit"),
    ("department", "IGongwenDepartment"),
]


def zh(message):
    """``message`` as a Chinese user reads it (zope.i18n falls back to English without one)."""
    return translate(message, target_language="zh_CN")


def schema(name):
    """Our schema ``name`` (e.g. ``"IOutgoingSchema"``)."""
    module = {n: m for m, n in SCHEMAS}[name]
    return getattr(importlib.import_module(f"collective.gongwen.content.{module}"), name)


def set_setting(name, value):
    api.portal.set_registry_record(name, value, interface=IGongwenSettings)


def state(document):
    return api.content.get_state(obj=document)


# --- every field is bounded --------------------------------------------------------


@pytest.mark.parametrize("name", [n for _m, n in SCHEMAS] + ["IGongwenSettings"])
def test_r_sec5_every_typed_field_of_our_schemas_is_bounded(portal, name):
    fields = getFields(IGongwenSettings if name == "IGongwenSettings" else schema(name))
    unbounded = []
    for name, field in fields.items():
        kind = type(field).__name__
        if kind in ("Choice", "Bool", "NamedBlobFile", "NamedBlobImage"):
            continue
        if not isinstance(field.__dict__.get("constraint"), BoundConstraint):
            unbounded.append(f"{name} ({kind})")
        assert bound_of(field) is not None, name
    assert unbounded == []


def test_r_sec5_field_constraint_message_is_chinese_and_names_the_limit(portal):
    field = schema("IOutgoingSchema")["title"]
    field.validate("题" * 200)
    with pytest.raises(BoundExceeded) as refused:
        field.validate("题" * 1_000_000)
    assert refused.value.doc() == "标题不能超过 200 字（现为 1,000,000 字）。"
    with pytest.raises(BoundExceeded) as refused:
        schema("IIncomingSchema")["copies"].validate(10**30)
    assert refused.value.doc() == "份数应在 1 至 9,999 之间（现为 约 10^30）。"
    with pytest.raises(BoundExceeded) as refused:
        schema("IIncomingSchema")["received_date"].validate(datetime.date(9999, 1, 1))
    assert refused.value.doc() == "收文日期的年份应在 1949 至 2100 之间（现为 9999 年）。"
    with pytest.raises(BoundExceeded) as refused:
        schema("IOutgoingSchema")["main_recipients"].validate(["各县（区）河务局"] * 101)
    assert refused.value.doc() == "主送机关不能超过 100 项（现为 101 项）。"


def test_r_sec5_configured_limits_follow_the_settings(portal):
    assert configured_limits() == bounds.Limits()  # the defaults, from the registry
    set_setting("title_max_chars", 50)
    set_setting("opinion_max_chars", 500)
    set_setting("body_max_pages", 2)
    assert configured_limits() == bounds.Limits(50, 500, 2)
    schema("IOutgoingSchema")["title"].validate("题" * 50)
    with pytest.raises(BoundExceeded) as refused:
        schema("IOutgoingSchema")["title"].validate("题" * 51)
    assert refused.value.doc() == "标题不能超过 50 字（现为 51 字）。"
    from tests.support.outgoing import body

    with pytest.raises(BoundExceeded) as refused:
        schema("IOutgoingSchema")["text"].validate(body("<p>" + "字" * 1233 + "</p>"))
    assert refused.value.doc() == "正文不能超过 1,232 字（约 2 页）（现为 1,233 字）。"


def test_r_sec5_settings_fields_refuse_hostile_values(portal):
    with pytest.raises(BoundExceeded) as refused:
        IGongwenSettings["upload_max_mb"].validate(10**30)
    assert "上传文件大小上限（MB）应在 1 至 2,048 之间" in refused.value.doc()
    with pytest.raises(BoundExceeded):
        IGongwenSettings["email_reminder_hour"].validate(-1)
    with pytest.raises(BoundExceeded):
        IGongwenSettings["font_body"].validate("字" * 101)


# --- forms -----------------------------------------------------------------------


@pytest.fixture
def folder(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    return api.content.create(container=portal, type="Folder", id="docs", title="公文")


def test_r_sec5_add_form_refuses_long_title_and_keeps_other_input(portal, folder):
    form = submit_add_form(
        folder,
        "gongwen_outgoing",
        {"title": "题" * 201, "doc_kind": "notice", "remarks": "此件公开发布。"},
    )
    assert widget_error(form, "title") == "标题不能超过 200 字（现为 201 字）。"
    assert folder.objectIds() == []
    widgets = {name: w for g in form.groups for name, w in g.widgets.items()}
    assert widgets["remarks"].value == "此件公开发布。"


def test_r_sec5_add_form_refuses_long_lists_items_and_numbers(portal, folder):
    form = submit_add_form(
        folder,
        "gongwen_outgoing",
        {
            "title": "关于做好防汛工作的通知",
            "doc_kind": "notice",
            "main_recipients": ["机关"] * 101,
            "cc_recipients": ["新乡河务局", "长" * 101],
            "remarks": "注" * 2001,
        },
    )
    assert widget_error(form, "main_recipients") == "主送机关不能超过 100 项（现为 101 项）。"
    assert widget_error(form, "cc_recipients") == "抄送机关第 2 项不能超过 100 字（现为 101 字）。"
    assert widget_error(form, "remarks") == "附注不能超过 2,000 字（现为 2,001 字）。"
    assert folder.objectIds() == []


def test_r_sec5_incoming_add_form_refuses_huge_copies(portal, folder):
    form = submit_add_form(
        folder,
        "gongwen_incoming",
        {
            "title": "关于防汛的通知",
            "source_organ": "新乡河务局",
            "source_number": "新河〔2026〕99号",
            "received_date": "2026-05-01",
            "copies": "1000000000000000000000000000000",
            "doc_kind": "notice",
        },
    )
    error = widget_error(form, "copies")
    assert error is not None and "份数" in error and "9,999" in error, error
    assert folder.objectIds() == []


def test_r_sec5_notice_edit_form_refuses_long_body(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    set_setting("body_max_pages", 1)
    notice = api.content.create(container=portal.changyuan, type="gongwen_notice", title="停电通知")
    request = notice.REQUEST
    alsoProvides(request, IGongwenLayer)
    request.form.update(
        {
            "form.widgets.IBasic.title": "停电通知",
            "form.widgets.title": "停电通知",
            "form.widgets.text": "<p>" + "电" * 617 + "</p>",
            "form.widgets.text.mimeType": "text/html",
            "form.buttons.save": "保存",
        }
    )
    request["REQUEST_METHOD"] = "POST"
    view = getMultiAdapter((notice, request), name="edit")
    view.update()
    form = view.form_instance
    assert widget_error(form, "text") == "内容不能超过 616 字（约 1 页）（现为 617 字）。"
    assert notice.text is None


# --- the 办理 functions -------------------------------------------------------------


def test_r_sec5_routing_opinion_over_the_limit_refused(portal):
    document = draft_outgoing(portal, "upward")
    from tests.integration.test_routing_outgoing import do

    do(document, "cy_eng_staff", "submit")
    with pytest.raises(rules.StepError) as refused:
        do(document, "cy_eng_head", "approve", "同" * 3001)
    assert zh(refused.value.message) == "意见不能超过 3,000 字（现为 3,001 字）。"
    assert state(document) == "dept_review"
    assert [r.action for r in opinions(document)] == ["submit"]
    do(document, "cy_eng_head", "approve", "同" * 3000)
    assert state(document) == "office_review"


def test_r_sec5_routing_opinion_limit_follows_settings(portal):
    set_setting("opinion_max_chars", 200)
    document = draft_outgoing(portal, "upward")
    from tests.integration.test_routing_outgoing import do

    do(document, "cy_eng_staff", "submit")
    with pytest.raises(rules.StepError) as refused:
        do(document, "cy_eng_head", "approve", "同" * 201)
    assert "200 字" in zh(refused.value.message)


def test_r_sec5_incoming_opinion_over_the_limit_refused(portal):
    document = register_incoming(portal)
    do_incoming(document, "cy_secretary1", incoming_rules.SEND_TO_PROPOSE)
    before = [r.action for r in opinions(document)]
    with pytest.raises(rules.StepError) as refused:
        do_incoming(
            document,
            "cy_office_head",
            incoming_rules.PROPOSE,
            "拟" * 3001,
            leaders=["cy_leader1"],
            departments=[],
        )
    assert zh(refused.value.message) == "意见不能超过 3,000 字（现为 3,001 字）。"
    assert [r.action for r in opinions(document)] == before
    assert not getattr(document, "proposal", None)


def test_r_sec5_any_workflow_transition_with_a_long_comment_is_refused(portal):
    """The paths that reach the workflow tool directly (plone.restapi's stock @workflow)."""
    setRoles(portal, TEST_USER_ID, ["Manager"])
    notice = api.content.create(container=portal.changyuan, type="gongwen_notice", title="通知")
    workflow = api.portal.get_tool("portal_workflow")
    before = state(notice)
    transition = workflow.getTransitionsFor(notice)[0]["id"]
    with pytest.raises(WorkflowException) as refused:
        workflow.doActionFor(notice, transition, comment="说" * 5000)
    assert str(refused.value) == "意见不能超过 3,000 字（现为 5,000 字）。"
    assert state(notice) == before


def test_r_sec5_remind_note_over_its_bound_is_refused(portal):
    from collective.gongwen.steps.browser.remind import Remind

    document = register_incoming(portal)
    do_incoming(document, "cy_secretary1", incoming_rules.SEND_TO_PROPOSE)
    request = document.REQUEST
    request.form["note"] = "催" * 501
    with api.env.adopt_user(username="cy_secretary1"):
        message, kind = Remind(document, request).remind(document)
    assert kind == "error"
    assert zh(message) == "催办说明不能超过 500 字（现为 501 字）。"
    from collective.gongwen.steps.deadlines import reminders

    assert len(reminders(document)) == 0


# --- documents at the maximum sizes: no unbounded work per item on the pages everyone opens ---


def largest_outgoing(portal, number):
    """A submitted 发文 with every field at its bound (cy_eng_head's 待办)."""
    from tests.support.outgoing import body

    document = draft_outgoing(
        portal,
        title=f"{number:03d}" + "关于做好防汛工作的通知" * 17 + "题" * 10,  # 200 字
        main_recipients=["机" * 100] * 100,
        cc_recipients=["抄" * 100] * 100,
        remarks="注" * 2000,
        text=body("<p>" + ("请各部门认真做好汛前检查。" * 4738) + "</p>"),
    )
    from tests.integration.test_routing_outgoing import do

    do(document, "cy_eng_staff", "submit", "请审核。" * 750)  # a 3,000 字 opinion
    return document


def timed(render):
    import time

    start = time.perf_counter()
    output = render()
    return time.perf_counter() - start, output


@pytest.mark.slow
def test_r_sec5_pages_stay_fast_with_documents_at_the_maximum_sizes(portal):
    from tests.support.views import render_as

    alsoProvides(portal.REQUEST, IGongwenLayer)
    documents = [largest_outgoing(portal, n) for n in range(20)]
    assert len(documents[0].title) == 200
    assert bounds.body_text(documents[0].text.raw).__len__() <= 61_600
    setRoles(portal, TEST_USER_ID, ["Manager"])
    for n in range(20):
        notice = api.content.create(
            container=portal.changyuan,
            type="gongwen_notice",
            title=f"{n:03d}" + "通知" * 98 + "知",
            description="摘" * 2000,
            text=body_value("<p>" + "电" * 61_600 + "</p>"),
        )
        api.content.transition(obj=notice, to_state="published")
    unit = portal.changyuan
    pages = {
        "front page": lambda: render_as(unit, "gongwen-front-page", "cy_eng_head")[1],
        "我的待办": lambda: render_as(portal, "gongwen-todo", "cy_eng_head")[1],
        "发文 listing": lambda: render_as(unit.outgoing, "gongwen-listing", "cy_office_head")[1],
    }
    for name, render in pages.items():
        render()  # warm the templates and caches
        seconds, html = timed(render)
        print(f"R-SEC5 {name}: {seconds * 1000:.0f} ms with 20 documents at the maximum sizes")
        assert len(html) < 2_000_000, name  # no body, list or opinion copied into the page
        assert seconds < 3.0, (name, seconds)
    todo = render_as(portal, "gongwen-todo", "cy_eng_head")[1]
    assert documents[0].title[:20] in todo


def body_value(html):
    from tests.support.outgoing import body

    return body(html)


def test_r_sec5_behaviour_fields_of_our_types_are_bounded(portal):
    from plone.app.dexterity.behaviors.metadata import IPublication
    from plone.app.versioningbehavior.behaviors import IVersionable

    with pytest.raises(BoundExceeded) as refused:
        IVersionable["changeNote"].validate("改" * 501)
    assert "500" in refused.value.doc() and "501" in refused.value.doc()
    IPublication["effective"].validate(datetime.datetime(2026, 5, 1, 8, 0))
    with pytest.raises(BoundExceeded) as refused:
        IPublication["expires"].validate(datetime.datetime(9999, 1, 1))
    assert "1949 至 2100" in refused.value.doc()


# --- exchange: 退回/收回 reasons and the package import's message -----------------------


@pytest.mark.slow
def test_r_sec5_return_and_recall_reasons_over_the_limit_refused(portal):
    from collective.gongwen.exchange import actions
    from collective.gongwen.exchange import rules as exchange_rules
    from collective.gongwen.exchange.browser.display import refusal
    from tests.integration.test_exchange_deliveries import as_user
    from tests.integration.test_exchange_deliveries import only_delivery
    from tests.integration.test_exchange_deliveries import sent_request

    document = sent_request(portal)
    record = only_delivery(document)
    for user, action in (
        ("xx_secretary", actions.return_delivery),
        ("cy_secretary2", actions.recall_delivery),
    ):
        with pytest.raises(exchange_rules.DeliveryRefused) as refused:
            as_user(user, action, document, record["id"], "因" * 3001)
        shown = refusal(refused.value.code, portal.REQUEST, refused.value.message)
        assert shown == "原因不能超过 3,000 字（现为 3,001 字）。"
    assert only_delivery(document)["state"] == record["state"]
    assert state(document) == "sent"
    # a reason at the limit goes back with the recipient's name before it (the history's comment)
    as_user("xx_secretary", actions.return_delivery, document, record["id"], "因" * 3000)
    assert state(document) == "secretary_check"
    assert opinions(document)[-1].text == "新乡河务局：" + "因" * 3000


def test_r_sec5_package_refusal_message_names_the_limit(portal):
    from collective.gongwen.exchange.package import PackageError
    from collective.gongwen.exchange.receive import package_error_message

    problem = bounds.text_problem("题" * 300, 200, "标题")
    message = package_error_message(PackageError("over_bound", problem=problem))
    assert zh(message) == "交换包的元数据超出限制：标题不能超过 200 字（现为 300 字）。"
