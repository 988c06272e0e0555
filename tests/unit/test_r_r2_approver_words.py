"""R-R2 in plain Python: how a 销毁申请 is named to its approvers — the row of 我的待办 and the
mail (its subject, the items listed, the link, the footer) — and which functions may approve
it (档案设置)."""

from zope.i18n import translate

from collective.gongwen.archive import disposal_rules as rules


def tr(message):
    # the portal's language (zh_CN), not the domain's fallback (en)
    return translate(message, target_language="zh_CN")


def request(count):
    return {
        "id": "2026-0003",
        "unit_title": "长垣河务局",
        "reason": "保管期限已满，经鉴定无保存价值。",
        "items": [
            {"archival_code": f"118-WS·2015-D10-BGS-{n:04d}", "title": f"通知{n}"}
            for n in range(1, count + 1)
        ],
    }


def test_r_r2_todo_row_words():
    assert tr(rules.todo_title("2026-0001", 3)) == "销毁申请 2026-0001（3 件）待您审批"
    assert tr(rules.TODO_KIND) == "销毁申请"
    assert tr(rules.todo_step("监销人")) == "监销人审批"


def test_r_r2_mail_names_the_request_its_items_and_the_link():
    assert tr(rules.mail_subject("2026-0003", 2)) == "【待办】销毁申请 2026-0003（2 件）待您审批"
    url = "http://x/changyuan/archive/@@gongwen-destruction?id=2026-0003"
    body = rules.mail_body(tr, request(2), "郑红", url, "http://x/@@gongwen-mail-settings")
    lines = body.splitlines()
    assert lines[0] == "长垣河务局档案员郑红提出了销毁申请 2026-0003，共 2 件，待您审批："
    assert "销毁理由：保管期限已满，经鉴定无保存价值。" in lines
    assert "1. 118-WS·2015-D10-BGS-0001 通知1" in lines
    assert "2. 118-WS·2015-D10-BGS-0002 通知2" in lines
    assert f"审批：{url}" in lines
    assert body.rstrip().endswith("http://x/@@gongwen-mail-settings")


def test_r_r2_mail_lists_the_first_items_and_counts_the_rest():
    body = rules.mail_body(tr, request(rules.MAIL_ITEMS_LISTED + 7), "郑红", "u", "s")
    assert f"{rules.MAIL_ITEMS_LISTED}. 118-WS" in body
    assert f"{rules.MAIL_ITEMS_LISTED + 1}. 118-WS" not in body
    assert "……另有 7 件，见销毁申请。" in body


FUNCTIONS = {"director": "局长", "office_heads": "办公室负责人", "archivists": "档案员"}


def test_r_r2_approving_functions_are_checked():
    problem = rules.approvers_problem
    assert problem(["office_heads", "director"], FUNCTIONS) is None
    assert tr(problem([], FUNCTIONS)) == "请至少选择一个销毁审批职能。"
    assert tr(problem(None, FUNCTIONS)) == "请至少选择一个销毁审批职能。"
    assert tr(problem(["director", "x" * 80], FUNCTIONS)) == f"「{'x' * 50}」不是单位职能。"
    assert tr(problem(["director", "director"], FUNCTIONS)) == "销毁审批职能「局长」重复。"
    assert "档案员不能同时作为" in tr(problem(["director", "archivists"], FUNCTIONS))
