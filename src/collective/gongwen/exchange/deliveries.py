"""Delivery records of a sent 发文: one per 主送/抄送 recipient, with its trail (R-O10, R-X1, R-X2).

Stored in the document's annotations as persistent mappings, created when
the document enters ``sent``. A recipient whose name is a unit on this
portal is linked to it by UID (the sending unit's address book, R-D7,
``org.addressbook``, says what each name is): while the delivery waits (``rules.WAITING``)
its secretaries find it in their 待签收 list (catalog index
``delivery_units``) and may read the 正式文件 and 附件 (a local role on those
files, not on the document). A department (of the sending unit by its own
name, of another unit by the unit's name and its own) is delivered to in
the same way, its receivers (部门收文员) signing for it; a distribution list
(「局属各科室」) to each of the unit's departments. Any other recipient — an
external organ of the book or a name outside it — is outside the portal and
gets an exchange package (R-X3).

Every event (opened, signed, returned, recalled, a refused recall) is
appended to the delivery's trail (the named events of ``exchange.events``
are fired by whoever made the change: ``create_deliveries`` and
``exchange.actions``); the state is checked and changed in the
same transaction, so of a recall and an open arriving together exactly one
wins (the other is retried by ZODB's conflict resolution and then refused).
"""

import logging
import uuid

from DateTime import DateTime
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone import api
from plone.app.uuid.utils import uuidToObject
from zope.event import notify

from collective.gongwen.content.annotations import annotation
from collective.gongwen.content.files import ATTACHMENT
from collective.gongwen.content.files import TYPESET
from collective.gongwen.content.files import files_of
from collective.gongwen.content.files import role_of
from collective.gongwen.exchange import rules
from collective.gongwen.exchange.events import DeliverySent
from collective.gongwen.org import addressbook_rules as book_rules
from collective.gongwen.org.addressbook import address_book
from collective.gongwen.org.functions import department_group_id
from collective.gongwen.org.functions import unit_group_id
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import unit_by_uid
from collective.gongwen.steps.roles import PARTICIPANT_ROLE
from collective.gongwen.steps.roles import forget_cached_local_roles
from collective.gongwen.steps.roles import grant
from collective.gongwen.steps.roles import revoke

ANNOTATION_KEY = "collective.gongwen.deliveries"
SENT = rules.SENT
INDEX = "delivery_units"
# The files a recipient reads before signing for it: the 正式文件 and the 附件.
DELIVERED_ROLES = (TYPESET, ATTACHMENT)
audit_log = logging.getLogger("collective.gongwen.audit")


def _records(document, create=False):
    return annotation(document, ANNOTATION_KEY, PersistentList if create else None)


def _plain(record):
    return dict(record, trail=[dict(entry) for entry in record["trail"]])


def deliveries(document):
    """The deliveries of ``document`` as plain dicts, in the order they were made."""
    return [_plain(record) for record in _records(document) or ()]


def delivery(document, delivery_id):
    """The delivery ``delivery_id`` of ``document`` as a plain dict, or None."""
    record = _record(document, delivery_id)
    return _plain(record) if record is not None else None


def _record(document, delivery_id):
    for record in _records(document) or ():
        if record["id"] == delivery_id:
            return record
    return None


def waiting_unit_uids(document):
    """UIDs of the units and departments whose delivery of ``document`` waits 待签收 (indexer)."""
    return sorted(
        {
            recipient_uid(record)
            for record in _records(document) or ()
            if recipient_uid(record) and rules.is_waiting(record["state"])
        }
    )


def waiting_for(document, uid):
    """The deliveries of ``document`` waiting 待签收 at the unit or department ``uid``."""
    return [
        _plain(record)
        for record in _records(document) or ()
        if recipient_uid(record) == uid and rules.is_waiting(record["state"])
    ]


def recipient_uid(record):
    """The UID of the unit or department whose 待签收 list the delivery is in (None: outside)."""
    return record.get("department_uid") or record.get("unit_uid")


def recipient_of(record):
    """The unit or department on this portal the delivery goes to, or None (outside)."""
    if record.get("department_uid"):
        return uuidToObject(record["department_uid"], unrestricted=True)
    return unit_by_uid(record.get("unit_uid"))


def recipient_group(record):
    """The group that signs for it: the unit's secretaries, or the department's receivers."""
    if not record.get("unit_id"):
        return None
    if record.get("department_id"):
        return department_group_id(record["unit_id"], record["department_id"], "receivers")
    return unit_group_id(record["unit_id"], "secretaries")


def reads_files(record):
    """True while the recipient reads the delivered files here.

    While the delivery waits; a department keeps them once it signed for it
    (the unit's copy is its own 收文 then).
    """
    return rules.is_waiting(record["state"]) or (
        record["state"] == rules.SIGNED and bool(record.get("department_id"))
    )


