"""The audit store (R-U1): entries appended to their own SQLite file, never changed.

Plain Python (no Zope). The store lives outside ZODB (see docs/architecture.rst,
审计存储) so it survives the deletion and destruction of what it records. The
file is ``GONGWEN_AUDIT_DB`` (``make start`` sets ``var/audit/audit.db``); it
is opened in WAL mode, each append is one short ``BEGIN IMMEDIATE``
transaction (safe for several processes and threads), and triggers refuse
UPDATE and DELETE: the code has no path to change an entry, and the hash chain
(``chain``) shows whoever changes the file by other means.
"""

import contextlib
import dataclasses
import datetime
import os
import sqlite3
import threading
import time

from collective.gongwen.audit import chain

# Longest text kept per field (characters); longer input is cut, marked with "…".
BOUNDS = {
    "actor": 200,
    "on_behalf_of": 200,
    "unit": 200,
    "action": 64,
    "object_uid": 64,
    "object_path": 1000,
    "from_state": 64,
    "to_state": 64,
    "client_address": 100,
    "summary": 2000,
    "flags": 200,
}

BUSY_TIMEOUT = 30  # seconds a writer waits for another's transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS entry (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    actor TEXT NOT NULL,
    on_behalf_of TEXT NOT NULL,
    unit TEXT NOT NULL,
    action TEXT NOT NULL,
    object_uid TEXT NOT NULL,
    object_path TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    client_address TEXT NOT NULL,
    summary TEXT NOT NULL,
    flags TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entry_actor_time ON entry (actor, time);
