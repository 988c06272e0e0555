"""R-SEC5: malformed client requests are answered 4xx, never 500 (real HTTP, functional layer).

The corpus of ``tests/support/malformed.py`` is sent to the served site —
plone.restapi's services on our types, our own services and our pages — as
a drafter and, for what a drafter cannot reach, as Manager. No answer may be
a 5xx; every REST error answer is JSON with a Chinese ``message``, every
page error a 4xx page in Chinese.
"""

import re

import pytest
import requests
import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.namedfile.file import NamedBlobFile

from tests.support.incoming import register_incoming
from tests.support.malformed import page_cases
from tests.support.malformed import rest_cases
from tests.support.outgoing import draft_outgoing

PASSWORD = "gongwen2026"  # the demo organisation's password (profiles/demo)
DRAFTER = ("cy_eng_staff", PASSWORD)
MANAGER = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
CHINESE = re.compile("[\u4e00-\u9fff]")


def relative(obj):
    return "/".join(obj.getPhysicalPath()[2:])


@pytest.fixture
def targets(functional_portal):
    """The content the corpus is sent to, committed: ``{name: path below the site}``."""
    portal = functional_portal
    unit = portal["changyuan"]
    document = draft_outgoing(portal, "downward", main_recipients=["局属各科室"])
    incoming = register_incoming(portal)
    with api.env.adopt_user(username="cy_eng_staff"):
        attachment = api.content.create(
            container=document,
            type="gongwen_attachment",
            id="plan",
            title="检查方案",
            file=NamedBlobFile(b"%PDF-1.4\n%%EOF\n", filename="plan.pdf"),
        )
        news = api.content.create(
            container=unit["engineering"], type="gongwen_news", title="工程管理科完成汛前检查"
        )
    with api.env.adopt_user(username="cy_secretary1"):
        notice = api.content.create(
            container=unit, type="gongwen_notice", title="关于调整作息时间的通知"
        )
    transaction.commit()
    return {
        "doc": relative(document),
        "incoming": relative(incoming),
        "attachment": relative(attachment),
        "notice": relative(notice),
        "news": relative(news),
        "unit": relative(unit),
        "department": relative(unit["engineering"]),
        "folder": relative(unit["outgoing"]),
    }


def send(case, portal_url, targets):
    auth = MANAGER if case.manager else DRAFTER
    return requests.request(
        case.method,
        case.url(portal_url, targets),
        params=case.params,
        data=case.body,
        headers=case.request_headers(),
        auth=auth,
        allow_redirects=False,
        timeout=60,
    )


def error_message(data):
    """The ``message`` of a REST error answer, raised (top level) or returned (``error``)."""
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return data["error"].get("message")
    return data.get("message") if isinstance(data, dict) else None


def problem(case, response):
    """What is wrong with the answer to ``case``; None when it is a proper answer."""
    status = response.status_code
    if status >= 500:
        try:
            data = response.json()
            return f"{status} {data.get('type')}: {data.get('detail', data.get('message'))}"[:300]
        except ValueError:
            return f"{status}: {response.text[:300]}"
    if status < 400 or case.method == "HEAD" or not case.chinese:
        return None
    if not case.rest:
        if not CHINESE.search(response.text):
            return f"{status} page without Chinese: {response.text[:200]}"
        return None
    try:
        message = error_message(response.json())
    except ValueError:
        return f"{status} not JSON: {response.headers.get('Content-Type')} {response.text[:200]}"
    if not (isinstance(message, str) and CHINESE.search(message)):
        return f"{status} message not Chinese: {response.text[:300]}"
    return None


def run(cases, portal_url, targets):
    """``{case name: problem}`` for every case whose answer is not proper; statuses seen."""
    problems, statuses = {}, {}
    for case in cases:
        response = send(case, portal_url, targets)
        statuses[case.name] = response.status_code
        found = problem(case, response)
        if found:
            problems[f"{case.method} {case.name}"] = found
    return problems, statuses


@pytest.mark.slow
def test_r_sec5_malformed_rest_requests_are_4xx_with_chinese_json(portal_url, targets):
    cases = rest_cases()
    assert len(cases) >= 60
    problems, statuses = run(cases, portal_url, targets)
    assert problems == {}, "\n".join(f"{k} → {v}" for k, v in problems.items())
    # The corpus is refused, not taken: most answers are client errors.
    refused = [name for name, status in statuses.items() if 400 <= status < 500]
    assert len(refused) >= 0.8 * len(cases)


@pytest.mark.slow
def test_r_sec5_malformed_page_requests_are_never_500(portal_url, targets):
    cases = page_cases()
    problems, _statuses = run(cases, portal_url, targets)
    assert problems == {}, "\n".join(f"{k} → {v}" for k, v in problems.items())


@pytest.mark.parametrize(
    "query",
    ["b_start:int=abc", "b_size:float=x", "created:date=notadate", "b_start:long=9e"],
)
def test_r_sec5_typed_form_fields_that_do_not_convert_are_400(portal_url, query):
    """Zope converts ``name:int`` before any site is reached; a bad value is the client's."""
    for url in (f"{portal_url}?{query}", f"{portal_url}/changyuan/outgoing?{query}"):
        response = requests.get(url, auth=DRAFTER, timeout=60, allow_redirects=False)
        assert response.status_code == 400, (url, response.status_code)
