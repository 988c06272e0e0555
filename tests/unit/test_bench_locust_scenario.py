"""Issue 21 item 4: the load test's plain-Python half (``bench/locust/scenario.py``): accounts,
think time, request names, what is an error, and reading the portal's pages (我的待办, the 办理
form with its CSRF token, the files' 查看 links, the viewer's page image). The HTML is cut
from pages the portal served (a demo site, 2026-12-06)."""

import random

import pytest

from bench.locust import scenario

SITE = "http://127.0.0.1:8080/Plone"
DOC = f"{SITE}/changyuan/outgoing/demo-2026-flood-supplies"

TODO_PAGE = f"""
<table><tbody>
  <tr class="gongwen-todo-item">
    <td class="text-nowrap gongwen-todo-type" data-label="类别">发文</td>
    <td class="gongwen-cell-title" data-label="标题">
      <a href="{DOC}">关于做好2027年度防汛抢险物资储备工作的通知</a>
    </td>
    <td data-label="当前环节">
      办公室负责人把关
      <div class="small discreet gongwen-todo-holders">陈静、刘芳</div>
    </td>
  </tr>
  <tr class="gongwen-todo-item" data-source="destruction">
    <td><a href="{SITE}/changyuan/incoming/in-1?a=1&amp;b=2">收文</a></td>
  </tr>
</tbody></table>
<a href="{SITE}/elsewhere">不是待办</a>
"""

DOCUMENT_PAGE = f"""
<form method="post" class="gongwen-mark-read mb-2" action="{DOC}/@@gongwen-mark-read">
  <input type="hidden" name="_authenticator" value="other" />
  <button type="submit" name="action" value="read">已阅</button>
</form>
<form method="post" class="gongwen-act" action="{DOC}/@@gongwen-act">
    <input type="hidden" name="_authenticator" value="6ddab4d2ed9a6126c566392af80c7867650dc5b8" />
    <input type="hidden" name="state" value="office_review" />
    <input type="hidden" name="seen" value="2" />
    <input class="form-check-input" type="checkbox" name="assignees:list" value="cy_leader1" />
    <textarea name="opinion" id="gongwen-opinion" rows="3" class="form-control"></textarea>
      <button type="submit" name="action" value="approve">同意，送下一环节</button>
      <button type="submit" name="action" value="request_countersign">请领导会签</button>
      <button type="submit" name="action" value="return">退回拟稿人</button>
</form>
<a class="gongwen-view" href="{DOC}?file=zhengwen#gongwen-viewer">查看</a>
<a class="gongwen-download" href="{DOC}/zhengwen/@@download/file">下载</a>
<a class="gongwen-view" href="{DOC}?file=slip#gongwen-viewer">查看</a>
<a class="gongwen-view" href="{DOC}?file=slip#gongwen-viewer">查看</a>
<a href="{SITE}/changyuan/outgoing/other?file=slip#gongwen-viewer">另一份公文</a>
"""

VIEWER_PAGE = (
    '<div class="pat-documentviewer DV-container" data-pat-documentviewer="{&quot;height&quot;:'
    " 700, &quot;resources&quot;: {&quot;page&quot;: {&quot;image&quot;: &quot;"
    f"{SITE}/@@dvpdffiles/e/3/e36867b8/{{size}}/dump_{{page}}.jpg&quot;, &quot;text&quot;:"
    f' &quot;{SITE}/@@dvpdffiles/e/3/e36867b8/text/dump_{{page}}.txt&quot;}}}}}}">'
)


def test_load_accounts_one_each_then_shared_round_robin():
    logins = [scenario.account_for(number) for number in range(len(scenario.ACCOUNTS))]
    assert len(set(logins)) == len(scenario.ACCOUNTS)  # one account per user while they last
    assert scenario.account_for(len(scenario.ACCOUNTS)) == logins[0]
    spread = [scenario.account_for(number) for number in range(200)]
    counts = {login: spread.count(login) for login in set(spread)}
    assert max(counts.values()) - min(counts.values()) <= 1
    assert not any(login.startswith(("gw_", "admin")) for login in scenario.ACCOUNTS)
    with pytest.raises(ValueError):
        scenario.account_for(-1)


def test_load_think_time_and_its_setting():
    rng = random.Random(3)
    waits = [scenario.think_time(rng) for _ in range(500)]
    assert min(waits) >= scenario.THINK_MIN and max(waits) <= scenario.THINK_MAX
    assert max(waits) - min(waits) > 4  # spread, not a constant
    assert scenario.think_range("") == (scenario.THINK_MIN, scenario.THINK_MAX)
    assert scenario.think_range("0,0") == (0.0, 0.0)
    assert scenario.think_range("1.5,3") == (1.5, 3.0)
    for wrong in ("3,1", "-1,2", "a,b", "1", "1,2,3", "0,601"):
        with pytest.raises(ValueError):
            scenario.think_range(wrong)


