"""R-R3: stored 四性检测 reports (``archive.reports``) and their pages on a unit's 档案 folder."""

import pytest
from AccessControl import Unauthorized
from zExceptions import NotFound

from collective.gongwen.archive import checks
from collective.gongwen.archive import jobs
from collective.gongwen.archive import progress
from collective.gongwen.archive import reports
from collective.gongwen.archive.checks import ItemResult
from collective.gongwen.archive.checks import Problem
from collective.gongwen.archive.record import ANNOTATION_KEY
from tests.support.archive import archive_as
from tests.support.archive import sent_outgoing
from tests.support.views import post_as
from tests.support.views import render_as


def entry(path, data=b"x"):
    return {
        "path": path,
        "version": None,
        "title": path,
        "role": "attachment",
        "filename": f"{path}.pdf",
        "size": len(data),
        "content_type": "application/pdf",
        "sha256": "a" * 64,
        "sm3": "b" * 64,
        "position": 1,
    }


def results():
    """Two items: one sound, one whose 处理单 differs from its manifest."""
    damaged = checks._(
        "archive_check_fixity",
        default="文件内容与归档时不符（${fields} 不一致），可能已被改动或损坏。",
        mapping={"fields": "SHA-256、SM3"},
    )
    return [
        ItemResult("118-WS·2026-D10-BGS-0001", files=[entry("slip")], uid="u1"),
        ItemResult(
            "118-WS·2026-D10-BGS-0002",
            files=[entry("slip", b"yy"), entry("attachment-1")],
            problems=[
                Problem("authenticity", "118-WS·2026-D10-BGS-0002", "处理单（处理单.pdf）", damaged)
            ],
            uid="u2",
        ),
    ]


def gap():
    return checks.check_sequence([("a", ("118", 2026, "10_years", "BGS"), 2)])


def test_r_r3_a_report_is_stored_on_the_site_with_totals_and_items(portal):
    unit = portal["changyuan"]
    report_id = reports.store_report("check", unit, 2026, results(), gap(), "cy_archivist")
    stored = reports.report(report_id)
    assert stored["kind"] == "check" and stored["year"] == 2026
    assert stored["unit_uid"] == unit.UID() and stored["unit_title"] == unit.Title()
    assert stored["actor"] == "cy_archivist" and stored["passed"] is False
    assert stored["totals"] == {
        "items": 2,
        "passed": 1,
        "failed": 1,
        "files": 3,
        "bytes": 4,
        "problems": 2,
        "checks": {"authenticity": 1, "integrity": 0, "usability": 0, "security": 0},
        "sequence": 1,
    }
    assert [item["label"] for item in stored["items"]] == [
        "118-WS·2026-D10-BGS-0001",
        "118-WS·2026-D10-BGS-0002",
    ]
    (problem,) = stored["items"][1]["problems"]
    assert problem["file"] == "处理单（处理单.pdf）"
    assert problem["text"] == "文件内容与归档时不符（SHA-256、SM3 不一致），可能已被改动或损坏。"
    assert stored["items"][1]["outcomes"]["authenticity"] is False
    assert stored["sequence"][0]["text"] == "件号不连续：118-WS·2026-D10-BGS 缺少件号 1。"
    # on the site, never on the unit or a document
    assert ANNOTATION_KEY not in getattr(unit, "__annotations__", {})
    # results arriving as JSON dicts (from a worker) are stored the same
    again = reports.store_report(
        "archive", unit, 2026, [r.as_dict() for r in results()], [], "cy_archivist"
    )
    assert reports.report(again)["items"] == stored["items"]
    with pytest.raises(ValueError):
        reports.store_report("dance", unit, 2026, [], [], "x")


def test_r_r3_reports_are_listed_per_unit_and_year_newest_first(portal):
    unit, other = portal["changyuan"], portal["xinxiang"]
    first = reports.store_report("archive", unit, 2026, results()[:1], [], "cy_archivist")
    second = reports.store_report("check", unit, 2026, results(), [], "cy_archivist")
    older = reports.store_report("check", unit, 2025, [], [], "cy_archivist")
    elsewhere = reports.store_report("check", other, 2026, [], [], "xx_archivist")
    assert [h["id"] for h in reports.reports_for(unit, 2026)] == [second, first]
    assert [h["id"] for h in reports.reports_for(unit)] == [older, second, first]  # by time
    assert [h["id"] for h in reports.reports_for(unit, 2026, kind="archive")] == [first]
    assert [h["id"] for h in reports.reports_for(other)] == [elsewhere]
    assert "items" not in reports.reports_for(unit)[0]
    # ids that are not report ids are never looked up
    for bad in ("", "../x", "x" * 500, None, ["a"], second + "0"):
        assert reports.report(bad) is None


