"""The 销毁清册 (R-R2): one entry per destroyed item, kept at site level, never changed.

Written by ``disposal.destroy_batch`` for each item before the item is purged (same
transaction), read by ``@@gongwen-destruction-register``. An entry outlives its document: it
names it (档号, 题名, 文号, 年度, 保管期限), keeps its metadata and the fixity of every file as
archived (SHA-256 and SM3 of each version, from the 归档 manifest), and says under which
销毁申请 (reason, requester), with which approvals (function, person, opinion, time), by whom
and when it was destroyed.

``destroyed_items`` reads back what 四性检测 needs of a unit's year: the (group key, 件号) of
each item destroyed, so that ``checks.check_sequence`` takes its 件号 for no gap — in the
re-check of a year (``pipeline.finish_job``) and in the 移交 package's index.xml
(``transfer_store.claim_transfer``, ``transfer.index_xml``).

Entries live in the site BTree ``REGISTER_KEY`` (``jobs.stores``) as JSON text under a
sequence number: replaced never, deleted never (no code path does either).
"""

import json

from BTrees.Length import Length
from plone import api

from collective.gongwen.archive.rules import parse_archival_code
from collective.gongwen.content import times
from collective.gongwen.content.annotations import annotation
from collective.gongwen.jobs.stores import site_btree

REGISTER_KEY = "collective.gongwen.archive.register"
COUNTER_KEY = "collective.gongwen.archive.register.count"


def _store(create=True):
    return site_btree(REGISTER_KEY, create=create)


def _next_number():
    counter = annotation(api.portal.get(), COUNTER_KEY, Length)
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


def destroyed_item(entry):
    """``(group key, 件号)`` of the item register ``entry`` names, read from its 档号 (the group
    as ``pipeline.sequence_items`` makes it: 全宗号, 年度, 保管期限 as stamped, 机构(问题));
    None for an entry without a 档号."""
    parts = parse_archival_code(entry.get("archival_code"))
    if parts is None:
        return None
    group = (parts["fonds"], parts["year"], parts["retention"], parts["organ"])
    return group, parts["item_number"]


def destroyed_items(unit_uid, year):
    """``(group key, 件号)`` of each of ``unit_uid``'s items of 年度 ``year`` in the 销毁清册:
    the ``destroyed`` of ``checks.check_sequence``, gaps that are no gap."""
    found = (destroyed_item(e) for e in entries(unit_uid, int(year)))
    return [pair for pair in found if pair is not None]


def destroyed_codes(unit_uid, year):
    """What a 移交 package's index.xml says of each of ``unit_uid``'s items of 年度 ``year`` in
    the 销毁清册, by 档号: ``{archival_code, register_number, destroyed_at}``."""
    found = [e for e in entries(unit_uid, int(year)) if destroyed_item(e) is not None]
    return [
        {
            "archival_code": e["archival_code"],
            "register_number": e.get("number"),
            "destroyed_at": times.iso_text(e.get("executed_at")),
        }
        for e in sorted(found, key=lambda e: e["archival_code"])
    ]
