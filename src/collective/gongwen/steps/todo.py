"""我的待办's catalog query and a row's 办理时限 (R-O1, R-P3, R-I5).

Shared by the 我的待办 page, the front page's counts, the unit listings and
the 催办 reminders.
"""

from DateTime import DateTime
from plone import api

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
