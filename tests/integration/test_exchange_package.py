"""R-X3: a numbered 发文 of 长垣河务局 travels as an exchange package and is registered
as a 收文 at 新乡河务局; duplicates, classified documents and broken packages are refused."""

import datetime
import io
import zipfile

import pytest
from plone import api
from zExceptions import BadRequest
from zope.i18n import translate
from zope.interface import alsoProvides

from collective.gongwen.content.files import ATTACHMENT
from collective.gongwen.content.files import ORIGINAL
from collective.gongwen.content.files import add_file
from collective.gongwen.content.files import files_of
from collective.gongwen.content.files import role_of
from collective.gongwen.exchange.export import package_for
from collective.gongwen.exchange.package import read_package
from collective.gongwen.exchange.receive import ExchangeRefused
from collective.gongwen.exchange.receive import create_incoming
from collective.gongwen.interfaces import IGongwenLayer
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support import disguised
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.packages import package_of
from tests.support.uploads import file_upload
from tests.support.uploads import post

RECEIVER = "xx_secretary"


@pytest.fixture
def numbered(portal):
    """A 通知 of 长垣河务局 with one 附件, walked to 登记编号 (it has its 文号 and 正式文件)."""
    return numbered_notice(portal)


def numbered_notice(portal):
    """A 通知 of 长垣河务局 with one 附件, walked to 登记编号 (it has its 文号 and 正式文件)."""
    document = draft_outgoing(
        portal,
        main_recipients=["新乡河务局"],
        cc_recipients=["长垣县防汛办"],
        attachment_note=["1. 汛前检查表"],
        urgency="urgent",
        deadline=datetime.date.today() + datetime.timedelta(days=10),
    )
    with api.env.adopt_roles(["Manager"]):
        add_file(document, disguised.xlsx(), "汛前检查表.xlsx")  # a real XLSX (R-SEC5)
    walk_until(document, DOWNWARD_PATH, "secretary_check")
    assert document.issue_number and "official" in document.objectIds()
    return document


def import_as(portal, document, user=RECEIVER):
    data, _name = package_for(document)
    metadata, files = read_package(data)
    with api.env.adopt_user(username=user):
        return create_incoming(portal["xinxiang"], metadata, files)


def test_r_x3_package_of_a_numbered_outgoing_document(numbered):
    data, filename = package_for(numbered)
    assert filename == f"交换包-{numbered.issue_number}关于做好汛前检查的通知.zip"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names[0] == "metadata.xml" and names[1].endswith(".pdf") and len(names) == 3
    metadata, files = read_package(data)
    assert metadata["issuer"] == "长垣河务局"
    assert metadata["issue_number"] == numbered.issue_number
    assert metadata["main_recipients"] == ["新乡河务局"]
    assert metadata["printing_organ"] and metadata["printed_date"]
    assert [role for role, *_ in files] == ["official", "attachment"]
    assert files[0][2].startswith(b"%PDF")


def test_r_x3_imported_package_is_a_registered_incoming_document(portal, numbered):
    incoming = import_as(portal, numbered)
    assert incoming.aq_parent == portal["xinxiang"]["incoming"]
    assert api.content.get_state(obj=incoming) == "registered"
    assert incoming.receipt_number
    assert incoming.source_organ == "长垣河务局"
    assert incoming.source_number == numbered.issue_number
    assert incoming.title == numbered.title
    assert incoming.doc_kind == "notice" and incoming.urgency == "urgent"
    assert incoming.deadline == numbered.deadline
    assert incoming.copies == 1 and incoming.received_date == datetime.date.today()
    roles = [(role_of(item), item.file.filename) for item in files_of(incoming)]
    assert roles[0][0] == ORIGINAL and roles[0][1].endswith(".pdf")
    assert roles[1] == (ATTACHMENT, "汛前检查表.xlsx")


def test_r_x3_the_same_package_is_not_registered_twice(portal, numbered):
    first = import_as(portal, numbered)
    with pytest.raises(ExchangeRefused) as caught:
        import_as(portal, numbered)
    text = translate(caught.value.message, context=portal.REQUEST)
    assert "该来文已登记为" in text and first.receipt_number in text


