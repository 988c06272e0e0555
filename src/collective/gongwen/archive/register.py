"""The 销毁清册 (R-R2): one entry per destroyed item, kept at site level, never changed.

Written by ``disposal.destroy_batch`` for each item before the item is purged (same
transaction), read by ``@@gongwen-destruction-register``. An entry outlives its document: it
names it (档号, 题名, 文号, 年度, 保管期限), keeps its metadata and the fixity of every file as
archived (SHA-256 and SM3 of each version, from the 归档 manifest), and says under which
销毁申请 (reason, requester), with which approvals (function, person, opinion, time), by whom
and when it was destroyed.

Entries live in the site BTree ``REGISTER_KEY`` (``jobs.stores``) as JSON text under a
sequence number: replaced never, deleted never (no code path does either).
"""

import json

from BTrees.Length import Length
from plone import api
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.jobs.stores import site_btree

REGISTER_KEY = "collective.gongwen.archive.register"
COUNTER_KEY = "collective.gongwen.archive.register.count"


def _store(create=True):
    return site_btree(REGISTER_KEY, create=create)


def _next_number():
    annotations = IAnnotations(api.portal.get())
    counter = annotations.get(COUNTER_KEY)
    if counter is None:
        counter = annotations[COUNTER_KEY] = Length(0)
    counter.change(1)
    return counter()


def add_entry(entry):
    """Store ``entry`` (a JSON-able dict) as the next entry; its number (``entry["number"]``)."""
    number = _next_number()
    stored = {**entry, "number": number}
    _store()[number] = json.dumps(stored, ensure_ascii=False, sort_keys=True)
    return number


def entry(number):
    """The entry ``number`` (a dict), or None."""
    store = _store(create=False)
    text = store.get(number) if store is not None else None
    return json.loads(text) if text is not None else None


def entries(unit_uid=None, year=None):
    """Every entry, oldest first; only ``unit_uid``'s and of 年度 ``year`` when given."""
    store = _store(create=False)
    if store is None:
        return []
    found = (json.loads(text) for text in store.values())
    return [
        e
        for e in found
        if (unit_uid is None or e.get("unit_uid") == unit_uid)
        and (year is None or e.get("year") == year)
    ]


def years(unit_uid):
    """The 年度 of the unit's entries, newest first."""
    return sorted({e["year"] for e in entries(unit_uid)}, reverse=True)
