"""R-S1 over real HTTP (the served test portal): the search page as a demo user, a malformed
request answered 400 in Chinese, the CSV export (UTF-8 BOM, Chinese header, formula-escaped),
anonymous visitors refused and saving a search only by a POST with the CSRF token."""

import csv
import io

import requests
import transaction

from tests.support.incoming import register_incoming
from tests.support.rest import demo

ORGAN = "检索导出测试局"


def test_r_s1_search_page_export_and_refusals_over_http(functional_portal, portal_url):
    first = register_incoming(
        functional_portal, title='=HYPERLINK("http://x") 关于汛期值班的通知', source_organ=ORGAN
    )
    second = register_incoming(
        functional_portal, title="关于防汛物资储备的通知", source_organ=ORGAN, urgency="urgent"
    )
    # 「日期（旧→新）」 orders by the creation date, a minute apart at least: the two are made
    # in one minute, so the first is dated an hour earlier (else their order is a tie's).
    first.creation_date = first.created() - 1 / 24
    first.reindexObject(idxs=["created"])
    transaction.commit()
    page = f"{portal_url}/@@gongwen-search"
    auth = demo("cy_secretary1")

    shown = requests.get(page, params={"organ": ORGAN}, auth=auth, timeout=60)
    assert shown.status_code == 200
    assert "公文检索" in shown.text and "共找到" in shown.text
    assert second.receipt_number in shown.text and first.receipt_number in shown.text

    refused = requests.get(page, params={"year": "abc"}, auth=auth, timeout=60)
    assert refused.status_code == 400
    assert "年度应为 1949 至 2100 之间的年份。" in refused.text

    exported = requests.get(
        f"{portal_url}/@@gongwen-search-export",
        params={"organ": ORGAN, "sort": "oldest"},
        auth=auth,
        timeout=60,
    )
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert exported.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["标题", "文号/收文编号", "档号"]
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://x") 关于汛期值班的通知',
        "关于防汛物资储备的通知",
    ]
    assert rows[2][1] == second.receipt_number and rows[2][7] == "加急"
    bad_export = requests.get(
        f"{portal_url}/@@gongwen-search-export", params={"size": "x"}, auth=auth, timeout=60
    )
    assert bad_export.status_code == 400 and "每页条数应为整数" in bad_export.text

    anonymous = requests.get(page, timeout=60, allow_redirects=False)
    assert anonymous.status_code in (302, 401)
    # another user does not see the secretary's registered 收文
    other = requests.get(page, params={"organ": ORGAN}, auth=demo("cy_fin_staff"), timeout=60)
    assert other.status_code == 200
    assert first.receipt_number not in other.text

    # saving: POST only, with the CSRF token
    save = f"{portal_url}/@@gongwen-search-save"
    assert requests.get(save, auth=auth, timeout=60).status_code == 405
    forged = requests.post(save, data={"title": "x", "query": "q=1"}, auth=auth, timeout=60)
    assert forged.status_code == 403
