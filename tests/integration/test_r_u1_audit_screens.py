"""R-U1: the audit log is read, exported and verified by the 安全审计员 alone (GongwenAuditor),
Manager and Site Administrator are refused; a document shows its own 审计记录; the retention
may only be lengthened."""

import csv
import io

import pytest
from AccessControl import Unauthorized
from openpyxl import load_workbook
from plone import api

from collective.gongwen.audit import chain
from collective.gongwen.audit import record
from collective.gongwen.audit import settings
from collective.gongwen.audit import store
from collective.gongwen.audit import tasks
from collective.gongwen.steps.titles import step_title
from tests.support.views import post_as
from tests.support.views import render_as

MARK = "审计界面测试"


@pytest.fixture
def auditor(portal):
    api.user.create(email="aud@example.org", username="t_auditor", password="Gw-Audit-2026!")
    api.user.grant_roles(username="t_auditor", roles=["GongwenAuditor"])
    for name, role in (("t_manager", "Manager"), ("t_siteadmin", "Site Administrator")):
        api.user.create(email=f"{name}@example.org", username=name, password="Gw-Audit-2026!")
        api.user.grant_roles(username=name, roles=[role])
    audit = record.audit_store()
    audit.append(actor="t_auditor", action="view", client_address="10.9.0.1", summary=MARK)
    audit.append(actor="admin", action="settings_change", flags="emergency", summary=f"{MARK} 紧急")
    audit.append(actor="zhang", action="download", summary="=cmd|' /C calc'!A0")
    return "t_auditor"


def test_r_u1_only_the_auditor_may_view_the_audit_log(portal, auditor):
    for user in ("t_manager", "t_siteadmin"):
        assert not api.user.has_permission(
            "collective.gongwen: View audit log", username=user, obj=portal
        )
        for name in ("gongwen-audit-log", "gongwen-audit-verify"):
            with pytest.raises(Unauthorized):
                render_as(portal, name, user)
    assert api.user.has_permission(
        "collective.gongwen: View audit log", username=auditor, obj=portal
    )


def test_r_u1_audit_log_filters_and_marks_emergency(portal, auditor):
    view, html = render_as(portal, "gongwen-audit-log", auditor, actor="admin")
    assert f"{MARK} 紧急" in html and "紧急账号" in html and "table-danger" in html
    assert view.emergency_total >= 1
    view, html = render_as(portal, "gongwen-audit-log", auditor, action=["view"], actor="t_auditor")
    assert MARK in html and "查看" in html and "10.9.0.1" in html


@pytest.mark.parametrize(
    "form",
    [
        {"actor": "x" * 10_000},
        {"start": "2026-13-45"},
        {"action": "<script>"},
        {"page": "999999"},
        {"document": "%_'\""},
    ],
)
def test_r_u1_audit_log_hostile_filters_get_a_chinese_message(portal, auditor, form):
    view, html = render_as(portal, "gongwen-audit-log", auditor, **form)
    assert view.errors and "gongwen-audit-errors" in html
    assert "<script>" not in html


def test_r_u1_export_csv_and_xlsx_write_an_audit_export_entry(portal, auditor):
    audit = record.audit_store()
    before = audit.search(store.Filters(actions=("audit_export",)), 0, 0)[1]
    request = portal.REQUEST
    render_as(portal, "gongwen-audit-log", auditor, format="csv", actor="zhang")
    _view, data = render_as(portal, "gongwen-audit-log", auditor, format="xlsx", actor="zhang")
    sheet = load_workbook(io.BytesIO(data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["序号", "时间", "人员"]
    assert values[1][12] == "'=cmd|' /C calc'!A0"
    assert audit.search(store.Filters(actions=("audit_export",)), 0, 0)[1] == before + 2
    assert request.response.getHeader("Content-Type").startswith("application/vnd.openxml")


def test_r_u1_csv_export_is_streamed_with_a_bom(portal, auditor):
    from collective.gongwen.audit import export
    from collective.gongwen.audit.browser import common

    entries = record.audit_store().iterate(store.Filters(actor="zhang"), 10)
    heading = ["a"] * 15
    rows = (common.export_cells(portal.REQUEST, entry) for entry in entries)
    data = b"".join(export.csv_chunks(heading, rows))
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1][12].startswith("'=")


def test_r_u1_verify_is_queued_and_its_result_shown(portal, auditor):
    audit = record.audit_store()
    view, html = post_as(portal, "gongwen-audit-verify", auditor, **{"form.verify": "1"})
    assert "已交后台校验" in html
    assert tasks.read_status(audit.path)["state"] == "queued"
    tasks.verify_now(audit.path, requested_by=auditor)
    view, html = render_as(portal, "gongwen-audit-verify", auditor)
    assert "gongwen-audit-verify-ok" in html, html[-3000:]
    # a checkpoint names its algorithm as the standard writes it
    audit.checkpoint(chain.checkpoint_key(audit.path))
    view, html = render_as(portal, "gongwen-audit-verify", auditor)
    assert f"<td>{chain.ALGORITHM_NAMES[audit.algorithm]}</td>" in html
    assert f"<td>{audit.algorithm}</td>" not in html


def test_r_u1_retention_may_only_be_lengthened(portal):
    assert settings.retention_months() == 6
    assert settings.refusal(6, 5) is not None
    assert settings.refusal(12, 7).default.startswith("保存期限只能延长")
    assert settings.refusal(6, 12) is None
    assert (
        api.portal.get_registry_record(
            "collective.gongwen.audit.settings.IAuditSettings.retention_months"
        )
        == 6
    )


def test_r_u1_audit_log_shows_state_titles_not_workflow_ids(portal, auditor):
    from tests.support.outgoing import draft_outgoing

    document = draft_outgoing(portal)
    record.audit_store().append(
        actor="zhang",
        action="transition",
        object_uid=document.UID(),
        from_state="draft",
        to_state="dept_review",
    )
    record.audit_store().append(
        actor="zhang", action="transition", object_uid="gone", from_state="draft", to_state="x_y"
    )
    _view, html = render_as(portal, "gongwen-audit-log", auditor, actor="zhang")
    draft = step_title("draft", portal.REQUEST)
    review = step_title("dept_review", portal.REQUEST)
    assert draft != "draft" and review != "dept_review"
    assert f"{draft} → {review}" in html  # the document's own workflow
    assert f"{draft} → x_y" in html  # a deleted object's: the first workflow that knows it
    record.audit_store().append(
        actor="zhang", action="opinion", object_uid=document.UID(), from_state="dept_review"
    )
    _view, html = render_as(portal, "gongwen-audit-log", auditor, actor="zhang", action=["opinion"])
    assert review in html
    assert f"{review} →" not in html  # an opinion's step alone, no arrow to nowhere