def create_deliveries(document):
    """Record a delivery for every 主送/抄送 recipient not yet delivered to; return the new ones.

    The sending unit's address book (R-D7, ``org.addressbook``) says what
    each name is: a unit or department on the portal (待签收 there), a
    distribution list (one delivery per department, each recorded under the
    department's name with the list's), or an external organ — kept by the
    office or, for a name outside the book, flagged (``book`` None). One
    recipient named twice (主送 and 抄送, or in a list too) gets one delivery,
    the first. A recipient whose delivery was recalled or returned gets a new
    one when the document is sent again. Each new one fires ``DeliverySent``.
    """
    records = _records(document, create=True)
    book = address_book(find_unit(document))
    seen = {
        book_rules.target_key(record["recipient"], _entry_of(record))
        for record in records
        if not rules.may_deliver_again(record["state"])
    }
    actor = api.user.get_current().getId()
    now = DateTime().ISO8601()
    created = []
    plan = rules.delivery_plan(
        getattr(document, "main_recipients", None), getattr(document, "cc_recipients", None)
    )
    for name, kind in plan:
        entry = book_rules.find(name, book)
        for target, target_entry in book_rules.targets(name, entry, book):
            key = book_rules.target_key(target, target_entry)
            if key in seen:
                continue
            seen.add(key)
            record = _new_record(target, kind, target_entry, actor, now)
            if entry is not None and entry.kind == book_rules.LIST:
                record["list_name"] = name
            records.append(record)
            created.append(record)
    # The recipients found before any event: a look-up between two events' subscribers would
    # index the document each time (the catalog runs its queue before a search).
    recipients = [recipient_of(record) for record in created]
    update_access(document)
    for record, recipient in zip(created, recipients, strict=True):
        notify(DeliverySent(document, _plain(record), recipient, actor))
    return created


def _new_record(name, kind, entry, actor, now):
    on_portal = entry is not None and entry.on_portal
    return PersistentMapping(
        id=uuid.uuid4().hex,
        recipient=name,
        kind=kind,
        book=entry.kind if entry is not None else None,
        method=entry.method if entry is not None and not on_portal else "",
        unit_uid=entry.unit_uid if on_portal else None,
        unit_id=entry.unit_id if on_portal else None,
        department_uid=entry.department_uid if on_portal else None,
        department_id=entry.department_id if on_portal else None,
        state=SENT,
        trail=PersistentList([PersistentMapping(event=SENT, actor=actor, time=now)]),
    )


def _entry_of(record):
    """What an existing record went to, enough for ``target_key``."""
    if not record.get("unit_uid"):
        return None
    return book_rules.Entry(
        name=record["recipient"],
        kind=book_rules.DEPARTMENT if record.get("department_uid") else book_rules.UNIT,
        group="",
        unit_uid=record.get("unit_uid"),
        department_uid=record.get("department_uid"),
    )


def record_event(document, delivery_id, event, actor=None, reason="", **extra):
    """Apply ``event`` (``rules.OPEN`` …) to a delivery and record it; return the plain record.

    Raises ``rules.DeliveryRefused`` when the delivery's state does not allow
    it. Opening an opened delivery changes nothing (only the first open is
    the receipt). ``extra`` is kept on the trail entry (e.g. the 收文 made
    by 签收).
    """
    record = _record(document, delivery_id)
    if record is None:
        raise rules.DeliveryRefused("no_delivery")
    new_state = rules.next_state(record["state"], event)
    if event == rules.OPEN and record["state"] == rules.OPENED:
        return _plain(record)
    actor = actor or api.user.get_current().getId()
    entry = PersistentMapping(event=new_state, actor=actor, time=DateTime().ISO8601(), **extra)
    if reason:
        entry["reason"] = reason
    record["trail"].append(entry)
    record["state"] = new_state
    audit_log.info(
        "delivery %s of %s to %s: %s by %s",
        delivery_id,
        _path(document),
        record["recipient"],
        new_state,
        actor,
    )
    update_access(document)
    return _plain(record)


def record_refused_recall(document, delivery_id, code, actor=None):
    """R-X2: a refused recall is audited too, on the delivery's trail."""
    record = _record(document, delivery_id)
    if record is None:
        return
    actor = actor or api.user.get_current().getId()
    record["trail"].append(
        PersistentMapping(
            event=rules.RECALL_REFUSED, actor=actor, time=DateTime().ISO8601(), reason=code
        )
    )
    audit_log.info(
        "delivery %s of %s to %s: recall refused (%s) for %s",
        delivery_id,
        _path(document),
        record["recipient"],
        code,
        actor,
    )


def update_access(document):
    """Let the recipients who sign for a delivery read the 正式文件 and 附件; nobody else.

    The role is given on those files only: the document itself (its
    opinions, its slip) stays private to the sending unit (R-SEC1).
    """
    records = _records(document) or ()
    reading = {recipient_group(record) for record in records if reads_files(record)}
    every = {recipient_group(record) for record in records} - {None}
    for item in files_of(document):
        if role_of(item) not in DELIVERED_ROLES:
            continue
        changed = False
        for group_id in every:
            has = PARTICIPANT_ROLE in item.get_local_roles_for_userid(group_id)
            if group_id in reading and not has:
                grant(item, group_id, PARTICIPANT_ROLE)
                changed = True
            elif group_id not in reading and has:
                revoke(item, group_id, PARTICIPANT_ROLE)
                changed = True
        if changed:
            forget_cached_local_roles(item)
            item.reindexObjectSecurity()


def _path(document):
    return "/".join(document.getPhysicalPath())


def deliver_on_send(document, event):
    """Subscriber: entering ``sent`` creates the deliveries."""
    if event.new_state is not None and event.new_state.getId() == SENT and event.transition:
        create_deliveries(document)
