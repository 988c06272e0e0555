"""R-SEC5 on the served site: a hostile body through REST POST and PATCH is stored clean; the
document walked over ``@workflow`` to 登记编号 gets a 正式文件 and a 发文稿纸 that embed
nothing, and no request reaches a server on 127.0.0.1; over the page cap, 登记编号 answers
200 and the document is numbered without a 正式文件 (no 500, no hang).
"""

import requests
import transaction
from plone import api
from plone.app.textfield.value import RichTextValue

from collective.gongwen.org.settings import IGongwenSettings
from collective.gongwen.typeset.rendered import render_refusal
from tests.functional.test_routing_rest import DOWNWARD_TRANSITIONS
from tests.support.fetching import KEPT_TEXT
from tests.support.fetching import embedded_files
from tests.support.fetching import fetching_marks
from tests.support.fetching import hostile_body
from tests.support.fetching import recording_server
from tests.support.outgoing import draft_outgoing
from tests.support.renders import run_render_jobs
from tests.support.rest import demo
from tests.support.rest import get
from tests.support.rest import patch
from tests.support.rest import post
from tests.support.rest import transition
from tests.support.rest import url_of

DRAFTER = demo("cy_eng_staff")
SENTENCE = "为切实做好今年汛前检查工作确保堤防工程安全度汛现将有关事项通知如下各单位要高度重视"


def to_numbered(url):
    for user, name, comment, after in DOWNWARD_TRANSITIONS:
        response = transition(url, user, name, comment)
        assert response.status_code == 200, (user, name, response.text)
        if after == "secretary_check":
            return


def test_r_sec5_rest_post_and_patch_store_clean_and_pdfs_fetch_nothing(
    functional_portal, portal_url
):
    unit = functional_portal["changyuan"]
    department = unit["engineering"].UID()
    with recording_server() as server:
        response = post(
            f"{portal_url}/changyuan/outgoing",
            {
                "@type": "gongwen_outgoing",
                "title": "关于做好汛前检查的通知",
                "doc_kind": "notice",
                "direction": "downward",
                "drafting_department": department,
                "main_recipients": ["局属各单位"],
                "text": {"data": hostile_body(server.base), "content-type": "text/html"},
            },
            DRAFTER,
        )
        assert response.status_code == 201, response.text
        url = response.json()["@id"]
        transaction.begin()
        document = unit["outgoing"][url.rsplit("/", 1)[1]]
        assert fetching_marks(document.text.raw) == []
        assert all(text in document.text.raw for text in KEPT_TEXT)

        response = patch(
            url, {"text": {"data": f"<p>修改后</p>{hostile_body(server.base)}"}}, DRAFTER
        )
        assert response.status_code == 204, response.text
        transaction.begin()
        assert fetching_marks(document.text.raw) == [] and "修改后" in document.text.raw
        shown = get(url, DRAFTER).json()["text"]["data"]
        assert fetching_marks(shown) == []

        to_numbered(url)
        transaction.begin()  # the served site's commits
        run_render_jobs(document)  # the worker's renders (R-RUN1), here in the test's process
        transaction.commit()
        official = requests.get(f"{url}/official/@@download/file", auth=DRAFTER, timeout=60)
        slip = requests.get(f"{url}/@@gongwen-slip", auth=DRAFTER, timeout=60)
        assert server.hits == []
    assert official.status_code == 200 and official.content.startswith(b"%PDF")
    assert slip.status_code == 200 and slip.content.startswith(b"%PDF")
    assert embedded_files(official.content) == [] and embedded_files(slip.content) == []


def test_r_sec5_over_the_page_cap_numbering_over_rest_is_not_a_500(functional_portal, portal_url):
    api.portal.set_registry_record("render_max_pages", 10, interface=IGongwenSettings)
    paragraphs = "".join(f"<p>{SENTENCE * 6}</p>" for _ in range(45))
    document = draft_outgoing(
        functional_portal,
        main_recipients=["局属各单位"],
        text=RichTextValue(paragraphs, "text/html", "text/x-html-safe"),
    )
    transaction.commit()
    try:
        url = url_of(portal_url, document)
        to_numbered(url)
        transaction.begin()
        run_render_jobs(document)  # the worker's render (R-RUN1) refuses it: over the cap
        assert document.issue_number and "official" not in document.objectIds()
        assert "超过单个文件" in render_refusal(document).default
    finally:
        transaction.begin()
        api.portal.set_registry_record("render_max_pages", 300, interface=IGongwenSettings)
        transaction.commit()
