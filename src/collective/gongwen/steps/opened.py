"""Whether the current holders of a 发文/收文 step have opened it (R-O11): the "read" mark
of a step, shared by both flows.

A holder opens the document by viewing its 处理笺 page (``content.events.DocumentViewed``)
or downloading one of its files (``FileDownloaded``) while holding the step someone else
handed them; the first time each holder does, ``mark_opened`` appends ``(user id, UTC
time)`` to the document's ``step_opened`` (``steps.roles.hand_over`` clears it for each
new step). Once someone opened it, the hand-over can no longer be taken back (撤回,
``routing.plan``). Recording on a GET writes once per holder and step; the object is
marked with ``plone.protect.utils.safeWrite`` so plone.protect does not ask the person
to confirm.
"""

from plone.protect.utils import safeWrite
from zope.globalrequest import getRequest

from collective.gongwen.content import times
from collective.gongwen.steps.people import principals_of
from collective.gongwen.steps.roles import current_assignees
from collective.gongwen.steps.roles import handed_over_by
from collective.gongwen.steps.roles import step_opened
from collective.gongwen.steps.rules import is_assignee


def mark_opened(document, user_id, request=None):
    """Record that ``user_id`` opened ``document``, if they hold its step, someone else
    handed it to them, and they had not opened it yet.

    Returns True when a mark was written.
    """
    if not user_id or user_id == handed_over_by(document):
        return False  # nobody, or their own hand-over (a draft, a 撤回): nothing to mark
    opened = step_opened(document)
    if any(who == user_id for who, _time in opened):
        return False
    if not is_assignee(principals_of(user_id), current_assignees(document)):
        return False
    document.step_opened = (*opened, (user_id, times.utc_now()))
    safeWrite(document, request if request is not None else getRequest())
    return True


def opened_by(document):
    """The user ids of the holders who opened the current step, first first."""
    return tuple(who for who, _time in step_opened(document))


def document_viewed(document, event):
    """A holder viewing the page opens the step (subscriber of ``IDocumentViewed``)."""
    mark_opened(document, event.user_id)


def file_downloaded(document, event):
    """A holder downloading a file of it opens the step (subscriber of ``IFileDownloaded``)."""
    mark_opened(document, event.user_id)
