"""R-D6 over plone.restapi: GET ``@gongwen-body`` lists the Word 正文's versions with their
authors and steps, the lock and what the caller may do; whoever may not see the 发文 gets
nothing of it."""

import transaction
from plone import api

from collective.gongwen.wordbody import actions
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.rest import demo
from tests.support.rest import get
from tests.support.rest import url_of
from tests.support.wordfiles import simple_docx

NAME = "关于做好汛前检查的通知.docx"


def test_r_d6_rest_lists_the_versions_and_the_lock(functional_portal, portal_url):
    document = draft_outgoing(functional_portal, text=None, main_recipients=["局属各科室"])
    with api.env.adopt_user(username="cy_eng_staff"):
        actions.upload_body(
            document, simple_docx("各单位：", "请做好汛前检查。"), NAME, "cy_eng_staff"
        )
    walk_until(document, DOWNWARD_PATH, "dept_review")
    with api.env.adopt_user(username="cy_eng_head"):
        actions.check_out(document, "cy_eng_head")
        actions.check_in(
            document, simple_docx("各单位：", "请认真做好汛前检查。"), NAME, "cy_eng_head"
        )
        actions.check_out(document, "cy_eng_head")
    transaction.commit()
    url = f"{url_of(portal_url, document)}/@gongwen-body"

    answer = get(url, demo("cy_eng_head"))
    assert answer.status_code == 200
    found = answer.json()
    assert found["has_word_body"] and found["file"].endswith("/zhengwen")
    assert [
        (v["number"], v["kind"], v["kind_title"], v["actor"], v["step_title"])
        for v in found["versions"]
    ] == [
        (1, "upload", "上传", "cy_eng_staff", "拟稿"),
        (2, "checkin", "签入", "cy_eng_head", "部门负责人核稿"),
    ]
    assert found["current"]["number"] == 2 and found["current"]["analysis"] is None
    assert found["lock"]["holder"] == "cy_eng_head"
    assert found["may_edit"] and not found["may_upload"]

    # the drafter reads it (a participant) but no longer edits it
    drafter = get(url, demo("cy_eng_staff")).json()
    assert drafter["lock"]["holder"] == "cy_eng_head" and not drafter["may_edit"]

    # someone of another department sees nothing of the 发文
    assert get(url, demo("cy_flood_staff")).status_code in (401, 403, 404)
