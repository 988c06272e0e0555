"""R-D3 and R-D4 refusals on every path (integration layer, demo organisation).

R-D3: a classified 来文 in an exchange package is refused *and logged*, like every other
attempt. R-D4: the body itself added as a 附件 of a 发文 is refused when it is added (add
form, ``@@fileUpload``, the files panel, code/REST), with the Chinese reason; a 提交 refused
by R-D4 names what is missing.
"""

import datetime
import json
import logging

import pytest
from plone import api
from zExceptions import BadRequest
from zope.interface import alsoProvides

from collective.gongwen.content.files import add_file
from collective.gongwen.content.files import attachments_of
from collective.gongwen.exchange.package import build_package
from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from tests.integration.test_exchange_package import import_view
from tests.integration.test_exchange_package import incoming_documents
from tests.support.bad_files import simple_pdf
from tests.support.outgoing import body
from tests.support.outgoing import draft_outgoing
from tests.support.uploads import file_upload
from tests.support.uploads import post
from tests.support.uploads import submit_attachment_form
from tests.support.uploads import widget_error

LOGGER = "collective.gongwen.classified"
DRAFTER = "cy_eng_staff"
BODY_TEXT = "请各部门认真做好汛前检查。"
REFUSED = "不可将正文作为附件添加（第十一条）："


def refusals(caplog):
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


# --- R-D3 ------------------------------------------------------------------------


def test_r_d3_classified_package_import_is_refused_and_logged(portal, caplog, tmp_path):
    caplog.set_level(logging.WARNING, logger=LOGGER)
    metadata = {
        "title": "关于汛期值班的通知",
        "issuer": "长垣河务局",
        "issue_number": "长河〔2026〕7号",
        "doc_kind": "notice",
        "urgency": "normal",
        "classification": "confidential",
        "written_date": datetime.date.today(),
    }
    official = simple_pdf(tmp_path / "official.pdf").read_bytes()
    data = build_package(metadata, [("official", "长河〔2026〕7号.pdf", official)])
    view, html = import_view(portal, data)
    assert "涉密公文不得通过本系统交换。" in html
    assert incoming_documents(portal) == []
    [record] = refusals(caplog)
    text = record.getMessage()
    assert "user=xx_secretary" in text
    assert "object=/plone/xinxiang/incoming" in text
    assert "register classified document ('confidential')" in text
    assert "长河〔2026〕7号" in text


def test_r_d3_refusal_log_line_is_bounded(portal, caplog):
    from collective.gongwen.exchange.receive import refused_attempt

    line = refused_attempt({"title": "长" * 100_000, "issuer": "a\nb"}, "secret" * 100)
    assert len(line) < 400 and "\n" not in line


# --- R-D4: the body as an attachment, refused when added --------------------------


@pytest.fixture
def draft(portal):
    """A 发文 draft of cy_eng_staff whose body is ``BODY_TEXT``."""
    return draft_outgoing(portal, text=body(f"<p>{BODY_TEXT}</p>"))


def test_r_d4_body_as_attachment_refused_in_code_and_rest(draft):
    """What plone.restapi's POST and any code do: the subscriber refuses (400)."""
    with api.env.adopt_user(username=DRAFTER), pytest.raises(BadRequest) as refused:
        add_file(draft, BODY_TEXT.encode(), "材料.txt")
    assert str(refused.value) == f"{REFUSED}材料。"
    with api.env.adopt_user(username=DRAFTER), pytest.raises(BadRequest) as refused:
        add_file(draft, b"%PDF-1.4", f"{draft.Title()}.pdf")
    assert REFUSED in str(refused.value)


def test_r_d4_other_attachments_and_other_roles_are_accepted(draft):
    with api.env.adopt_user(username=DRAFTER):
        add_file(draft, "值班表：张三".encode(), "值班表.txt")
    assert [a.Title() for a in attachments_of(draft)] == ["值班表"]


def test_r_d4_body_as_attachment_refused_on_the_add_form(draft):
    with api.env.adopt_user(username=DRAFTER):
        form = submit_attachment_form(draft, BODY_TEXT.encode(), "材料.txt")
    assert widget_error(form, "file") == f"{REFUSED}材料。"
    assert draft.objectIds() == []


def test_r_d4_body_as_attachment_refused_by_file_upload(draft):
    request = draft.REQUEST
    alsoProvides(request, IGongwenLayer)
    with api.env.adopt_user(username=DRAFTER):
        post(request, {"file": file_upload(BODY_TEXT.encode(), "材料.txt")})
        answer = draft.restrictedTraverse("@@fileUpload")()
    assert request.response.getStatus() == 400
    assert json.loads(answer) == {"error": f"{REFUSED}材料。"}


def test_r_d4_body_as_attachment_refused_by_the_files_panel(draft):
    from collective.gongwen.content.browser.tokens import new_form_token
    from tests.integration.test_files_panel import act as panel_act

    alsoProvides(draft.REQUEST, IGongwenLayer)
    uploads = [
        file_upload("值班表".encode(), "值班表.txt"),
        file_upload(BODY_TEXT.encode(), "材料.txt"),
    ]
    form = {"files": uploads, "form_token": new_form_token()}
    shown = panel_act(draft, "gongwen-add-files", form, user=DRAFTER)
    assert shown == [f"{REFUSED}材料。"]


# --- R-D4: 提交 names what is missing --------------------------------------------


def test_r_d4_submit_refusal_names_the_missing_attachment(portal):
    document = draft_outgoing(portal, attachment_note=["1. 汛前检查表", "2. 值班表"])
    with api.env.adopt_roles(["Manager"]):
        add_file(document, b"PK\x03\x04", "汛前检查表.xlsx")
    with api.env.adopt_user(username=DRAFTER), pytest.raises(rules.StepError) as refused:
        act(document, "submit")
    from zope.i18n import translate

    text = translate(refused.value.message, context=portal.REQUEST)
    assert text.startswith("请先处理以下问题：")
    assert "附件说明中的附件未添加：值班表。" in text
    assert api.content.get_state(obj=document) == "draft"
