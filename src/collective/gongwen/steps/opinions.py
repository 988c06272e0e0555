"""Opinion records (R-O2, R-O9): immutable, append-only, in the document's annotations.

A record says who did what at which step, for whom (代录) and with which
words. Records are frozen dataclasses in a ``PersistentList``; this module
offers appending and reading only — there is deliberately no edit or delete.
"""

import datetime
from dataclasses import dataclass

from persistent.list import PersistentList
from zope.annotation.interfaces import IAnnotations
from zope.event import notify

from collective.gongwen.content import times
from collective.gongwen.content.annotations import annotation
from collective.gongwen.steps.events import OpinionRecorded

KEY = "collective.gongwen.opinions"
ROUND_KEY = "collective.gongwen.round"


@dataclass(frozen=True)
class Opinion:
    """One opinion: ``round`` counts from 1 and grows with each return to the drafter."""

    step: str
    action: str
    actor: str
    on_behalf_of: str | None
    text: str
    time: datetime.datetime  # aware, UTC (older records: naive, Beijing); shown with content.times
    round: int = 1
    # whom or what the action concerned: a leader inserted into or skipped
    # from the reading order, a handling department's UID (收文)
    subject: str | None = None

    @property
    def signer_id(self):
        """Whose decision this is: the person 代录 was for, else the actor."""
        return self.on_behalf_of or self.actor


def opinions(document):
    """The document's opinion records, oldest first, as a tuple (a copy: read-only)."""
    return tuple(IAnnotations(document).get(KEY, ()))


def current_round(document):
    """The document's routing round: 1, plus one per return to the drafter."""
    return IAnnotations(document).get(ROUND_KEY, 1)


def start_new_round(document):
    """A return to the drafter starts a new round (R-O3 keeps the old one)."""
    IAnnotations(document)[ROUND_KEY] = current_round(document) + 1


def append_opinion(
    document, step, action, actor, text, on_behalf_of=None, subject=None, transition=None
):
    """Store and return a new record for the current round; the only way to add one.

    Fires ``OpinionRecorded`` (with ``transition``, the workflow transition the
    record belongs to, None outside one).
    """
    records = annotation(document, KEY, PersistentList)
    record = Opinion(
        step=step,
        action=action,
        actor=actor,
        on_behalf_of=on_behalf_of or None,
        text=text,
        time=times.utc_now(),
        round=current_round(document),
        subject=subject,
    )
    records.append(record)
    notify(OpinionRecorded(document, record, transition))
    return record


def last_signature(document):
    """The latest 签发 record of the current round, else None."""
    round_ = current_round(document)
    for record in reversed(opinions(document)):
        if record.round == round_ and record.action == "sign":
            return record
    return None
