"""R-R3 over HTTP on the served site: the 四性检测 pages answer hostile requests with 4xx, never
500, and only the unit's archivists read them."""

import requests
import transaction

from collective.gongwen.archive import reports
from collective.gongwen.archive.checks import ItemResult
from tests.support.rest import demo

TIMEOUT = 60


def test_r_r3_check_pages_refuse_hostile_requests(functional_portal, portal_url):
    unit = functional_portal["changyuan"]
    report_id = reports.store_report(
        "check", unit, 2026, [ItemResult("118-WS·2026-D10-BGS-0001")], [], "cy_archivist"
    )
    transaction.commit()
    archive = f"{portal_url}/changyuan/archive"
    archivist = demo("cy_archivist")

    answer = requests.get(
        f"{archive}/@@gongwen-archive-report",
        params={"id": report_id},
        auth=archivist,
        timeout=TIMEOUT,
    )
    assert answer.status_code == 200 and "全部通过" in answer.text
    answer = requests.get(
        f"{archive}/@@gongwen-archive-checks?year=2026", auth=archivist, timeout=TIMEOUT
    )
    assert answer.status_code == 200 and report_id in answer.text

    # made-up or hostile ids: not found
    for bad in ("nope", "../../etc/passwd", "x" * 10_000, report_id + "'\"<script>"):
        answer = requests.get(
            f"{archive}/@@gongwen-archive-report",
            params={"id": bad},
            auth=archivist,
            timeout=TIMEOUT,
        )
        assert answer.status_code == 404, (bad[:40], answer.status_code)
    # a list of ids (refused before the view, or the last one not found)
    answer = requests.get(
        f"{archive}/@@gongwen-archive-report?id={report_id}&id=x",
        auth=archivist,
        timeout=TIMEOUT,
    )
    assert answer.status_code in (400, 404)
    # a page start that is no number, or out of range: refused by the site's bounds of the
    # batching parameters (api/params.py), else read by the page as its first or an empty one
    for start in ("abc", "-9e99", "99999999999999"):
        answer = requests.get(
            f"{archive}/@@gongwen-archive-report?id={report_id}&b_start={start}",
            auth=archivist,
            timeout=TIMEOUT,
        )
        assert answer.status_code in (200, 400), (start, answer.status_code)
    # bad years: 400 with the Chinese reason
    for year in ("abc", "99999", "1800", "2026' OR 1=1"):
        answer = requests.get(
            f"{archive}/@@gongwen-archive-checks",
            params={"year": year},
            auth=archivist,
            timeout=TIMEOUT,
        )
        assert answer.status_code == 400, (year, answer.status_code)
    # a POST without the CSRF token starts nothing
    answer = requests.post(
        f"{archive}/@@gongwen-archive-checks?year=2026", auth=archivist, timeout=TIMEOUT
    )
    assert answer.status_code == 403
    # anyone else: not the unit's archivist
    for user in ("cy_secretary1", "xx_archivist"):
        answer = requests.get(
            f"{archive}/@@gongwen-archive-report",
            params={"id": report_id},
            auth=demo(user),
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        assert answer.status_code in (302, 401, 403), (user, answer.status_code)