def test_r_r3_checks_page_lists_the_reports_and_starts_a_check_job(portal):
    unit = portal["changyuan"]
    folder = unit["archive"]
    archive_as(sent_outgoing(portal, title="关于开展2026年防汛检查的通知"), year=2026)
    portal.REQUEST.method = "GET"  # the render jobs' endpoints were called with POST
    report_id = reports.store_report("check", unit, 2026, results(), gap(), "cy_archivist")
    view, html = render_as(folder, "gongwen-archive-checks", "cy_archivist", year="2026")
    assert "2026年度四性检测" in html
    assert f"@@gongwen-archive-report?id={report_id}" in html
    assert "年度复检" in html and "未通过" in html
    assert "<td>2</td>" in html and "dict_items" not in html  # the report's items
    assert view.archived_count() >= 1
    assert "开始四性检测" in html
    view, _html = post_as(folder, "gongwen-archive-checks", "cy_archivist", year="2026")
    record = jobs.unfinished_job(unit, progress.CHECK, 2026)
    assert record is not None and record["actor"] == "cy_archivist"
    assert record["total"] == view.archived_count()
    location = portal.REQUEST.response.getHeader("location")
    assert f"@@gongwen-archive-job?id={record['id']}" in location
    # while it runs, the page shows its progress instead of the button
    _view, html = render_as(folder, "gongwen-archive-checks", "cy_archivist", year="2026")
    assert "四性检测正在进行" in html and "开始四性检测" not in html
    # a second start is refused with the reason, no second job
    post_as(folder, "gongwen-archive-checks", "cy_archivist", year="2026")
    assert len(jobs.jobs_of(unit, progress.CHECK)) == 1


def test_r_r3_checks_of_a_year_with_nothing_archived_is_refused(portal):
    folder = portal["changyuan"]["archive"]
    post_as(folder, "gongwen-archive-checks", "cy_archivist", year="1990")
    assert jobs.jobs_of(portal["changyuan"], progress.CHECK) == []
    assert "@@gongwen-archive-checks?year=1990" in portal.REQUEST.response.getHeader("location")


def test_r_r3_report_page_shows_failing_items_first_with_their_reasons(portal):
    unit = portal["changyuan"]
    report_id = reports.store_report("check", unit, 2026, results(), gap(), "cy_archivist")
    _view, html = render_as(unit["archive"], "gongwen-archive-report", "cy_archivist", id=report_id)
    assert "四性检测报告（年度复检）" in html
    assert "2 件，3 个文件，共 0.0 KB" in " ".join(html.split())
    assert "未通过：" in html
    failing = html.index("118-WS·2026-D10-BGS-0002")
    assert failing < html.index("118-WS·2026-D10-BGS-0001")
    assert "处理单（处理单.pdf）" in html
    assert "文件内容与归档时不符（SHA-256、SM3 不一致），可能已被改动或损坏。" in html
    assert "件号不连续：118-WS·2026-D10-BGS 缺少件号 1。" in html
    assert "打印" in html and "@media print" in html


def test_r_r3_report_pages_are_the_units_archivists_alone(portal):
    unit, other = portal["changyuan"], portal["xinxiang"]
    report_id = reports.store_report("check", unit, 2026, results(), [], "cy_archivist")
    # another unit's archive folder does not show it
    with pytest.raises(NotFound):
        render_as(other["archive"], "gongwen-archive-report", "xx_archivist", id=report_id)
    # nor any other folder, nor a made-up id
    with pytest.raises(NotFound):
        render_as(unit["outgoing"], "gongwen-archive-report", "cy_archivist", id=report_id)
    with pytest.raises(NotFound):
        render_as(unit["archive"], "gongwen-archive-report", "cy_archivist", id="nope")
    # staff without the archivist's permission are refused
    for user in ("cy_secretary1", "xx_archivist"):
        with pytest.raises(Unauthorized):
            render_as(unit["archive"], "gongwen-archive-report", user, id=report_id)
        with pytest.raises(Unauthorized):
            render_as(unit["archive"], "gongwen-archive-checks", user)
