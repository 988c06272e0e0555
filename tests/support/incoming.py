"""收文 registered by a secretary of the demo organisation (长垣河务局)."""

import datetime
import itertools

from plone import api

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