def test_load_request_names_one_per_type():
    assert len(set(scenario.TYPES)) == len(scenario.TYPES) == 8
    assert scenario.TODO == "我的待办"


def test_load_error_is_a_bad_status_or_an_error_page():
    assert scenario.error_in(200, "<p>首页</p>") == ""
    assert scenario.error_in(302, "") == ""
    assert scenario.error_in(500, "") == "HTTP 500"
    assert scenario.error_in(404, "<p>页面不存在</p>") == "HTTP 404"
    refused = (
        '<div class="portalMessage statusmessage statusmessage-error alert alert-danger">'
        "<strong>错误</strong> 公文已被他人处理，当前环节为办公室把关，请刷新后重试。</div>"
    )
    why = scenario.error_in(200, refused)
    assert why.startswith("statusmessage-error") and "公文已被他人处理" in why
    assert scenario.error_in(503, "<h1>系统维护中</h1>") == "HTTP 503"
    assert "系统维护中" in scenario.error_in(200, "<h1>系统维护中</h1>")
    info = '<div class="portalMessage statusmessage statusmessage-info">已办理「退回」</div>'
    assert scenario.error_in(200, info) == ""


def test_load_todo_links_and_who_holds_them():
    assert scenario.todo_links(TODO_PAGE) == [DOC, f"{SITE}/changyuan/incoming/in-1?a=1&b=2"]
    assert scenario.todo_links("<p>暂无待办</p>") == []
    # two holders at 办公室把关: only read, never acted on (they would race)
    assert scenario.todo_rows(TODO_PAGE) == [
        (DOC, True),
        (f"{SITE}/changyuan/incoming/in-1?a=1&b=2", False),
    ]
    alone = TODO_PAGE.replace("陈静、刘芳", "刘芳")
    assert scenario.todo_rows(alone)[0] == (DOC, False)


def test_load_act_form_with_its_token_and_the_pool_keeping_action():
    url, fields, actions = scenario.act_form(DOCUMENT_PAGE)
    assert url == f"{DOC}/@@gongwen-act"
    assert fields == {
        "_authenticator": "6ddab4d2ed9a6126c566392af80c7867650dc5b8",
        "state": "office_review",
        "seen": "2",
    }
    assert actions == ("approve", "request_countersign", "return")
    assert scenario.chosen_action(actions) == "return"
    assert scenario.chosen_action(("submit", "void")) == "submit"
    assert scenario.chosen_action(("approve", "sign", "number")) is None  # read only
    data = scenario.act_data(fields, "return")
    assert data["opinion"] == scenario.RETURN_REASON and data["action"] == "return"
    assert data["_authenticator"] == fields["_authenticator"] and data["seen"] == "2"
    assert scenario.act_data(fields, "submit")["opinion"] == ""
    assert scenario.act_form("<form class='search'></form>") is None


def test_load_file_links_of_the_document_and_the_viewer_image():
    assert scenario.file_links(DOCUMENT_PAGE, DOC) == [f"{DOC}?file=zhengwen", f"{DOC}?file=slip"]
    assert scenario.page_image_url(VIEWER_PAGE) == (
        f"{SITE}/@@dvpdffiles/e/3/e36867b8/large/dump_1.jpg"
    )
    assert scenario.page_image_url(VIEWER_PAGE, 3).endswith("/large/dump_3.jpg")
    assert scenario.page_image_url('<p class="gongwen-viewer-status">转换中</p>') is None


def test_load_queries_from_the_search_corpus():
    queries = scenario.load_queries()
    assert len(queries) >= 20 and "防汛" in queries
    assert all(isinstance(query, str) and query for query in queries)


def test_load_bench_accounts_for_more_users_than_the_demo_has():
    assert scenario.accounts_from("") == scenario.accounts_from("demo") == scenario.ACCOUNTS
    accounts = scenario.accounts_from("bench:174")
    assert len(accounts) == 200 == len(set(accounts))
    assert accounts[:26] == scenario.ACCOUNTS
    assert accounts[26] == "bench_user_001" and accounts[-1] == "bench_user_174"
    # 200 users, 200 accounts: nobody shares
    assert len({scenario.account_for(n, accounts) for n in range(200)}) == 200
    for wrong in ("bench", "bench:0", "bench:x", "bench:1000", "admin:1", "gw_admin"):
        with pytest.raises(ValueError):
            scenario.accounts_from(wrong)
    with pytest.raises(ValueError):
        scenario.bench_login(0)


def test_load_bench_users_spread_over_the_drafting_departments():
    from bench import bench_users

    first = bench_users.departments_in_turn(4)
    assert len(set(first)) == 4  # the first four already cover every department
    spread = bench_users.departments_in_turn(310)
    counts = {dept: spread.count(dept) for dept in set(spread)}
    assert counts == {
        ("changyuan", "flood"): 110,
        ("changyuan", "engineering"): 90,
        ("changyuan", "finance"): 70,
        ("xinxiang", "water"): 40,
    }
