"""The audit store (R-U1): entries appended, never changed — one interface, two backends.

Plain Python (no Zope). The store lives outside ZODB (see docs/architecture.rst,
审计存储) so it survives the deletion and destruction of what it records. Where it
is: ``GONGWEN_AUDIT_DB``, a file path (``make start`` sets ``var/audit/audit.db``:
SQLite, this module's ``AuditStore``) or a ``postgresql://`` URL (the cluster:
``pgstore.PgAuditStore``); ``open_store`` chooses by the scheme.

``StoreBase`` holds what both share: the bounded fields, the chain (each append
reads the newest entry and links to it inside one transaction that excludes the
other writers), the checkpoints, the queries (``Filters``) and the verification
state. A backend supplies its connection, its write transaction and its SQL
dialect. In SQLite the file is opened in WAL mode, each write is one short
``BEGIN IMMEDIATE`` transaction (safe for several processes and threads), and
triggers refuse UPDATE and DELETE: the code has no path to change an entry, and
the hash chain (``chain``) shows whoever changes the file by other means.
"""

import contextlib
import dataclasses
import datetime
import json
import os
import sqlite3
import threading
import time

from collective.gongwen.audit import chain
from collective.gongwen.audit import location as locations

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
ENTRY_COLUMNS = _COLUMNS = (*chain.FIELDS, "prev_hash", "hash")
INSERT_ENTRY = "INSERT INTO entry ({}) VALUES ({})".format(
    ", ".join(_COLUMNS), ", ".join("?" * len(_COLUMNS))
)
LAST_ENTRY = "SELECT seq, hash FROM entry ORDER BY seq DESC LIMIT 1"
_CHECKPOINT = ("seq", "hash", "time", "algorithm", "prev_signature", "signature")
INSERT_CHECKPOINT = "INSERT INTO checkpoint ({}) VALUES ({})".format(
    ", ".join(_CHECKPOINT), ", ".join("?" * len(_CHECKPOINT))
)


def db_path():
    """The configured store (``GONGWEN_AUDIT_DB``): a file path or a ``postgresql://`` URL."""
    path = os.environ.get("GONGWEN_AUDIT_DB")
    if not path:
        raise RuntimeError("GONGWEN_AUDIT_DB is not set (make start sets var/audit/audit.db)")
    return path


class Unreadable(Exception):
    """The store cannot be opened or read (no file, no tables, no server, not a store)."""


def open_store(location=None, algorithm=None):
    """The store at ``location`` (default ``GONGWEN_AUDIT_DB``): ``PgAuditStore`` for a
    ``postgresql://`` URL, else the SQLite ``AuditStore`` of that file."""
    location = location or db_path()
    if locations.is_keyword_dsn(location):
        raise ValueError("GONGWEN_AUDIT_DB: write the PostgreSQL store as a postgresql:// URL")
    if locations.is_postgres(location):
        from collective.gongwen.audit.pgstore import PgAuditStore

        return PgAuditStore(location, algorithm=algorithm)
    return AuditStore(location, algorithm=algorithm)


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


def _entry_fields(fields):
    """The stored text of an entry's fields (``StoreBase.append``'s arguments), without seq."""
    entry = {"time": utc_time(fields.get("time"))}
    for name in BOUNDS:
        entry[name] = bounded(name, fields.get(name, ""))
    if not entry["action"]:
        raise ValueError("an audit entry needs an action")
    return entry


