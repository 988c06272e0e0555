"""How an entry reaches the audit store (R-U1), Zope side: who and where, and when it is written.

``request_context`` is the one reader of the request's who and where: the
actor (the authenticated user id; ``emergency`` among the flags for a user
of the Zope root's user folder), the actor's unit (the titles of the units
whose function groups hold them, ``org.units.member_unit_titles``) and the client
address (``request.getClientAddr()``: ``REMOTE_ADDR``, or the
``X-Forwarded-For`` address only when ``REMOTE_ADDR`` is one of zope.conf's
``trusted-proxy`` entries — never a header anyone can send).

``record`` gathers an entry of the current transaction: a data manager
(``PendingEntries``) joins it and appends its entries in ``tpc_vote``, after
the ZODB connections have voted (``sortKey``). A failing append makes the
vote fail, so the request is aborted: no action without its entry. A
transaction aborted before the vote writes nothing; one that fails after
our vote gets a ``rolled_back`` entry naming the entries' seqs. The objects'
uids and paths are read earlier, in a before-commit hook: between ZODB's
tpc_begin and tpc_finish an object added in a savepoint and since ghosted
cannot load. Requests that change nothing (a view, a download) still commit,
so their entries are written too.

``record_now`` writes at once, outside the transaction, what must stay even
when the request ends in an error (a failed login). Both go through
``append_many`` (``append`` is one entry of it), the one function that writes to
the store: a transaction's entries are written together, all or none.

The store is ``GONGWEN_AUDIT_DB`` — a file, or a ``postgresql://`` URL in the cluster
(``store.open_store``) — else ``var/audit/audit.db`` of the instance (its client
home): a portal never runs without its audit trail. In PostgreSQL the append
takes the chain's lock in ``tpc_vote`` too, after ZODB's storages voted; a
PostgreSQL that fails there fails the vote, so the request fails.
"""

import logging
import os
import threading

import transaction
from AccessControl import getSecurityManager
from Acquisition import aq_inner
from Acquisition import aq_parent
from zope.globalrequest import getRequest

from collective.gongwen.audit import entries
from collective.gongwen.audit.store import open_store

logger = logging.getLogger("collective.gongwen.audit")

# After the ZODB connections in the two-phase commit (their keys are storage names and paths).
SORT_KEY = "~~collective.gongwen.audit"
OBJECT = "_object"  # an entry's object until it is written
UNIT_KEY = "collective.gongwen.audit.units"  # request.other: the units of actors already looked up

_stores = {}
_stores_lock = threading.Lock()


def store_path():
    """The store: ``GONGWEN_AUDIT_DB`` (a file or a ``postgresql://`` URL), else
    ``<client home>/audit/audit.db``."""
    configured = os.environ.get("GONGWEN_AUDIT_DB")
    if configured:
        return configured
    from App.config import getConfiguration

    home = getattr(getConfiguration(), "clienthome", None) or os.path.join(os.getcwd(), "var")
    return os.path.join(home, "audit", "audit.db")


def audit_store():
    """The process's store of ``store_path()`` (one connection per thread)."""
    path = store_path()
    store = _stores.get(path)
    if store is None:
        with _stores_lock:
            store = _stores.get(path)
            if store is None:
                store = _stores[path] = open_store(path)
    return store


def append(entry):
    """Write one entry (a dict of ``AuditStore.append``'s arguments); the stored entry."""
    return append_many([entry])[0]


def append_many(entries):
    """Write ``entries`` in order, in one transaction of the store (one lock, one disk flush:
    a request's entries stand together in the chain); the stored entries."""
    return audit_store().append_many(entries)


def is_emergency_user(user):
    """True for a user of the Zope root's user folder (Zope's ``admin``), not of a site — and not
    the anonymous user, whom Zope also wraps in the root's user folder."""
    if user is None or user.getId() is None:
        return False
    folder = aq_parent(aq_inner(user))
    path = getattr(folder, "getPhysicalPath", None)
    return path is not None and tuple(path()) == ("", "acl_users")


def actor_unit(user, request=None):
    """The titles of the units whose function groups hold ``user`` (「、」-joined), looked up
    once per request and person (``org.units.member_unit_titles``: no object is woken)."""
    from collective.gongwen.org.units import member_unit_titles

    user_id = user.getId()
    cache = request.other.setdefault(UNIT_KEY, {}) if request is not None else {}
    if user_id not in cache:
        try:
            titles = member_unit_titles(user)
        except (AttributeError, KeyError, TypeError, ValueError):
            titles = []  # outside a site (the Zope root): nobody's unit
        cache[user_id] = "、".join(titles)
    return cache[user_id]


def request_context(request=None):
    """Who and where of the current request: ``actor``, ``unit``, ``client_address``, ``flags``."""
    request = request if request is not None else getRequest()
    user = getSecurityManager().getUser()
    user_id = user.getId() if user is not None else None
    emergency = is_emergency_user(user)
    return {
        "actor": user_id or entries.ANONYMOUS,
        "unit": actor_unit(user, request) if user_id and not emergency else "",
        "client_address": client_address(request),
        "flags": entries.flags(entries.EMERGENCY if emergency else ""),
    }


