"""R-R2's screens on the Plone layer: 到期鉴定, 销毁申请, 销毁清册 (HTML and CSV), 法律保全 —
each rendered and posted as the people who use them, and refused to others."""

import pytest
from plone import api
from zExceptions import Forbidden

from collective.gongwen.archive import disposal
from collective.gongwen.archive.record import archive_info
from tests.support.expired import APPROVERS
from tests.support.expired import ARCHIVIST
from tests.support.expired import archived_item
from tests.support.expired import run_execution
from tests.support.views import post_as
from tests.support.views import render_as


def test_r_r2_screens_walk_from_appraisal_to_register(portal):
    document = archived_item(portal)
    code = archive_info(document)["archival_code"]
    folder = portal["changyuan"]["archive"]
    _view, page = render_as(folder, "gongwen-appraisal", ARCHIVIST, year="2015")
    assert code in page and "未鉴定" in page
    post_as(folder, "gongwen-appraisal", ARCHIVIST, uids=[document.UID()], decision="destroy")
    assert archive_info(document)["appraisals"][-1]["decision"] == "destroy"
    _view, page = render_as(folder, "gongwen-destruction", ARCHIVIST)
    assert "提出销毁申请" in page and code in page
    post_as(
        folder,
        "gongwen-destruction",
        ARCHIVIST,
        uids=[document.UID()],
        reason="期满无保存价值",
        **{"form.create": "1"},
    )
    request_id = disposal.requests_of(portal["changyuan"])[0]["id"]
    for user in APPROVERS:
        _view, page = render_as(folder, "gongwen-destruction", user, id=request_id)
        assert "同意销毁" in page
        post_as(
            folder,
            "gongwen-destruction",
            user,
            id=request_id,
            decision="approve",
            opinion="同意",
            **{"form.decide": "1"},
        )
    _view, page = render_as(folder, "gongwen-destruction", ARCHIVIST, id=request_id)
    assert "执行销毁" in page
    view, _page = post_as(
        folder, "gongwen-destruction", ARCHIVIST, id=request_id, **{"form.execute": "1"}
    )
    assert "@@gongwen-archive-job?id=" in view.request.response.getHeader("Location")
    _view, page = render_as(folder, "gongwen-destruction", ARCHIVIST, id=request_id)
    assert "正在执行销毁" in page and "执行销毁</button>" not in page
    assert run_execution(request_id)["state"] == "executed"
    _view, page = render_as(folder, "gongwen-destruction-register", "cy_supervisor", year="2015")
    assert code in page and "期满无保存价值" in page
    _view, csv = render_as(folder, "gongwen-destruction-register", ARCHIVIST, format="csv")
    assert code in csv.decode("utf-8-sig") and "SHA-256" in csv.decode("utf-8-sig")


def test_r_r2_register_and_requests_refused_to_others(portal):
    folder = portal["changyuan"]["archive"]
    for name in ("gongwen-destruction", "gongwen-destruction-register"):
        with pytest.raises(Forbidden):
            render_as(folder, name, "cy_eng_staff")


def test_r_r2_legal_hold_screen(portal):
    document = archived_item(portal)
    _view, page = render_as(document, "gongwen-legal-hold", ARCHIVIST)
    assert "没有法律保全" in page
    post_as(document, "gongwen-legal-hold", ARCHIVIST, reason="涉诉", **{"form.put": "1"})
    assert archive_info(document)["legal_hold"]["reason"] == "涉诉"
    _view, page = render_as(document, "gongwen-legal-hold", ARCHIVIST)
    assert "法律保全中" in page and "涉诉" in page


def hold_box(document, user):
    """The 法律保全 viewlet of ``document``'s page as ``user`` ("" when it shows nothing)."""
    from collective.gongwen.archive.browser.disposal import LegalHoldViewlet

    with api.env.adopt_user(username=user):
        viewlet = LegalHoldViewlet(document, document.REQUEST, None, None)
        viewlet.update()
        return viewlet.render() if viewlet.available() else ""


def test_r_r2_legal_hold_shown_on_the_document_page(portal):
    document = archived_item(portal)
    box = hold_box(document, ARCHIVIST)
    assert "没有法律保全" in box and "@@gongwen-legal-hold" in box and "设置法律保全" in box
    assert hold_box(document, "cy_eng_staff") == ""  # no hold, nothing to do: nothing shown
    disposal.put_hold(document, "涉及诉讼，暂停销毁", ARCHIVIST)
    box = hold_box(document, ARCHIVIST)
    assert "法律保全中" in box and "涉及诉讼，暂停销毁" in box and "解除法律保全" in box
    box = hold_box(document, "cy_eng_staff")
    assert "法律保全中" in box and "涉及诉讼，暂停销毁" in box
    assert "@@gongwen-legal-hold" not in box  # seen, not changed, by others