class StoreBase:
    """What both backends share. A backend provides ``_writing()`` (a transaction that excludes
    the other writers, committed at the end, rolled back on error, yielding a connection),
    ``_query(sql, parameters)`` (rows as dicts), ``_issued(connection, seq)`` (the newest seq
    ever issued, for ``verify``'s truncation check), ``reader()`` and the status store.
    SQL is written with ``?`` placeholders; ``FIND`` is the dialect's substring function."""

    FIND = "instr"

    def __init__(self, location, algorithm=None):
        self.path = location
        self._local = threading.local()
        self._requested_algorithm = algorithm
        self._algorithm = None

    @property
    def wanted_algorithm(self):
        wanted = self._requested_algorithm or os.environ.get(
            "GONGWEN_AUDIT_HASH", chain.DEFAULT_ALGORITHM
        )
        if wanted not in chain.ALGORITHMS:
            raise ValueError(f"GONGWEN_AUDIT_HASH: unknown algorithm {wanted!r}")
        return wanted

    @property
    def algorithm(self):
        """The store's hash algorithm, fixed when the store is created (``GONGWEN_AUDIT_HASH``)."""
        if self._algorithm is None:
            self._algorithm = self._fix_algorithm(self.wanted_algorithm)
        return self._algorithm

    def append(self, actor, action, **fields):
        """Add one entry at the end of the chain (one short transaction); its fields as stored.

        ``fields``: object_uid, object_path, from_state, to_state, client_address, summary,
        on_behalf_of, unit, flags (text) and time (an aware datetime, default now)."""
        return self.append_many([{"actor": actor, "action": action, **fields}])[0]

    def append_many(self, entries):
        """Add ``entries`` (dicts of ``append``'s arguments) in order, chained, in one
        transaction (bulk writers: the data generator, imports); the stored entries."""
        prepared = [_entry_fields(fields) for fields in entries]
        unknown = {name for fields in entries for name in fields} - {*BOUNDS, "time"}
        if unknown:
            raise TypeError(f"unknown audit entry fields: {', '.join(sorted(unknown))}")
        if not prepared:
            return []
        algorithm = self.algorithm
        with self._writing() as connection:
            last = self._last_entry(connection)
            seq, prev_hash = (last["seq"], last["hash"]) if last else (0, chain.GENESIS)
            for entry in prepared:
                seq += 1
                entry["seq"], entry["prev_hash"] = seq, prev_hash
                entry["hash"] = prev_hash = chain.entry_hash(entry, prev_hash, algorithm)
            self._insert_entries(connection, prepared)
            self._issued(connection, seq)
        return prepared

    def copy_entries(self, rows):
        """Add stored entries of another store (every column, seq and hashes as they are) at the
        end of this chain, in one transaction; refused unless the first links to our newest."""
        if not rows:
            return 0
        with self._writing() as connection:
            last = self._last_entry(connection)
            seq, prev_hash = (last["seq"], last["hash"]) if last else (0, chain.GENESIS)
            for row in rows:
                if row["seq"] != seq + 1 or row["prev_hash"] != prev_hash:
                    raise ValueError(f"entry {row['seq']} does not follow entry {seq}")
                seq, prev_hash = row["seq"], row["hash"]
            self._insert_entries(connection, rows)
            self._issued(connection, seq)
        return len(rows)

    def copy_checkpoints(self, rows):
        """Add checkpoints of another store (as they are, oldest first) after ours."""
        with self._writing() as connection:
            for row in rows:
                self._execute(connection, INSERT_CHECKPOINT, [row[name] for name in _CHECKPOINT])
        return len(rows)

    def _last_entry(self, connection):
        """The newest entry's seq and hash in ``connection``'s transaction, or None."""
        rows = self._execute(connection, LAST_ENTRY)
        return rows[0] if rows else None

    def last_entry(self):
        """The newest entry (its seq and hash), or None for an empty store."""
        rows = self._query(LAST_ENTRY)
        return rows[0] if rows else None

    def checkpoint(self, key, time=None):
        """Sign the newest entry's seq and hash (``chain.checkpoint_payload``); the record."""
        algorithm = self.algorithm
        with self._writing() as connection:
            last = self._last_entry(connection)
            previous = self._execute(
                connection, "SELECT signature FROM checkpoint ORDER BY id DESC LIMIT 1"
            )
            record = {
                "seq": last["seq"] if last else 0,
                "hash": last["hash"] if last else chain.GENESIS,
                "time": utc_time(time),
                "algorithm": algorithm,
                "prev_signature": previous[0]["signature"] if previous else "",
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
            self._execute(connection, INSERT_CHECKPOINT, [record[name] for name in _CHECKPOINT])
        return record

    def entries_of(self, actor, start, end, limit=10000):
        """``actor``'s entries with ``start`` ≤ time < ``end`` (aware datetimes), oldest first."""
        return self._query(
            "SELECT * FROM entry WHERE actor = ? AND time >= ? AND time < ? "
            "ORDER BY time, seq LIMIT ?",
            (bounded("actor", actor), utc_time(start), utc_time(end), int(limit)),
        )

    def search(self, filters, offset=0, limit=50, count_limit=None):
        """The entries matching ``filters`` (a ``Filters``), newest first: (rows, total).

        ``rows`` are ``limit`` entries from ``offset`` on; ``total`` counts every match,
        or at most ``count_limit`` of them (the caller asks whether there are more than
        it would show or export without counting ten million)."""
        where, parameters = filters.where(self.FIND)
        rows = self._query(
            f"SELECT * FROM entry WHERE {where} ORDER BY time DESC, seq DESC LIMIT ? OFFSET ?",
            (*parameters, max(0, int(limit)), max(0, int(offset))),
        )
        counted = f"SELECT 1 FROM entry WHERE {where}"
        bound = ()
        if count_limit is not None:
            counted += " LIMIT ?"
            bound = (max(0, int(count_limit)),)
        total = self._query(
            f"SELECT count(*) AS total FROM ({counted}) AS matched", (*parameters, *bound)
        )[0]["total"]
        return rows, total

    def iterate(self, filters, limit):
        """At most ``limit`` entries matching ``filters``, newest first, one at a time (exports)."""
        where, parameters = filters.where(self.FIND)
        yield from self._query(
            f"SELECT * FROM entry WHERE {where} ORDER BY time DESC, seq DESC LIMIT ?",
            (*parameters, max(0, int(limit))),
        )

    def checkpoints(self, limit=20):
        """The newest ``limit`` checkpoints, newest first."""
        return self._query(
            "SELECT * FROM checkpoint ORDER BY id DESC LIMIT ?", (max(0, int(limit)),)
        )

    def count(self):
        return self._query("SELECT count(*) AS total FROM entry")[0]["total"]


class AuditStore(StoreBase):
    """The SQLite store of one file: ``append``, ``checkpoint`` and the queries.

    One connection per thread and process (SQLite connections are neither
    shared across threads here nor inherited across ``fork``).
    """

    def __init__(self, path=None, algorithm=None):
        super().__init__(path or db_path(), algorithm)

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

    def _fix_algorithm(self, wanted):
        connection = self.connection
        connection.execute("INSERT OR IGNORE INTO meta VALUES ('algorithm', ?)", (wanted,))
        row = connection.execute("SELECT value FROM meta WHERE name = 'algorithm'").fetchone()
        return row["value"]

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

    def _insert_entries(self, connection, entries):
        connection.executemany(
            INSERT_ENTRY, [[entry[name] for name in _COLUMNS] for entry in entries]
        )

    @staticmethod
    def _execute(connection, sql, parameters=()):
        return [dict(row) for row in connection.execute(sql, parameters)]

    def _query(self, sql, parameters=()):
        return self._execute(self.connection, sql, parameters)

    def _issued(self, connection, seq):
        pass  # AUTOINCREMENT keeps it (sqlite_sequence), in the same transaction

    def raise_issued(self, seq):
        """Keep ``seq`` as given (an import of a store whose tail was cut keeps showing it)."""
        with self._writing() as connection:
            connection.execute(
                "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'entry'", (seq,)
            )

    def close(self):
        connection = getattr(self._local, "connection", None)
        if connection is not None and self._local.pid == os.getpid():
            connection.close()
        self._local.connection = None

    @contextlib.contextmanager
    def reader(self):
        """A ``SqliteReader`` on one read-only snapshot of the file (``verify``, imports)."""
        if not os.path.isfile(self.path):
            raise Unreadable(f"{self.path}: no such file")
        try:
            connection = connect(self.path, readonly=True)
            connection.execute("BEGIN")  # one snapshot, whatever writers do meanwhile
        except sqlite3.Error as error:
            raise Unreadable(str(error)) from error
        try:
            yield SqliteReader(connection)
        except sqlite3.Error as error:
            raise Unreadable(str(error)) from error
        finally:
            connection.close()

    def status_path(self):
        """The file beside the store where the last verification's state is kept (JSON)."""
        return os.path.abspath(self.path) + ".verification.json"

    def read_status(self):
        """The last verification's state (a dict), or None."""
        try:
            with open(self.status_path(), encoding="utf-8") as stream:
                status = json.load(stream)
        except (OSError, ValueError):
            return None
        return status if isinstance(status, dict) else None

    def write_status(self, status):
        """Replace the verification state (atomically)."""
        target = self.status_path()
        os.makedirs(os.path.dirname(target), exist_ok=True)
        temporary = f"{target}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as stream:
            json.dump(status, stream, ensure_ascii=False)
        os.replace(temporary, target)
        return status


class SqliteReader:
    """One snapshot of a store, read in order: what ``verify`` and ``import-sqlite`` walk.
    (``pgstore.PgReader`` is the same for PostgreSQL.)"""

    def __init__(self, connection):
        self.connection = connection

    def algorithm(self):
        """The store's algorithm (None for a store that never had an entry)."""
        row = self.connection.execute("SELECT value FROM meta WHERE name = 'algorithm'").fetchone()
        return row["value"] if row else None

    def checkpoint_rows(self):
        rows = self.connection.execute("SELECT * FROM checkpoint ORDER BY id")
        return (dict(row) for row in rows)

    def entry_rows(self, after=0):
        """The entries from seq ``after`` + 1 on, in seq order (streamed)."""
        rows = self.connection.execute("SELECT * FROM entry WHERE seq > ? ORDER BY seq", (after,))
        return (dict(row) for row in rows)

    def issued(self):
        """The highest seq the store ever gave (a deleted tail still counts)."""
        row = self.connection.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'entry'"
        ).fetchone()
        return row["seq"] if row else 0

    def counts(self):
        """(entries, checkpoints) of the snapshot."""
        return (
            self.connection.execute("SELECT count(*) FROM entry").fetchone()[0],
            self.connection.execute("SELECT count(*) FROM checkpoint").fetchone()[0],
        )


