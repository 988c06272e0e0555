"""R-SEC5 bounds through plone.restapi (functional layer, real HTTP).

POST and PATCH of a value over its bound, and ``@workflow`` with a comment
over the opinion limit, answer 400 with JSON carrying the Chinese message
that names the limit; the object is left as it was.
"""

import pytest
import requests
import transaction
from plone import api

from collective.gongwen.steps.opinions import opinions
from tests.functional.test_routing_rest import notice  # noqa: F401 (fixture)
from tests.support.rest import JSON
from tests.support.rest import OWNER
from tests.support.rest import committed_url
from tests.support.rest import docs_folder
from tests.support.rest import get
from tests.support.rest import items
from tests.support.rest import patch
from tests.support.rest import post
from tests.support.rest import transition


@pytest.fixture
def docs(functional_portal, portal_url):
    """A committed folder for the documents; its URL."""
    return committed_url(portal_url, docs_folder(functional_portal))


def error_text(response):
    """Everything the JSON error says (plone.restapi lists field errors in ``message``)."""
    assert response.headers["Content-Type"].startswith("application/json"), response.text[:300]
    return str(response.json())


OUTGOING = {"@type": "gongwen_outgoing", "title": "关于防汛工作的通知", "doc_kind": "notice"}
INCOMING = {
    "@type": "gongwen_incoming",
    "title": "关于转发防汛工作要求的通知",
    "source_organ": "新乡河务局",
    "source_number": "新河〔2026〕77号",
    "received_date": "2026-05-01",
    "copies": 2,
    "doc_kind": "notice",
}


def test_r_sec5_rest_post_megabyte_title_is_400_in_chinese(docs):
    response = post(docs, {**OUTGOING, "title": "长" * 1_000_000})
    assert response.status_code == 400
    error = response.json()
    assert error["message"] == "标题不能超过 200 字（现为 1,000,000 字）。"
    assert error["errors"] == [{"field": "title", "message": error["message"]}]
    assert items(docs) == []


def test_r_sec5_rest_field_errors_in_english_name_each_field(docs):
    response = requests.post(
        docs,
        json={**OUTGOING, "title": "长" * 300, "remarks": "注" * 2001},
        headers=JSON,
        cookies={"I18N_LANGUAGE": "en"},  # English on request (issue 19), not Accept-Language
        auth=OWNER,
        timeout=60,
    )
    assert response.status_code == 400
    error = response.json()
    assert {entry["field"] for entry in error["errors"]} == {"title", "remarks"}
    assert "Title may have at most 200 characters (it has 300)." in error["message"]
    assert "may have at most 2,000 characters (it has 2,001)." in error["message"]


def test_r_sec5_rest_post_at_the_limits_is_accepted(docs):
    response = post(
        docs,
        {
            **OUTGOING,
            "title": "题" * 200,
            "main_recipients": ["机关" * 50] * 100,
            "remarks": "注" * 2000,
            "text": "<p>" + "字" * 61_600 + "</p>",
        },
    )
    assert response.status_code == 201, response.text[:500]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"copies": 10**30}, "份数应在 1 至 9,999 之间（现为 约 10^30）。"),
        ({"copies": -3}, "份数应在 1 至 9,999 之间（现为 -3）。"),
        ({"received_date": "9999-12-31"}, "收文日期的年份应在 1949 至 2100 之间（现为 9999 年）。"),
        ({"source_organ": "新" * 101}, "来文机关不能超过 100 字（现为 101 字）。"),
        ({"secrecy_period": "年" * 21}, "保密期限不能超过 20 字（现为 21 字）。"),
    ],
)
def test_r_sec5_rest_patch_incoming_over_a_bound_is_400_and_unchanged(docs, values, message):
    url = post(docs, INCOMING).json()["@id"]
    before = get(url).json()
    response = patch(url, values)
    assert response.status_code == 400
    assert message in error_text(response)
    after = get(url).json()
    for name in values:
        assert after[name] == before[name]


def test_r_sec5_rest_patch_body_and_lists_over_bounds_is_400(docs):
    url = post(docs, {**OUTGOING, "text": "<p>原文</p>"}).json()["@id"]
    response = patch(url, {"text": "<p>" + "字" * 61_601 + "</p>"})
    assert response.status_code == 400
    assert "正文不能超过 61,600 字（约 100 页）（现为 61,601 字）。" in error_text(response)
    response = patch(url, {"text": "<b></b>" * 300_000})
    assert response.status_code == 400
    assert "正文的 HTML 代码不能超过 1,971,200 个字符" in error_text(response)
    response = patch(url, {"cc_recipients": ["抄送"] * 1000})
    assert response.status_code == 400
    assert "抄送机关不能超过 100 项（现为 1,000 项）。" in error_text(response)
    document = get(url).json()
    assert "原文" in document["text"]["data"]
    assert document["cc_recipients"] in (None, [])


def test_r_sec5_rest_workflow_comment_over_the_limit_is_400_and_nothing_moves(notice):  # noqa: F811
    document, url = notice
    assert transition(url, "cy_eng_staff", "submit").status_code == 200
    transaction.begin()
    effective = document.EffectiveDate()
    response = transition(url, "cy_eng_head", "approve", "同" * 3001)
    assert response.status_code == 400
    assert "意见不能超过 3,000 字（现为 3,001 字）。" in error_text(response)
    transaction.begin()
    assert api.content.get_state(obj=document) == "dept_review"
    assert [r.action for r in opinions(document)] == ["submit"]
    assert document.EffectiveDate() == effective
    assert transition(url, "cy_eng_head", "approve", "同" * 3000).status_code == 200


def test_r_sec5_rest_stock_workflow_on_a_notice_bounds_the_comment(functional_portal, portal_url):
    with api.env.adopt_roles(["Manager"]):
        notice = api.content.create(
            container=functional_portal.changyuan, type="gongwen_notice", title="停电通知"
        )
        workflow_tool = api.portal.get_tool("portal_workflow")
        first = workflow_tool.getTransitionsFor(notice)[0]["id"]
        history = len(workflow_tool.getInfoFor(notice, "review_history"))
        state = api.content.get_state(obj=notice)
    transaction.commit()
    url = f"{portal_url}/changyuan/{notice.getId()}"
    response = post(f"{url}/@workflow/{first}", {"comment": "说" * 5000})
    assert response.status_code == 400
    assert "意见不能超过 3,000 字（现为 5,000 字）。" in error_text(response)
    transaction.begin()
    with api.env.adopt_roles(["Manager"]):
        assert api.content.get_state(obj=notice) == state
        assert len(workflow_tool.getInfoFor(notice, "review_history")) == history


def test_r_sec5_rest_patch_notice_publication_date_out_of_range(functional_portal, portal_url):
    with api.env.adopt_roles(["Manager"]):
        notice = api.content.create(
            container=functional_portal.changyuan, type="gongwen_notice", title="停电通知"
        )
    transaction.commit()
    url = f"{portal_url}/changyuan/{notice.getId()}"
    response = patch(url, {"expires": "9999-01-01T00:00:00"})
    assert response.status_code == 400
    assert "1949 至 2100 之间（现为 9999 年）" in error_text(response)
    assert patch(url, {"expires": "2027-01-01T00:00:00"}).status_code == 204
