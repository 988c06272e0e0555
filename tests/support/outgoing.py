"""发文 drafts of the demo organisation (长垣河务局) for routing tests."""

from plone import api
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import createContentInContainer

TITLES = {"upward": "关于堤防工程维修的报告", "downward": "关于做好汛前检查的通知"}
KINDS = {"upward": "report", "downward": "notice"}


def body(html="<p>请各部门认真做好汛前检查。</p>"):
    """An electronic body (R-D5); a new value each time, as each test's database needs."""
    return RichTextValue(html, "text/html", "text/x-html-safe")


def draft_outgoing(
    portal, direction="downward", drafter="cy_eng_staff", department="engineering", **fields
):
    """A 发文 drafted by ``drafter`` in ``department`` of 长垣河务局.

    ``fields`` override the defaults; ``text=None`` leaves out the body.
    """
    unit = portal["changyuan"]
    values = {
        "title": TITLES[direction],
        "doc_kind": KINDS[direction],
        "direction": direction,
        "drafting_department": unit[department].UID(),
        "text": body(),
    }
    values.update(fields)
    if values["text"] is None:
        del values["text"]
    with api.env.adopt_user(username=drafter):
        # As the add form does: named from the title before it is added (no rename).
        return createContentInContainer(
            unit["outgoing"], "gongwen_outgoing", checkConstraints=True, **values
        )


def walk_until(document, path, until):
    """Take ``path``'s steps ``(user, action, opinion, state after)`` until it is in ``until``.

    Between the steps the worker typesets the 正式文件 asked for (R-RUN1), as
    it does while the print room hands the numbered document on; the kept
    slip's jobs are left to the tests that read it (``renders.run_render_jobs``).
    """
    from collective.gongwen.routing.actions import act
    from collective.gongwen.typeset.child import OFFICIAL
    from tests.support.renders import run_render_jobs

    for user, action, opinion, after in path:
        with api.env.adopt_user(username=user):
            act(document, action, opinion)
        run_render_jobs(document, kinds=(OFFICIAL,))
        if after == until:
            return document
    raise AssertionError(f"the path never reaches {until}")
