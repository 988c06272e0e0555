"""Forms that do not make people do the work, dates as the bureau writes them (issue 19).

- Selects offer 「请选择」, never z3c.form's 「空值」; 文种 starts with nothing chosen and must be
  picked (not 决议, the vocabulary's first term, shown as if chosen).
- 发文机关署名 defaults to the drafting unit's full name, stored when the 发文 is created.
- Dates: 「2026年12月5日」 on pages, 「2026-12-05」 in inputs; never the locale's 26-12-5
  (content/times.py, content/browser/widgets.py).
"""

import datetime

from lxml import html as lxml_html
from plone import api
from z3c.form.interfaces import IDataConverter
from z3c.form.interfaces import IFieldWidget
from zope.component import getMultiAdapter
from zope.interface import alsoProvides
from zope.schema import Datetime

from collective.gongwen.content.blocks import IUrgencyBlock
from collective.gongwen.content.browser.widgets import GongwenDatetimeFieldWidget
from collective.gongwen.interfaces import IGongwenLayer
from tests.integration.test_documents import form_values

DRAFTER = "cy_eng_staff"


def add_form(container, portal_type, user, values=None):
    """``++add++portal_type`` on ``container`` as ``user``: (form, html); ``values`` are POSTed."""
    request = container.REQUEST
    alsoProvides(request, IGongwenLayer)
    request.form.clear()
    if values is not None:
        request.form.update(form_values(values))
        request.form["form.buttons.save"] = "保存"
        request["REQUEST_METHOD"] = "POST"
    try:
        with api.env.adopt_user(username=user):
            fti = api.portal.get_tool("portal_types")[portal_type]
            view = getMultiAdapter((container, request, fti), name=portal_type)
            html = view()
    finally:
        request.form.clear()
        request["REQUEST_METHOD"] = "GET"
    return view.form_instance, html


def select(html, name):
    """The ``<select>`` of field ``name``: [(value, text, selected)]."""
    tree = lxml_html.fromstring(html)
    (element,) = tree.xpath(f'//select[contains(@name, ".{name}")]')
    return [
        (option.get("value"), option.text_content().strip(), option.get("selected") is not None)
        for option in element.iter("option")
    ]


def test_outgoing_add_form_asks_for_the_kind_and_never_says_no_value(portal):
    _form, html = add_form(portal["changyuan"]["outgoing"], "gongwen_outgoing", DRAFTER)
    kinds = select(html, "doc_kind")
    assert kinds[0] == ("--NOVALUE--", "请选择", True)
    assert not any(selected for _value, _text, selected in kinds[1:])
    assert ("resolution", "决议", False) in kinds
    # A required choice with a default offers no empty option: 紧急程度 is 普通.
    urgencies = select(html, "urgency")
    assert urgencies[0][0] != "--NOVALUE--"
    assert ("normal", "普通", True) in urgencies
    # An optional choice's empty option reads 请选择 too (保管期限, 拟稿部门).
    assert select(html, "retention")[0] == ("--NOVALUE--", "请选择", True)
    assert "空值" not in html
    assert "No value" not in html


def test_incoming_add_form_asks_for_the_kind(portal):
    _form, html = add_form(portal["changyuan"]["incoming"], "gongwen_incoming", "cy_secretary1")
    assert select(html, "doc_kind")[0] == ("--NOVALUE--", "请选择", True)
    assert "空值" not in html


def test_an_outgoing_without_a_kind_is_refused_by_the_form(portal):
    folder = portal["changyuan"]["outgoing"]
    before = set(folder.objectIds())
    values = {"title": "关于做好防汛工作的通知", "classification": "none", "urgency": "normal"}
    values.update(direction="downward", disclosure="not_public")
    form, html = add_form(folder, "gongwen_outgoing", DRAFTER, values)
    assert set(folder.objectIds()) == before
    errors = {error.widget.field.__name__ for error in form.widgets.errors if error.widget}
    errors |= {
        error.widget.field.__name__
        for group in form.groups
        for error in group.widgets.errors
        if error.widget
    }
    assert "doc_kind" in errors
    # The page comes back with 文种 still unchosen, not with 决议 slipped in.
    assert select(html, "doc_kind")[0] == ("--NOVALUE--", "请选择", True)


