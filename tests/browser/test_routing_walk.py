"""A 下行文 通知 and a 上行文 请示 carried through the bureau in Chromium by the
people whose steps they are (R-O1, R-O2, R-O3, R-O4, R-O5, R-O7, R-O8, R-O10).

The drafter submits; the department head returns it with a reason; resubmitted,
it is approved; the office head asks two leaders to 会签, one co-signs and
forwards to a third, the last co-signer's 会签 sends it back to the office;
the supervising leader signs, the print room numbers it, a secretary sends
it. The 请示 goes up through the supervising leader's 审阅 to the director's
签发 (R-O4: nobody numbers it before). At each step a demo user who is not
the assignee sees no form.
"""

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.exchange.deliveries import deliveries
from tests.browser.conftest import log_in
from tests.browser.conftest import official_arrives
from tests.support.outgoing import body
from tests.support.outgoing import draft_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "gongwen2026"


@pytest.fixture
def notice(functional_portal):
    document = draft_outgoing(
        functional_portal,
        id="inspection-notice",
        title="关于开展汛前堤防检查的通知",
        main_recipients=["局属各科室"],
        cc_recipients=["新乡河务局"],
        text=body("<p>请各科室于六月底前完成堤防检查。</p>"),
    )
    transaction.commit()
    return document


class Walk:
    """One browser, the users logging in one after another."""

    def __init__(self, page, portal_url, document, screenshot):
        self.page, self.portal_url, self.url, self.shot = (
            page,
            portal_url,
            document.absolute_url(),
            screenshot,
        )

    def as_user(self, user):
        self.page.goto(f"{self.portal_url}/logout")
        log_in(self.page, self.portal_url, user, PASSWORD)
        self.page.goto(self.url)
        return self.page.locator("#gongwen-routing")

    def state(self, panel, title):
        expect(panel.locator(".gongwen-routing-state")).to_have_text(title)

    def act(self, user, button, opinion="", leaders=(), then=None, shot=None):
        panel = self.as_user(user)
        if opinion:
            panel.locator("textarea[name=opinion]").fill(opinion)
        for leader in leaders:
            panel.locator(f"input[name='assignees:list'][value='{leader}']").check()
        panel.get_by_role("button", name=button, exact=True).click()
        expect(self.page.locator(".portalMessage").first).to_contain_text("已办理")
        if then:
            self.state(self.page.locator("#gongwen-routing"), then)
        if shot:
            self.shot(self.page, shot)

    def refused_to(self, user):
        """A demo user who does not hold the step sees no form (or not even the page)."""
        panel = self.as_user(user)
        expect(panel.locator("form.gongwen-act")).to_have_count(0)


def test_r_o1_r_o7_notice_from_draft_to_sent_with_return_and_countersign(
    page, portal_url, conversion_worker, notice, screenshot
):
    walk = Walk(page, portal_url, notice, screenshot)
    walk.act("cy_eng_staff", "提交", then="部门负责人核稿")
    walk.refused_to("cy_flood_head")

    # R-O2: no approval without an opinion; R-O3: returned with a reason.
    panel = walk.as_user("cy_eng_head")
    panel.get_by_role("button", name="同意，送下一环节").click()
    expect(page.locator(".portalMessage").first).to_contain_text("请填写意见")
    walk.act("cy_eng_head", "退回拟稿人", "检查时限写明到日。", then="拟稿", shot="returned")
    walk.act("cy_eng_staff", "提交", then="部门负责人核稿")
    walk.act("cy_eng_head", "同意，送下一环节", "同意。", then="办公室负责人把关")
    walk.refused_to("cy_leader1")

    # R-O7: 会签 by two leaders, one forwards to a third; the last sends it back.
    walk.act(
        "cy_office_head", "请领导会签", "请各位局领导会签。",
        leaders=("cy_leader1", "cy_leader3"), then="领导会签", shot="countersign",
    )  # fmt: skip
    walk.refused_to("cy_leader2")
    walk.act(
        "cy_leader1", "会签", "同意，请王局长一并阅。", leaders=("cy_leader2",), then="领导会签"
    )
    walk.act("cy_leader3", "会签", "同意。", then="领导会签")
    # the last pending co-signer's action is 送秘书
    walk.act("cy_leader2", "送秘书", "同意。", then="办公室负责人把关", shot="countersigned")

    walk.act("cy_office_deputy", "同意，送下一环节", "会签完毕，请签发。", then="主管局领导签发")
    transaction.begin()
    signer = notice.assignees[0]
    walk.refused_to("cy_director")
    walk.act(signer, "签发", "同意印发。", then="文印室登记编号排版")
    walk.refused_to("cy_secretary1")
    walk.act("cy_print", "登记编号", then="办公室秘书审核发送")
    # R-T1: numbering typeset the 正式文件 (by the worker, R-RUN1), listed with the files
    official = official_arrives(page)
    expect(official).to_contain_text("长河〔")
    expect(official).to_contain_text("关于开展汛前堤防检查的通知.pdf")
    walk.act("cy_secretary1", "审核发送", then="已发送", shot="sent")

    transaction.begin()
    assert notice.issue_number.startswith("长河〔")  # R-O8
    assert notice.signer  # R-O5: filled from the 签发
    history = page.locator("#gongwen-routing .gongwen-routing-history tbody tr")
    expect(history).to_have_count(
        12
    )  # 提交, 退回, 提交, 同意, 请会签, 3 × 会签, 同意, 签发, 编号, 发送
    expect(page.locator("#gongwen-routing")).to_contain_text("检查时限写明到日。")


@pytest.fixture
def request_for_instructions(functional_portal):
    document = draft_outgoing(
        functional_portal,
        "upward",
        id="repair-request",
        title="关于申请堤防应急维修经费的请示",
        doc_kind="request",
        main_recipients=["新乡河务局"],
        text=body("<p>拟对险工段进行应急维修，请予批准。</p>"),
    )
    transaction.commit()
    return document


def test_r_o1_r_o4_request_goes_up_through_the_director(
    page, portal_url, conversion_worker, request_for_instructions, screenshot
):
    document = request_for_instructions
    walk = Walk(page, portal_url, document, screenshot)
    walk.act("cy_eng_staff", "提交", then="部门负责人核稿")
    walk.act("cy_eng_head", "同意，送下一环节", "同意上报。", then="办公室负责人把关")
    walk.act("cy_office_head", "同意，送下一环节", "文字已核。", then="主管局领导审阅")
    transaction.begin()
    reviewer = document.assignees[0]
    # R-O4: the supervising leader reviews but cannot sign an upward document,
    # and the print room cannot number it before the director has signed.
    panel = walk.as_user(reviewer)
    expect(panel.get_by_role("button", name="签发", exact=True)).to_have_count(0)
    walk.refused_to("cy_print")
    walk.act(reviewer, "同意，送下一环节", "同意，请局长签发。", then="局长签发")
    walk.refused_to("cy_leader1" if reviewer != "cy_leader1" else "cy_leader3")
    walk.act("cy_director", "签发", "同意上报。", then="文印室登记编号排版", shot="director-signed")
    walk.act("cy_print", "登记编号", then="办公室秘书审核发送")
    official_arrives(page)  # the worker's 正式文件 (R-RUN1), which 审核发送 needs (R-T1)
    walk.act("cy_secretary2", "审核发送", then="已发送", shot="request-sent")
    transaction.begin()
    assert document.issue_number.startswith("长河〔")
    assert [(d["recipient"], d["kind"]) for d in deliveries(document)] == [("新乡河务局", "main")]
