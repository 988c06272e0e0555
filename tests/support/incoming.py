"""收文 registered by a secretary of the demo organisation (长垣河务局)."""

import datetime
import itertools

from collective.documentviewer.interfaces import ILayer as IViewerLayer
from plone import api
from plone.namedfile.file import NamedBlobFile
from zope.interface import alsoProvides

from collective.gongwen.incoming.actions import act_incoming

_SOURCE_NUMBERS = itertools.count(12)


def register_incoming(portal, secretary="cy_secretary1", **fields):
    """A 收文 registered in 长垣河务局 by ``secretary`` (R-I1); ``fields`` override.

    Each gets its own 来文字号 unless one is given (a 来文 is registered once).
    """
    values = {
        "title": "关于做好2026年防汛工作的通知",
        "source_organ": "新乡河务局",
        "source_number": f"新河〔2026〕{next(_SOURCE_NUMBERS)}号",
        "received_date": datetime.date.today(),
        "copies": 1,
        "doc_kind": "notice",
        "urgency": "normal",
        "classification": "none",
    }
    values.update(fields)
    with api.env.adopt_user(username=secretary):
        return api.content.create(
            container=portal["changyuan"]["incoming"], type="gongwen_incoming", **values
        )


def do_incoming(document, user, action, opinion="", **choices):
    """``act_incoming`` as ``user``."""
    with api.env.adopt_user(username=user):
        return act_incoming(document, action, opinion, **choices)


def department_uid(portal, department_id):
    """UID of a department of 长垣河务局."""
    return portal["changyuan"][department_id].UID()


def proposed_incoming(
    portal,
    leaders=("cy_leader1", "cy_leader2", "cy_leader3"),
    departments=("engineering",),
    opinion="请局领导阅示，工程管理科办理。",
    circulate=None,
    **fields,
):
    """A 收文 registered, sent for 拟办 and proposed by cy_office_head (R-I2).

    ``leaders`` read in that order; ``departments`` are ids of 长垣河务局's
    departments; ``circulate`` the people it is sent to for information.
    """
    document = register_incoming(portal, **fields)
    do_incoming(document, "cy_secretary1", "send_to_propose")
    do_incoming(
        document,
        "cy_office_head",
        "propose",
        opinion,
        leaders=list(leaders),
        departments=[department_uid(portal, d) for d in departments],
        circulate=list(circulate) if circulate else None,
    )
    return document


def at_leader_reading(portal, **kwargs):
    """A 收文 proposed (``proposed_incoming``) and sent to its first leader (R-I3)."""
    document = proposed_incoming(portal, **kwargs)
    do_incoming(document, "cy_secretary1", "send_to_leaders")
    return document


def in_handling(portal, departments=("engineering", "flood"), **fields):
    """A 收文 read by cy_leader1 and dispatched to ``departments`` (部门办理, R-I4)."""
    document = at_leader_reading(
        portal,
        leaders=["cy_leader1"],
        departments=departments,
        opinion="请李局长阅示，相关科室办理。",
        **fields,
    )
    do_incoming(document, "cy_leader1", "read", "请抓紧办理。")
    do_incoming(document, "cy_secretary1", "dispatch")
    assert api.content.get_state(obj=document) == "handling"
    return document


def finish_part(document, receiver, head):
    """The department's part of ``document`` done: 请批办, the head's 批办, 办毕 (R-I4)."""
    do_incoming(document, receiver, "ask_instruction")
    do_incoming(document, head, "instruct", "同意，按要求办理。")
    do_incoming(document, receiver, "finish_part")


def done(portal):
    """A 收文 handled by 工程管理科 and closed by a secretary (结束)."""
    document = in_handling(portal, departments=("engineering",))
    finish_part(document, "cy_eng_receiver", "cy_eng_head")
    do_incoming(document, "cy_secretary2", "close")
    assert api.content.get_state(obj=document) == "done"
    return document


def overdue_now(document, deadline=None):
    """As if the current step had been due on ``deadline`` (three days ago by default)."""
    document.step_deadline = deadline or datetime.date.today() - datetime.timedelta(days=3)
    document.reindexObject()


def incoming_with_file(portal, data, filename, id="file"):
    """A 收文 made as Manager with one 附件 ``id`` of ``data``; the 附件.

    The viewer's browser layer is on, as in a real request: the upload queues its conversion.
    """
    alsoProvides(portal.REQUEST, IViewerLayer)
    with api.env.adopt_roles(["Manager"]):
        document = api.content.create(
            container=portal.changyuan.incoming, type="gongwen_incoming", title="来文"
        )
        return api.content.create(
            container=document,
            type="gongwen_attachment",
            id=id,
            file=NamedBlobFile(data, filename=filename),
        )
