"""The 发文 办理 panel shows typeset's part by name (issue 16: routing imports no typeset):
the 重新排版 button is ``@@gongwen-retypeset-button`` (R-T1), and after 登记编号 the panel's
POST says what work is under way from the document's progress notes (R-RUN1)."""

from plone import api
from Products.statusmessages.interfaces import IStatusMessage
from zope.interface import alsoProvides

from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.steps.browser.opinion_box import form_seen
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until
from tests.support.renders import run_render_jobs
from tests.support.views import post_as


def panel(document, user):
    alsoProvides(document.REQUEST, IGongwenLayer)
    document.REQUEST.method = document.REQUEST["REQUEST_METHOD"] = "GET"
    with api.env.adopt_user(username=user):
        return document.restrictedTraverse("@@gongwen-action-panel")()


def test_r_t1_the_retypeset_button_is_typesets_and_only_for_the_holder(portal):
    document = walk_until(draft_outgoing(portal, "downward"), DOWNWARD_PATH, "secretary_check")
    run_render_jobs(document, portal)
    assert "gongwen-retypeset" in panel(document, "cy_secretary1")
    assert "@@gongwen-typeset" in panel(document, "cy_secretary1")
    assert "gongwen-retypeset" not in panel(document, "cy_eng_staff")


def test_r_run1_numbering_on_the_panel_says_the_official_is_being_typeset(portal):
    document = walk_until(draft_outgoing(portal, "downward"), DOWNWARD_PATH, "numbering")
    request = document.REQUEST
    alsoProvides(request, IGongwenLayer)
    IStatusMessage(request).show()
    step, seen = form_seen(document)  # what the panel's form carries
    post_as(document, "gongwen-act", "cy_print", action="number", state=step, seen=str(seen))
    shown = [(m.message, m.type) for m in IStatusMessage(request).show()]
    assert api.content.get_state(obj=document) == "secretary_check", shown
    assert (
        "正式文件已交后台排版，排好后列在下方「文件」栏中，之后即可审核发送。",
        "info",
    ) in shown, shown
