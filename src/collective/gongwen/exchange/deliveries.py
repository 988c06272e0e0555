"""Delivery records of a sent 发文: one per 主送/抄送 recipient, with its trail (R-O10).

Stored in the document's annotations as persistent mappings, created when
the document enters ``sent``. A recipient whose name is a unit on this
portal is linked to it by UID (its secretaries will see the delivery as
待签收, SPEC §6); any other recipient is outside the portal and will get an
exchange package (R-X3).
"""

import uuid

from DateTime import DateTime
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.exchange.rules import delivery_plan
from collective.gongwen.org.units import all_units

ANNOTATION_KEY = "collective.gongwen.deliveries"
SENT = "sent"


def _records(document, create=False):
    annotations = IAnnotations(document)
    records = annotations.get(ANNOTATION_KEY)
    if records is None and create:
        records = annotations[ANNOTATION_KEY] = PersistentList()
    return records


def deliveries(document):
    """The deliveries of ``document`` as plain dicts, in the order they were made."""
    records = _records(document) or ()
    return [dict(record, trail=[dict(entry) for entry in record["trail"]]) for record in records]


def units_by_title():
    """The units on this portal by title (how 主送机关 names them)."""
    return {unit.Title(): unit for unit in all_units()}


def create_deliveries(document):
    """Record a delivery for every 主送/抄送 recipient not yet delivered to; return the new ones."""
    records = _records(document, create=True)
    delivered = {(record["recipient"], record["kind"]) for record in records}
    units = units_by_title()
    actor = api.user.get_current().getId()
    now = DateTime().ISO8601()
    created = []
    plan = delivery_plan(
        getattr(document, "main_recipients", None), getattr(document, "cc_recipients", None)
    )
    for name, kind in plan:
        if (name, kind) in delivered:
            continue
        unit = units.get(name)
        record = PersistentMapping(
            id=uuid.uuid4().hex,
            recipient=name,
            kind=kind,
            unit_uid=unit.UID() if unit is not None else None,
            state=SENT,
            trail=PersistentList([PersistentMapping(event=SENT, actor=actor, time=now)]),
        )
        records.append(record)
        created.append(record)
    return created


def deliver_on_send(document, event):
    """Subscriber: entering ``sent`` creates the deliveries."""
    if event.new_state is not None and event.new_state.getId() == SENT and event.transition:
        create_deliveries(document)