def test_r_x3_classified_documents_are_refused(portal, numbered):
    data, _name = package_for(numbered)
    metadata, files = read_package(data)
    metadata["classification"] = "secret"
    before = len(portal["xinxiang"]["incoming"].objectIds())
    with api.env.adopt_user(username=RECEIVER), pytest.raises(ExchangeRefused) as caught:
        create_incoming(portal["xinxiang"], metadata, files)
    assert translate(caught.value.message, context=portal.REQUEST) == "涉密公文不得通过本系统交换。"
    assert len(portal["xinxiang"]["incoming"].objectIds()) == before


def test_r_x3_download_view_needs_a_numbered_document(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    draft = draft_outgoing(portal, main_recipients=["新乡河务局"])
    with api.env.adopt_user(username="cy_eng_staff"), pytest.raises(BadRequest) as caught:
        draft.restrictedTraverse("@@gongwen-exchange-package")()
    assert "尚未登记编号" in str(caught.value)


def test_r_x3_download_view_gives_the_zip(portal, numbered):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    with api.env.adopt_user(username="cy_secretary1"):
        # R-RUN1: the first request queues the job a worker does; then the download.
        data = package_of(numbered)
    assert portal.REQUEST.response.getHeader("Content-Type") == "application/zip"
    assert read_package(data)[0]["issue_number"] == numbered.issue_number


def incoming_documents(portal):
    folder = portal["xinxiang"]["incoming"]
    return [item for item in folder.objectValues() if item.portal_type == "gongwen_incoming"]


def import_view(portal, data, filename="交换包.zip", user=RECEIVER):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    folder = portal["xinxiang"]["incoming"]
    with api.env.adopt_user(username=user):
        post(portal.REQUEST, {"package": file_upload(data, filename, field="package")})
        view = folder.restrictedTraverse("@@gongwen-import-package")
        return view, view()


def test_r_x3_import_view_registers_and_redirects(portal, numbered):
    data, filename = package_for(numbered)
    view, _html = import_view(portal, data, filename)
    assert view.error is None
    (incoming,) = incoming_documents(portal)
    assert api.content.get_state(obj=incoming) == "registered"
    assert portal.REQUEST.response.getHeader("Location") == incoming.absolute_url()


def test_r_x3_import_view_shows_the_chinese_error_and_creates_nothing(portal, numbered):
    data, filename = package_for(numbered)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            # one byte of the 附件 changed: its size stays, its checksum does not
            changed = content[:-1] + bytes([content[-1] ^ 1]) if name.endswith(".xlsx") else content
            archive.writestr(name, changed)
    _view, html = import_view(portal, buffer.getvalue(), filename)
    assert "校验值不符，文件可能已损坏或被改动。" in html
    assert "汛前检查表.xlsx" in html
    assert incoming_documents(portal) == []


def test_r_x3_import_view_is_for_the_units_secretaries(portal):
    from AccessControl import Unauthorized

    folder = portal["xinxiang"]["incoming"]
    alsoProvides(portal.REQUEST, IGongwenLayer)
    for user in ("xx_water_staff", "cy_secretary1"):
        with api.env.adopt_user(username=user), pytest.raises(Unauthorized):
            folder.restrictedTraverse("@@gongwen-import-package")


def object_buttons(context, user):
    tool = api.portal.get_tool("portal_actions")
    with api.env.adopt_user(username=user):
        return [a["id"] for a in tool.listFilteredActionsFor(context).get("object_buttons", ())]


def test_r_x3_actions_offered_where_they_apply(portal, numbered):
    incoming = portal["xinxiang"]["incoming"]
    assert "gongwen_import_package" in object_buttons(incoming, RECEIVER)
    assert "gongwen_import_package" not in object_buttons(incoming, "xx_water_staff")
    assert "gongwen_import_package" not in object_buttons(portal["xinxiang"]["outgoing"], RECEIVER)
    assert "gongwen_exchange_package" in object_buttons(numbered, "cy_secretary1")
    draft = draft_outgoing(portal, main_recipients=["新乡河务局"])
    assert "gongwen_exchange_package" not in object_buttons(draft, "cy_eng_staff")


def test_r_x3_import_needs_the_csrf_token(portal, numbered):
    from zExceptions import Forbidden

    data, filename = package_for(numbered)
    alsoProvides(portal.REQUEST, IGongwenLayer)
    with api.env.adopt_user(username=RECEIVER):
        upload = file_upload(data, filename, field="package")
        post(portal.REQUEST, {"package": upload}, authenticator=False)
        view = portal["xinxiang"]["incoming"].restrictedTraverse("@@gongwen-import-package")
        with pytest.raises(Forbidden):
            view()
    assert incoming_documents(portal) == []