def client_address(request):
    """The request's client address as Zope sees it (trusted proxies only), or ""."""
    getter = getattr(request, "getClientAddr", None)
    return (getter() or "") if getter is not None else ""


def object_fields(obj):
    """The object's uid and path for an entry (both "" when it has none)."""
    if obj is None:
        return {"object_uid": "", "object_path": ""}
    uid = getattr(obj, "UID", None)
    path = getattr(obj, "getPhysicalPath", None)
    return {
        "object_uid": (uid() if callable(uid) else "") or "",
        "object_path": "/".join(path()) if path is not None else "",
    }


def make_entry(action, obj=None, summary="", request=None, **fields):
    """An entry of ``action`` on ``obj`` by the current request's user; ``fields`` override.

    The object's uid and path are read just before the commit (``resolved``): a new
    object gets its final id (from its title) later in the same request.
    """
    entry = {**request_context(request), "action": action, "summary": summary}
    entry.update(fields)
    if obj is not None:
        entry[OBJECT] = obj
    return entry


def resolved(entry):
    """``entry`` as the store takes it: its object's uid and path filled in (unless given)."""
    entry = dict(entry)
    found = object_fields(entry.pop(OBJECT, None))
    for name, value in found.items():
        entry.setdefault(name, value)
    return entry


def record(action, obj=None, summary="", request=None, once=False, **fields):
    """Gather an entry for the current transaction (written when it commits); the entry.

    ``once``: a second entry of the same action on the same object in this
    transaction is dropped (e.g. an object modified several times by one form).
    """
    entry = make_entry(action, obj, summary, request, **fields)
    pending_entries(transaction.get()).add(entry, once=once)
    return entry


def record_now(action, obj=None, summary="", request=None, **fields):
    """Write an entry at once, whatever becomes of the transaction; the stored entry."""
    return append(resolved(make_entry(action, obj, summary, request, **fields)))


def pending_entries(txn):
    """The ``PendingEntries`` of ``txn``, joined to it on first use — and again after a savepoint
    older than it was rolled back (the transaction then aborts and drops it)."""
    try:
        manager = txn.data(PendingEntries)
    except KeyError:
        manager = PendingEntries(txn)
        txn.set_data(PendingEntries, manager)
        # Objects are read before ZODB's tpc_begin: from then until tpc_finish, an object
        # added in a savepoint of this transaction and since turned into a ghost cannot load.
        txn.addBeforeCommitHook(manager.resolve)
    if not manager.joined:
        txn.join(manager)
        manager.joined = True
    return manager


def pending(txn=None):
    """The entries gathered in ``txn`` (default: the current one) and not yet written."""
    txn = txn or transaction.get()
    try:
        return [resolved(entry) for entry in txn.data(PendingEntries).entries]
    except KeyError:
        return []


def _once_key(entry):
    obj = entry.get(OBJECT)
    return (entry["action"], id(obj) if obj is not None else entry.get("object_path"))


class PendingEntries:
    """A transaction's audit entries: appended in ``tpc_vote`` (``transaction.IDataManager``)."""

    def __init__(self, txn):
        self.transaction_manager = txn.manager if hasattr(txn, "manager") else transaction.manager
        self.entries = []
        self.written = []  # the stored entries (with their seq) of this vote
        self.joined = False

    def add(self, entry, once=False):
        if once:
            key = _once_key(entry)
            if any(_once_key(e) == key for e in self.entries):
                return
        self.entries.append(entry)

    def sortKey(self):
        return SORT_KEY

    def savepoint(self):
        return _Savepoint(self)

    def resolve(self):
        """Fill in the objects' uids and paths while every object of the transaction loads."""
        self.entries = [resolved(entry) for entry in self.entries]

    def abort(self, txn):
        self._compensate()
        self.entries = []
        self.joined = False  # an AbortSavepoint's rollback unjoins us too

    def tpc_begin(self, txn):
        pass

    def commit(self, txn):
        pass

    def tpc_vote(self, txn):
        if self.entries:
            self.written = append_many([resolved(entry) for entry in self.entries])

    def tpc_finish(self, txn):
        self.entries = []
        self.written = []

    def tpc_abort(self, txn):
        self._compensate()
        self.entries = []

    def _compensate(self):
        """Entries written in a vote whose transaction then failed: say so in the store."""
        if not self.written:
            return
        seqs = ",".join(str(entry["seq"]) for entry in self.written)
        first = self.written[0]
        self.written = []
        try:
            append(
                {
                    "actor": first["actor"],
                    "unit": first["unit"],
                    "client_address": first["client_address"],
                    "flags": first["flags"],
                    "action": entries.ROLLED_BACK,
                    "summary": entries.summary("", f"事务未能提交，以下记录所述操作未生效：{seqs}"),
                }
            )
        except Exception:
            logger.exception("audit: the entries %s were written, their transaction failed", seqs)


class _Savepoint:
    """A savepoint of the pending entries: rolling back forgets those gathered since."""

    def __init__(self, manager):
        self.manager = manager
        self.length = len(manager.entries)

    def rollback(self):
        del self.manager.entries[self.length :]