def test_an_edit_form_offers_no_empty_kind_once_one_is_stored(portal):
    with api.env.adopt_user(username=DRAFTER):
        document = api.content.create(
            container=portal["changyuan"]["outgoing"],
            type="gongwen_outgoing",
            title="关于做好防汛工作的通知",
            doc_kind="notice",
        )
    request = document.REQUEST
    alsoProvides(request, IGongwenLayer)
    with api.env.adopt_user(username=DRAFTER):
        html = document.restrictedTraverse("@@edit")()
    kinds = select(html, "doc_kind")
    assert kinds[0][0] != "--NOVALUE--"
    assert ("notice", "通知", True) in kinds


def test_signing_organ_defaults_to_the_drafting_unit(portal):
    _form, html = add_form(portal["changyuan"]["outgoing"], "gongwen_outgoing", DRAFTER)
    tree = lxml_html.fromstring(html)
    (field,) = tree.xpath('//input[contains(@name, ".signing_organ")]')
    assert field.get("value") == "长垣河务局"
    with api.env.adopt_user(username=DRAFTER):
        document = api.content.create(
            container=portal["changyuan"]["outgoing"],
            type="gongwen_outgoing",
            title="关于做好防汛工作的通知",
            doc_kind="notice",
        )
    # Stored at creation: renaming the unit later does not change a sent document's 署名.
    assert document.__dict__["signing_organ"] == "长垣河务局"
    portal["changyuan"].title = "长垣县河务局"
    assert document.signing_organ == "长垣河务局"


def test_signing_organ_given_is_kept_and_xinxiang_signs_as_xinxiang(portal):
    with api.env.adopt_user(username="cy_eng_staff"):
        joint = api.content.create(
            container=portal["changyuan"]["outgoing"],
            type="gongwen_outgoing",
            title="关于联合开展防汛检查的通知",
            doc_kind="notice",
            signing_organ="长垣河务局 长垣县水利局",
        )
    assert joint.signing_organ == "长垣河务局 长垣县水利局"
    with api.env.adopt_user(username="xx_water_staff"):
        other = api.content.create(
            container=portal["xinxiang"]["outgoing"],
            type="gongwen_outgoing",
            title="关于做好防汛工作的通知",
            doc_kind="notice",
        )
    assert other.signing_organ == "新乡河务局"


def test_a_date_field_displays_in_full_and_its_input_stays_iso(portal):
    with api.env.adopt_user(username=DRAFTER):
        document = api.content.create(
            container=portal["changyuan"]["outgoing"],
            type="gongwen_outgoing",
            title="关于做好防汛工作的通知",
            doc_kind="notice",
            urgency="urgent",
            deadline=datetime.date(2026, 12, 5),
        )
    request = document.REQUEST
    alsoProvides(request, IGongwenLayer)
    field = IUrgencyBlock["deadline"].bind(document)
    widget = getMultiAdapter((field, request), IFieldWidget)
    widget.context = document
    widget.mode = "display"
    widget.value = getMultiAdapter((field, widget), IDataConverter).toWidgetValue(document.deadline)
    assert widget.render() == "2026年12月5日"
    # The input keeps the ISO date the browser's picker reads.
    with api.env.adopt_user(username=DRAFTER):
        edit = document.restrictedTraverse("@@edit")()
    (field,) = lxml_html.fromstring(edit).xpath('//input[contains(@name, ".deadline")]')
    assert field.get("value") == "2026-12-05"
    assert "26-12-5" not in edit


def test_a_date_and_time_field_displays_with_its_minute(portal):
    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer)
    field = Datetime(__name__="moment", title="时间")
    widget = GongwenDatetimeFieldWidget(field, request)
    widget.mode = "display"
    widget.value = "2026-12-05T09:05"
    assert widget.render() == "2026年12月5日 09:05"


def test_a_files_type_is_named_in_chinese_beside_its_name(portal):
    from plone.namedfile.field import NamedBlobFile as NamedBlobFileField
    from plone.namedfile.file import NamedBlobFile

    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer)
    field = NamedBlobFileField(__name__="file", title="文件")
    widget = getMultiAdapter((field, request), IFieldWidget)
    widget.value = NamedBlobFile(b"<a/>", filename="归档记录.xml")
    assert widget.file_content_type == "XML 文件"
    widget.value = NamedBlobFile(b"x", filename="没有扩展名")
    assert widget.file_content_type == "文件"
