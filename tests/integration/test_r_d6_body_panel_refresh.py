"""R-D6: after 签出编辑 (its answer is the file) the 正文 panel is fetched by itself and put in
place of the shown one (body-wait.js): it brings the lock, the 签入 form and the message, and
nothing else of the 处理笺 is reloaded."""

from plone import api
from Products.statusmessages.interfaces import IStatusMessage

from tests.integration.test_r_d6_body_actions import document  # noqa: F401 - fixture
from tests.integration.test_r_d6_body_actions import layer_request  # noqa: F401 - fixture
from tests.integration.test_r_d6_body_actions import upload
from tests.support.views import post_as
from tests.support.views import render_as

DRAFTER = "cy_eng_staff"
CHECKED_OUT = "已签出正文，文件已开始下载"


def panel_alone(outgoing, user):
    """``@@gongwen-body-panel`` as the page asked for (what body-wait.js fetches)."""
    request = outgoing.REQUEST
    with api.env.adopt_user(username=user):
        view = outgoing.restrictedTraverse("@@gongwen-body-panel")
        request["PUBLISHED"] = view
        try:
            return view()
        finally:
            request["PUBLISHED"] = None


def test_r_d6_the_panel_fetched_after_check_out_shows_the_lock_and_its_message(document):  # noqa: F811
    upload(document)
    post_as(document, "gongwen-body-checkout", DRAFTER)
    output = panel_alone(document, DRAFTER)
    assert CHECKED_OUT in output
    assert "gongwen-word-body-lock" in output and "您已签出编辑" in output
    assert "gongwen-word-body-checkin" in output
    # where the script fetches it
    assert f'data-refresh-url="{document.absolute_url()}/@@gongwen-body-panel"' in output
    # the message is shown once
    assert CHECKED_OUT not in panel_alone(document, DRAFTER)


def test_r_d6_the_panel_inside_the_page_leaves_the_messages_to_the_page(document):  # noqa: F811
    upload(document)
    post_as(document, "gongwen-body-checkout", DRAFTER)
    with api.env.adopt_user(username=DRAFTER):
        embedded = document.restrictedTraverse("@@gongwen-body-panel")()
    assert CHECKED_OUT not in embedded
    # still there for the page's 正文 section
    texts = [message.message for message in IStatusMessage(document.REQUEST).show()]
    assert any(CHECKED_OUT in str(text) for text in texts)


def test_r_d6_the_hand_over_warning_has_its_place_to_be_swapped_in(document):  # noqa: F811
    _view, empty = render_as(document, "gongwen-body-handover-note", DRAFTER)
    assert empty == ""  # no Word 正文: nothing at all
    upload(document)
    _view, place = render_as(document, "gongwen-body-handover-note", DRAFTER)
    assert 'data-body-lock-region="handover"' in place
    assert f'data-refresh-url="{document.absolute_url()}/@@gongwen-body-handover-note"' in place
    assert "gongwen-body-handover-warning" not in place  # nothing checked out yet
    post_as(document, "gongwen-body-checkout", DRAFTER)
    _view, warned = render_as(document, "gongwen-body-handover-note", DRAFTER)
    assert "您签出的正文尚未签入" in warned