COPY_BATCH = 2000  # entries per transaction of ``copy_store``


def copy_store(source, destination):
    """Copy every entry and checkpoint of the store ``source`` (a location) that
    ``destination`` (a store) lacks, in order and as they are; (entries, checkpoints) copied.

    The destination must be empty or hold exactly a prefix of the source (a copy
    interrupted earlier is continued, a finished one copies nothing); anything else is
    refused with ``ValueError``, before anything is written. Verify the destination
    afterwards (``verify.verify``): it is then the source's chain."""
    with open_store(source).reader() as reader:
        algorithm = reader.algorithm()
        with destination.reader() if _has_store(destination) else _empty() as have:
            have_entries, have_checkpoints = have.counts() if have else (0, 0)
            have_last = _first(have.entry_rows(have_entries - 1)) if have_entries else None
            have_signatures = [row["signature"] for row in have.checkpoint_rows()] if have else []
            have_algorithm = have.algorithm() if have else None
        if have_algorithm and algorithm and have_algorithm != algorithm:
            raise ValueError(f"the destination hashes with {have_algorithm}, not {algorithm}")
        if have_entries:
            if have_last is None or have_last["seq"] != have_entries:
                raise ValueError("the destination's entries are not numbered 1 to its count")
            mine = _first(reader.entry_rows(have_entries - 1))
            if mine is None or mine["seq"] != have_entries or mine["hash"] != have_last["hash"]:
                raise ValueError(
                    f"the destination holds {have_entries} entries that are not the source's first"
                )
        checkpoints = list(reader.checkpoint_rows())
        if [row["signature"] for row in checkpoints[: len(have_signatures)]] != have_signatures:
            raise ValueError("the destination's checkpoints are not the source's first")
        if algorithm and destination._fix_algorithm(algorithm) != algorithm:
            raise ValueError("the destination's hash algorithm differs from the source's")
        copied = 0
        batch = []
        for row in reader.entry_rows(have_entries):
            batch.append(row)
            if len(batch) >= COPY_BATCH:
                copied += destination.copy_entries(batch)
                batch = []
        copied += destination.copy_entries(batch)
        if reader.issued() > have_entries + copied:
            destination.raise_issued(reader.issued())
        added = destination.copy_checkpoints(checkpoints[len(have_signatures) :])
    return copied, added


def _first(rows):
    """The first of ``rows`` (a generator, closed afterwards), or None."""
    try:
        return next(rows, None)
    finally:
        rows.close()


def _has_store(destination):
    """True when ``destination`` already has something to compare (a file, or tables)."""
    try:
        with destination.reader():
            return True
    except Unreadable:
        return False


@contextlib.contextmanager
def _empty():
    yield None


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

    def where(self, find="instr"):
        """The SQL condition and its parameters (values are always bound, never spliced);
        ``find``: the dialect's ``instr(text, part)`` (PostgreSQL's ``strpos``)."""
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
            clauses.append(f"flags > '' AND {find}(',' || flags || ',', ?) > 0")
            parameters.append(f",{bounded('flags', self.flag)},")
        return " AND ".join(clauses) or "1 = 1", parameters
