"""我的待办's catalog query and a row's 办理时限 (R-O1, R-P3, R-I5), and its other rows.

Shared by the 我的待办 page, the front page's counts, the unit listings and
the 催办 reminders. What a user has to act on that is not a document's step
(the archive's 销毁申请 awaiting an approver, R-R2) comes from the named
``ITodoItems`` utilities the capabilities above steps register: steps never
imports them.
"""

from dataclasses import dataclass
from dataclasses import replace

from DateTime import DateTime
from plone import api
from zope.component import getUtilitiesFor
from zope.interface import Interface

from collective.gongwen.content import times
from collective.gongwen.steps.people import principals_of


def brain_deadline(brain):
    """The row's 办理时限 (a date): the step's deadline, else the document's; None without."""
    for name in ("step_deadline", "deadline"):
        value = getattr(brain, name, None)
        if isinstance(value, DateTime):
            return times.date_of(value)
    return None


def todo_brains(user_id):
    """The catalog entries the user (or one of their groups) has to act on."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog(assignees=principals_of(user_id))


@dataclass(frozen=True)
class TodoItem:
    """A row of 我的待办 that is not a document's step: its title, where it is done, what kind
    of thing it is (shown as 文种), its step (当前环节), since when it waits (a datetime or
    ISO text) and the name of the utility it came from."""

    title: str
    url: str
    kind: str
    step: str
    since: object
    source: str = ""


class ITodoItems(Interface):
    """A named utility: the ``TodoItem`` rows of 我的待办 a capability adds for a user."""

    def items(user_id):
        """The ``TodoItem`` the user has to act on now (none once they acted)."""

    def holders():
        """The ids of the users who have such a row now (the daily digest asks each)."""


def _sources():
    return sorted(getUtilitiesFor(ITodoItems), key=lambda pair: pair[0])


def other_todo_items(user_id):
    """The ``TodoItem`` of every ``ITodoItems`` utility for ``user_id``, by utility name."""
    found = []
    for name, source in _sources():
        found.extend(replace(item, source=name) for item in source.items(user_id))
    return found


def other_todo_holders():
    """The ids of the users with a row of an ``ITodoItems`` utility now."""
    return {user_id for _name, source in _sources() for user_id in source.holders()}