CREATE INDEX IF NOT EXISTS entry_object_uid ON entry (object_uid, seq);
CREATE TABLE IF NOT EXISTS checkpoint (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    time TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    prev_signature TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS entry_no_update BEFORE UPDATE ON entry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS entry_no_delete BEFORE DELETE ON entry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoint_no_update BEFORE UPDATE ON checkpoint
    BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoint_no_delete BEFORE DELETE ON checkpoint
    BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
"""


# The search's indexes (``Filters``), made after ``_add_missing_columns`` (``unit`` may be new).
INDEXES = """
CREATE INDEX IF NOT EXISTS entry_unit_time ON entry (unit, time);
CREATE INDEX IF NOT EXISTS entry_action_time ON entry (action, time);
CREATE INDEX IF NOT EXISTS entry_client_address_time ON entry (client_address, time);
CREATE INDEX IF NOT EXISTS entry_flags_time ON entry (flags, time);
"""

# Columns named: a store migrated by ``_add_missing_columns`` has them in another order.
_COLUMNS = (*chain.FIELDS, "prev_hash", "hash")
INSERT_ENTRY = "INSERT INTO entry ({}) VALUES ({})".format(
    ", ".join(_COLUMNS), ", ".join(f":{name}" for name in _COLUMNS)
)


def db_path():
    """The configured store file (``GONGWEN_AUDIT_DB``)."""
    path = os.environ.get("GONGWEN_AUDIT_DB")
    if not path:
        raise RuntimeError("GONGWEN_AUDIT_DB is not set (make start sets var/audit/audit.db)")
    return path


def utc_time(moment=None):
    """``moment`` (an aware datetime, default now) as the store's UTC text; sorts as it reads."""
    moment = moment or datetime.datetime.now(datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def bounded(name, value):
    """``value`` as text for ``name``: no control characters, at most ``BOUNDS[name]`` long."""
    text = "" if value is None else str(value)
    keep = "\n\t" if name == "summary" else ""
    text = "".join(c if c >= " " and c != "\x7f" or c in keep else " " for c in text)
    limit = BOUNDS[name]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def while_locked(operation):
    """``operation()``, tried again while another process holds the file (up to BUSY_TIMEOUT)."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            return operation()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _add_missing_columns(connection):
    """Give a store made before ``unit`` and ``flags`` existed those columns (empty for its
    entries: the chain hashes them as empty strings, which is what they were)."""
    have = {row[1] for row in connection.execute("PRAGMA table_info(entry)")}
    for name in ("unit", "flags"):
        if name not in have:
            connection.execute(f"ALTER TABLE entry ADD COLUMN {name} TEXT NOT NULL DEFAULT ''")


def _last_entry(connection):
    """The newest entry's seq and hash (a row), or None for an empty store."""
    return connection.execute("SELECT seq, hash FROM entry ORDER BY seq DESC LIMIT 1").fetchone()


def connect(path, readonly=False):
    """A connection to the store at ``path`` in autocommit mode (transactions are explicit)."""
    if readonly:
        connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT, isolation_level=None
        )
    else:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        # Switching a new file to WAL answers "locked" at once while another process does
        # the same (SQLite's busy handler does not wait for it): wait here instead.
        while_locked(lambda: connection.execute("PRAGMA journal_mode=WAL"))
        # WAL + NORMAL: a committed entry survives the process being killed;
        # FULL also survives a power cut, at the price of an fsync per entry.
        synchronous = os.environ.get("GONGWEN_AUDIT_SYNCHRONOUS", "FULL").upper()
        if synchronous not in ("NORMAL", "FULL"):
            synchronous = "FULL"
        connection.execute(f"PRAGMA synchronous={synchronous}")
    connection.row_factory = sqlite3.Row
    return connection


class AuditStore:
    """The entries of one store file: ``append``, ``checkpoint`` and the queries.

    One connection per thread and process (SQLite connections are neither
    shared across threads here nor inherited across ``fork``).
    """

    def __init__(self, path=None, algorithm=None):
        self.path = path or db_path()
        self._local = threading.local()
        self._requested_algorithm = algorithm
        self._algorithm = None

    @property
    def connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            connection = connect(self.path)
            while_locked(lambda: connection.executescript(SCHEMA))
            while_locked(lambda: _add_missing_columns(connection))
            while_locked(lambda: connection.executescript(INDEXES))
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    @property
    def algorithm(self):
        """The store's hash algorithm, fixed when the store is created (``GONGWEN_AUDIT_HASH``)."""
        if self._algorithm is None:
            wanted = self._requested_algorithm or os.environ.get(
                "GONGWEN_AUDIT_HASH", chain.DEFAULT_ALGORITHM
            )
            if wanted not in chain.ALGORITHMS:
                raise ValueError(f"GONGWEN_AUDIT_HASH: unknown algorithm {wanted!r}")
            connection = self.connection
            connection.execute("INSERT OR IGNORE INTO meta VALUES ('algorithm', ?)", (wanted,))
            row = connection.execute("SELECT value FROM meta WHERE name = 'algorithm'").fetchone()
            self._algorithm = row["value"]
        return self._algorithm

    @contextlib.contextmanager
    def _writing(self):
        """This thread's connection inside one ``BEGIN IMMEDIATE`` transaction (the writers wait
        for each other), committed at the end, rolled back on any error."""
        connection = self.connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def close(self):
        connection = getattr(self._local, "connection", None)
        if connection is not None and self._local.pid == os.getpid():
            connection.close()
        self._local.connection = None

    def append(
        self,
        actor,
        action,
        object_uid="",
        object_path="",
        from_state="",
        to_state="",
        client_address="",
        summary="",
        on_behalf_of="",
        unit="",
        flags="",
        time=None,
    ):
        """Add one entry at the end of the chain (one short transaction); its fields as stored."""
        entry = {
            "time": utc_time(time),
            "actor": bounded("actor", actor),
            "on_behalf_of": bounded("on_behalf_of", on_behalf_of),
            "unit": bounded("unit", unit),
            "action": bounded("action", action),
            "object_uid": bounded("object_uid", object_uid),
            "object_path": bounded("object_path", object_path),
            "from_state": bounded("from_state", from_state),
            "to_state": bounded("to_state", to_state),
            "client_address": bounded("client_address", client_address),
            "summary": bounded("summary", summary),
            "flags": bounded("flags", flags),
        }
        if not entry["action"]:
            raise ValueError("an audit entry needs an action")
        algorithm = self.algorithm
        with self._writing() as connection:
            last = _last_entry(connection)
            entry["seq"] = last["seq"] + 1 if last else 1
            entry["prev_hash"] = last["hash"] if last else chain.GENESIS
            entry["hash"] = chain.entry_hash(entry, entry["prev_hash"], algorithm)
            connection.execute(
                INSERT_ENTRY,
                entry,
            )
        return entry

    def checkpoint(self, key, time=None):
        """Sign the newest entry's seq and hash (``chain.checkpoint_payload``); the record."""
        algorithm = self.algorithm
        with self._writing() as connection:
            last = _last_entry(connection)
            previous = connection.execute(
                "SELECT signature FROM checkpoint ORDER BY id DESC LIMIT 1"
            ).fetchone()
            record = {
                "seq": last["seq"] if last else 0,
                "hash": last["hash"] if last else chain.GENESIS,
                "time": utc_time(time),
                "algorithm": algorithm,
                "prev_signature": previous["signature"] if previous else "",
            }
            record["signature"] = chain.sign(
                key,
                chain.checkpoint_payload(
                    record["seq"],
                    record["hash"],
                    record["time"],
                    algorithm,
                    record["prev_signature"],
                ),
            )
            connection.execute(
                "INSERT INTO checkpoint (seq, hash, time, algorithm, prev_signature, signature) "
                "VALUES (:seq, :hash, :time, :algorithm, :prev_signature, :signature)",
                record,
            )
        return record

    def entries_of(self, actor, start, end, limit=10000):
        """``actor``'s entries with ``start`` ≤ time < ``end`` (aware datetimes), oldest first."""
        rows = self.connection.execute(
            "SELECT * FROM entry WHERE actor = ? AND time >= ? AND time < ? "
            "ORDER BY time, seq LIMIT ?",
            (bounded("actor", actor), utc_time(start), utc_time(end), int(limit)),
        )
        return [dict(row) for row in rows]

    def search(self, filters, offset=0, limit=50, count_limit=None):
        """The entries matching ``filters`` (a ``Filters``), newest first: (rows, total).

        ``rows`` are ``limit`` entries from ``offset`` on; ``total`` counts every match,
        or at most ``count_limit`` of them (the caller asks whether there are more than
        it would show or export without counting ten million)."""
        where, parameters = filters.where()
        connection = self.connection
        rows = connection.execute(
            f"SELECT * FROM entry WHERE {where} ORDER BY time DESC, seq DESC LIMIT ? OFFSET ?",
            (*parameters, max(0, int(limit)), max(0, int(offset))),
        )
        rows = [dict(row) for row in rows]
        counted = f"SELECT 1 FROM entry WHERE {where}"
        bound = ()
        if count_limit is not None:
            counted += " LIMIT ?"
            bound = (max(0, int(count_limit)),)
        total = connection.execute(
            f"SELECT count(*) FROM ({counted})", (*parameters, *bound)
        ).fetchone()[0]
        return rows, total

    def iterate(self, filters, limit):
        """At most ``limit`` entries matching ``filters``, newest first, one at a time (exports)."""
        where, parameters = filters.where()
        cursor = self.connection.execute(
            f"SELECT * FROM entry WHERE {where} ORDER BY time DESC, seq DESC LIMIT ?",
            (*parameters, max(0, int(limit))),
        )
        for row in cursor:
            yield dict(row)

    def checkpoints(self, limit=20):
        """The newest ``limit`` checkpoints, newest first."""
        rows = self.connection.execute(
            "SELECT * FROM checkpoint ORDER BY id DESC LIMIT ?", (max(0, int(limit)),)
        )
        return [dict(row) for row in rows]

    def count(self):
        return self.connection.execute("SELECT count(*) FROM entry").fetchone()[0]


def _after_prefix(prefix):
    """The smallest text greater than every text starting with ``prefix`` (a range bound the
    indexes use, where LIKE would need escaping and a scan)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def address_is_prefix(address):
    """An address ending in ``.`` or ``:`` (``10.1.``, ``fe80:``) means every address under it."""
    return address.endswith((".", ":"))


@dataclasses.dataclass(frozen=True)
class Filters:
    """What ``AuditStore.search`` selects; empty fields select everything.

    ``start``/``end`` are aware datetimes (start ≤ time < end); ``object_uids`` and
    ``object_path`` (a path prefix) are alternatives — an entry matches either;
    ``client_address`` is exact, or a prefix when it ends in ``.`` or ``:``;
    ``flag`` keeps entries carrying that flag word (``emergency``)."""

    actor: str = ""
    unit: str = ""
    object_uids: tuple = ()
    object_path: str = ""
    actions: tuple = ()
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    client_address: str = ""
    flag: str = ""

    def where(self):
        """The SQL condition and its parameters (values are always bound, never spliced)."""
        clauses, parameters = [], []
        if self.actor:
            clauses.append("actor = ?")
            parameters.append(bounded("actor", self.actor))
        if self.unit:
            clauses.append("unit = ?")
            parameters.append(bounded("unit", self.unit))
        documents = []
        if self.object_uids:
            uids = [bounded("object_uid", uid) for uid in self.object_uids]
            documents.append("object_uid IN ({})".format(", ".join("?" * len(uids))))
            parameters.extend(uids)
        if self.object_path:
            path = bounded("object_path", self.object_path)
            documents.append("(object_path >= ? AND object_path < ?)")
            parameters.extend((path, _after_prefix(path)))
        if documents:
            clauses.append("({})".format(" OR ".join(documents)))
        if self.actions:
            actions = [bounded("action", action) for action in self.actions]
            clauses.append("action IN ({})".format(", ".join("?" * len(actions))))
            parameters.extend(actions)
        if self.start is not None:
            clauses.append("time >= ?")
            parameters.append(utc_time(self.start))
        if self.end is not None:
            clauses.append("time < ?")
            parameters.append(utc_time(self.end))
        if self.client_address:
            address = bounded("client_address", self.client_address)
            if address_is_prefix(address):
                clauses.append("(client_address >= ? AND client_address < ?)")
                parameters.extend((address, _after_prefix(address)))
            else:
                clauses.append("client_address = ?")
                parameters.append(address)
        if self.flag:
            # flags > '': the few flagged entries through entry_flags_time, not a scan
            clauses.append("flags > '' AND instr(',' || flags || ',', ?) > 0")
            parameters.append(f",{bounded('flags', self.flag)},")
        return " AND ".join(clauses) or "1", parameters
