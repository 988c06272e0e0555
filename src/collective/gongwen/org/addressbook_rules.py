"""The address book's rules (R-D7): what a 主送/抄送 name stands for.

A name is an entry of the sending unit's book — a unit on the portal, a
department (the unit's own by its bare title, another unit's by the unit's
title and its own), a distribution list (「局属各科室」: every department of
the sending unit), or an external organ kept by the office with its exchange
method — or it is outside the book: then it is treated as an external organ
too, and flagged. The stored and printed value stays the name as typed; the
book only resolves it, comparing names the way people read them
(``content.rules.normalized_name``: full/half width, spaces).

Plain Python, no Zope: the book's entries come from ``org.addressbook``.
"""

from dataclasses import dataclass

from collective.gongwen.content.rules import normalized_name

UNIT = "unit"
DEPARTMENT = "department"
LIST = "list"
ORGAN = "organ"

# The picker's groups, in its order: (key, Chinese title).
OWN_GROUP = "own"
PORTAL_GROUP = "portal"
ORGAN_GROUP = "organs"
GROUPS = (
    (OWN_GROUP, "本单位科室"),
    (PORTAL_GROUP, "系统内单位"),
    (ORGAN_GROUP, "外部机关"),
)

# How an external organ is reached (its 交换方式), the first the default.
PACKAGE = "package"
EXCHANGE_METHODS = (
    (PACKAGE, "交换包"),
    ("paper", "纸质件"),
    ("other", "其他方式"),
)

# The distribution lists every unit has: all of its own departments.
DEPARTMENT_LISTS = ("局属各科室", "各科室")


@dataclass(frozen=True)
class Entry:
    """One name of the book and what it stands for.

    ``group``: the picker's group (``GROUPS``). A unit or department on the
    portal has its uid/id (a department also its unit's); a list has the
    names of the departments it stands for (``members``); an organ its
    exchange method and other names it is known by (``aliases``, 简称).
    """

    name: str
    kind: str
    group: str
    unit_uid: str | None = None
    unit_id: str | None = None
    department_uid: str | None = None
    department_id: str | None = None
    members: tuple = ()
    method: str = ""
    aliases: tuple = ()

    @property
    def on_portal(self):
        """True for a unit or department of this portal (a delivery waits 待签收 there)."""
        return self.kind in (UNIT, DEPARTMENT)


def method_title(method):
    """The Chinese title of the exchange method ``method`` (交换包 when unknown)."""
    return dict(EXCHANGE_METHODS).get(method, EXCHANGE_METHODS[0][1])


def book_index(entries):
    """``{normalised name: entry}`` of ``entries`` and their aliases; the first entry wins."""
    found = {}
    for entry in entries:
        for name in (entry.name, *entry.aliases):
            key = normalized_name(name)
            if key:
                found.setdefault(key, entry)
    return found


def find(name, entries, index=None):
    """The entry ``name`` stands for in ``entries``, else None (a name outside the book)."""
    index = book_index(entries) if index is None else index
    return index.get(normalized_name(name))


def resolve(names, entries):
    """``[(name, entry or None)]`` for the non-empty ``names``, in their order."""
    index = book_index(entries)
    return [(name, find(name, entries, index)) for name in names or () if (name or "").strip()]


def unknown(names, entries):
    """The names outside the book, each once, in their order (they are flagged, R-D7)."""
    found = [name for name, entry in resolve(names, entries) if entry is None]
    return list(dict.fromkeys(found))


def targets(name, entry, entries):
    """``[(name, entry or None)]``: where a delivery to ``name`` goes.

    A list stands for its member departments (each by its own name); any
    other entry, or a name outside the book, for itself.
    """
    if entry is None or entry.kind != LIST:
        return [(name, entry)]
    index = book_index(entries)
    return [(member, find(member, entries, index)) for member in entry.members]


def target_key(name, entry):
    """What makes two deliveries the same: the unit or department, else the normalised name."""
    if entry is not None and entry.on_portal:
        return entry.department_uid or entry.unit_uid
    return normalized_name(name)


def grouped(entries):
    """``[(group key, title, [entry, …])]`` in the picker's order, empty groups left out."""
    result = []
    for key, title in GROUPS:
        members = [entry for entry in entries if entry.group == key]
        if members:
            result.append((key, title, members))
    return result
