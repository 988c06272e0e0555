"""The stored 四性检测 reports (R-R3: "each check leaves a stored report").

A report is written once, when an ``archive``, ``check`` or ``transfer`` run ends
(``store_report``), and never changed nor deleted: no function here does either. It lives
on the site, beside the documents and never on them, in two site BTrees
(``jobs.stores.site_btree``), values as JSON text (plain values only):

* ``REPORTS_KEY``: report id → the head: id, kind, unit_uid, unit_title, year, time (UTC,
  ISO), actor, totals (``totals``), passed, and the 件号 problems of ``checks.check_sequence``
  (``sequence``);
* ``ITEMS_KEY``: (report id, n) → item n's ``checks.ItemResult.as_dict()``: label, uid, path,
  档号, manifest entries, problems and the outcome of each check — so that a report of
  10,000 items keeps a small head and pages through its items.

Report ids sort by unit, year and time (``<unit uid>-<year>-<UTC time>-<random>``), so
``reports_for`` reads one unit's (and year's) range of keys without loading the others.
"""

import json
import re
import secrets

from plone.uuid.interfaces import IUUID

from collective.gongwen.archive.checks import CHECKS
from collective.gongwen.archive.checks import ItemResult
from collective.gongwen.archive.checks import Problem
from collective.gongwen.content.times import utc_now
from collective.gongwen.jobs.stores import site_btree

REPORTS_KEY = "collective.gongwen.archive.reports"
ITEMS_KEY = "collective.gongwen.archive.report_items"
KINDS = ("archive", "check", "transfer")
NO_YEAR = 0
_ID = re.compile(r"^[0-9A-Za-z_]{1,64}-[0-9]{4}-[0-9]{20}-[0-9a-f]{8}$")


def _store(key, create=False):
    return site_btree(key, create=create)


def _as_dict(result):
    """An ``ItemResult`` (or its dict, checked by a round trip) as a plain dict."""
    if not isinstance(result, ItemResult):
        result = ItemResult.from_dict(result)
    return result.as_dict()


def _problem_dict(problem):
    if not isinstance(problem, Problem):
        problem = Problem.from_dict(problem)
    return problem.as_dict()


def totals(items, sequence):
    """The figures of a report from its ``items`` (``ItemResult`` dicts) and 件号 problems:
    items, passed, failed, files, bytes, problems, and per check the items it failed."""
    failed_by_check = dict.fromkeys(CHECKS, 0)
    for item in items:
        for check, passed in item["outcomes"].items():
            if not passed:
                failed_by_check[check] += 1
    failed = sum(1 for item in items if item["problems"])
    return {
        "items": len(items),
        "passed": len(items) - failed,
        "failed": failed,
        "files": sum(len(item["files"]) for item in items),
        "bytes": sum(entry.get("size") or 0 for item in items for entry in item["files"]),
        "problems": sum(len(item["problems"]) for item in items) + len(sequence),
        "checks": failed_by_check,
        "sequence": len(sequence),
    }


def new_report_id(unit_uid, year, now):
    """A fresh id that sorts by unit, year and time."""
    stamp = now.strftime("%Y%m%d%H%M%S%f")
    return f"{unit_uid}-{year or NO_YEAR:04d}-{stamp}-{secrets.token_hex(4)}"


def store_report(kind, unit, year, results, sequence_problems, actor, report_id=None):
    """Store the report of a run of ``kind`` over ``unit``'s ``year``; its id.

    ``results`` are ``checks.ItemResult`` (or their dicts), ``sequence_problems`` the
    ``checks.Problem`` of ``check_sequence`` (or their dicts), ``actor`` the user id who
    started the run. ``report_id`` is the id reserved when the run started (``new_report_id``:
    a 归档 job writes it in each item's 归档章 before its report exists); a fresh one if None.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}")
    unit_uid = IUUID(unit)
    now = utc_now()
    if report_id is not None and (not is_report_id(report_id) or report(report_id) is not None):
        raise ValueError(f"report id {report_id!r} is malformed or taken")
    report_id = report_id or new_report_id(unit_uid, year, now)
    items = [_as_dict(result) for result in results]
    sequence = [_problem_dict(problem) for problem in sequence_problems]
    figures = totals(items, sequence)
    head = {
        "id": report_id,
        "kind": kind,
        "unit_uid": unit_uid,
        "unit_title": unit.Title(),
        "year": int(year) if year else None,
        "time": now.isoformat(),
        "actor": actor or "",
        "totals": figures,
        "passed": figures["problems"] == 0,
        "sequence": sequence,
    }
    _store(REPORTS_KEY, create=True)[report_id] = _json(head)
    stored = _store(ITEMS_KEY, create=True)
    for n, item in enumerate(items):
        stored[(report_id, n)] = _json(item)
    return report_id


def _json(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def is_report_id(value):
    """True if ``value`` has the shape of a report id (anything else is never looked up)."""
    return isinstance(value, str) and bool(_ID.match(value))


def report_head(report_id):
    """The head of report ``report_id`` (without its items), or None."""
    store = _store(REPORTS_KEY)
    if store is None or not is_report_id(report_id):
        return None
    text = store.get(report_id)
    return json.loads(text) if text else None


def report_items(report_id):
    """The item dicts of report ``report_id``, in their order (an iterator)."""
    store = _store(ITEMS_KEY)
    if store is None or not is_report_id(report_id):
        return
    for _key, text in store.items(min=(report_id, 0), max=(report_id, 10**9)):
        yield json.loads(text)


def report(report_id):
    """Report ``report_id`` as a dict (its head and ``items``, a list), or None."""
    head = report_head(report_id)
    if head is None:
        return None
    return dict(head, items=list(report_items(report_id)))


def reports_for(unit, year=None, kind=None):
    """The heads of ``unit``'s reports (of ``year`` and ``kind`` if given), newest first."""
    store = _store(REPORTS_KEY)
    if store is None:
        return []
    prefix = f"{IUUID(unit)}-" + (f"{int(year):04d}-" if year is not None else "")
    heads = [json.loads(text) for text in store.values(min=prefix, max=prefix + "\uffff")]
    heads = [head for head in heads if kind is None or head["kind"] == kind]
    return sorted(heads, key=lambda head: head["time"], reverse=True)
