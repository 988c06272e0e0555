"""The audit store in PostgreSQL (R-U1, the cluster): ``PgAuditStore``, ``store.AuditStore``'s twin.

Plain Python (no Zope). ``GONGWEN_AUDIT_DB=postgresql://gongwen_app@host:port/gongwen_audit``
selects it (``store.open_store``). Every instance and worker appends to the one
chain: an append takes ``pg_advisory_xact_lock(APPEND_LOCK)`` in its transaction,
reads the newest entry, links to it and inserts, so the chain stays linear
whoever writes at once. The one-row table ``issued`` keeps the highest seq
ever given (SQLite's ``sqlite_sequence``), written in the append's transaction:
``verify`` sees a cut-off tail, and a writer killed before its COMMIT leaves
entries and mark as they were (a PostgreSQL sequence, used until 2026-12, is
not transactional: its ``setval`` outlived the rolled-back insert, a false
"cut off" alarm; ``create_schema`` moves a store's mark from it).

Append-only twice over: triggers refuse UPDATE, DELETE and TRUNCATE of entries
and checkpoints (even for the tables' owner) and lowering the mark, and the
application's role (``APP_ROLE``) is granted SELECT and INSERT only (UPDATE of
the mark and the status row). ``setup`` (``gongwen-audit
setup-postgres ADMIN_URL``, run by the cluster as the database's superuser)
makes the tables, the triggers and the role, idempotently; a store opened with
a URL whose user may create tables makes them itself (tests, a single user).

Connections: one per thread and process, opened on first use; a connection
the server dropped (PostgreSQL restarted) is replaced at the next use — a read
is tried again once, a write when its ``BEGIN`` found the connection dead (nothing
was written yet); any other failure rolls back and raises (the request fails).
Text columns use the "C" collation: prefix ranges and the time order are by code
point whatever the database's locale.
"""

import contextlib
import itertools
import json
import os

import psycopg2
import psycopg2.errors
import psycopg2.extras
from psycopg2 import sql

from collective.gongwen.audit import chain
from collective.gongwen.audit import location as locations
from collective.gongwen.audit import store

APPEND_LOCK = 0x676F6E677765_6E  # "gongwen": the advisory lock every appender takes
SCHEMA_LOCK = APPEND_LOCK + 1  # the one making the tables
APP_ROLE = "gongwen_app"
CONNECT_TIMEOUT = 10  # seconds
# A writer waits at most this long for the chain; a broken client cannot hold it for long.
OPTIONS = "-c lock_timeout=30s -c idle_in_transaction_session_timeout=60s"
DROPPED = (psycopg2.OperationalError, psycopg2.InterfaceError)
_CURSORS = itertools.count(1)  # names of the readers' server-side cursors
# Connections a forked child found in its parent's thread-locals: kept from the garbage
# collector, whose PQfinish would end the parent's session on the shared socket.
_INHERITED = []

_TEXT = 'TEXT COLLATE "C" NOT NULL'
_FIELDS = ",\n".join(f"    {name} {_TEXT}" for name in (*chain.FIELDS[1:], "prev_hash", "hash"))
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS entry (
    seq BIGINT PRIMARY KEY,
{_FIELDS}
);
CREATE INDEX IF NOT EXISTS entry_actor_time ON entry (actor, time);
CREATE INDEX IF NOT EXISTS entry_object_uid ON entry (object_uid, seq);
CREATE INDEX IF NOT EXISTS entry_unit_time ON entry (unit, time);
CREATE INDEX IF NOT EXISTS entry_action_time ON entry (action, time);
CREATE INDEX IF NOT EXISTS entry_client_address_time ON entry (client_address, time);
CREATE INDEX IF NOT EXISTS entry_flags_time ON entry (flags, time);
CREATE INDEX IF NOT EXISTS entry_time ON entry (time, seq);
CREATE TABLE IF NOT EXISTS checkpoint (
    id BIGSERIAL PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash {_TEXT},
    time {_TEXT},
    algorithm {_TEXT},
    prev_signature {_TEXT},
    signature {_TEXT}
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS verification (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS issued (
    one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    seq BIGINT NOT NULL
);
DO $$ BEGIN  -- a store made with the sequence keeps its mark (a cut-off tail stays visible)
    IF to_regclass('entry_issued') IS NOT NULL THEN
        INSERT INTO issued (seq) SELECT CASE WHEN is_called THEN last_value ELSE 0 END
            FROM entry_issued ON CONFLICT DO NOTHING;
        DROP SEQUENCE entry_issued;
    END IF;
END $$;
INSERT INTO issued (seq) SELECT coalesce(max(seq), 0) FROM entry ON CONFLICT DO NOTHING;
CREATE OR REPLACE FUNCTION gongwen_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;
CREATE OR REPLACE FUNCTION gongwen_audit_issued_rises() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.seq < OLD.seq THEN RAISE EXCEPTION 'the issued audit seq only rises'; END IF;
        RETURN NEW;
    END $$;
CREATE OR REPLACE TRIGGER issued_rises BEFORE UPDATE ON issued
    FOR EACH ROW EXECUTE FUNCTION gongwen_audit_issued_rises();
CREATE OR REPLACE TRIGGER issued_kept BEFORE DELETE ON issued
    FOR EACH ROW EXECUTE FUNCTION gongwen_audit_append_only('the issued audit seq is kept');
CREATE OR REPLACE TRIGGER issued_no_truncate BEFORE TRUNCATE ON issued
    FOR EACH STATEMENT EXECUTE FUNCTION gongwen_audit_append_only('the issued audit seq is kept');
CREATE OR REPLACE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON entry
    FOR EACH ROW EXECUTE FUNCTION gongwen_audit_append_only('audit entries are append-only');
CREATE OR REPLACE TRIGGER entry_no_truncate BEFORE TRUNCATE ON entry
    FOR EACH STATEMENT EXECUTE FUNCTION gongwen_audit_append_only('audit entries are append-only');
CREATE OR REPLACE TRIGGER checkpoint_append_only BEFORE UPDATE OR DELETE ON checkpoint
    FOR EACH ROW EXECUTE FUNCTION
    gongwen_audit_append_only('audit checkpoints are append-only');
CREATE OR REPLACE TRIGGER checkpoint_no_truncate BEFORE TRUNCATE ON checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION
    gongwen_audit_append_only('audit checkpoints are append-only');
"""
_OBJECTS = ("entry", "checkpoint", "meta", "verification", "issued")
# The application's rights: read and add, never change or remove (the status row and the
# rising mark excepted).
GRANTS = """
REVOKE ALL ON entry, checkpoint, meta, verification, issued FROM {role};
REVOKE ALL ON SEQUENCE checkpoint_id_seq FROM {role};
GRANT SELECT, INSERT ON entry, checkpoint, meta TO {role};
GRANT SELECT, INSERT, UPDATE ON verification TO {role};
GRANT SELECT, UPDATE ON issued TO {role};
GRANT USAGE ON SEQUENCE checkpoint_id_seq TO {role};
"""


def _sql(text):
    """The shared ``?``-placeholder SQL in psycopg2's style (no ``%`` or ``?`` in literals)."""
    return text.replace("?", "%s")


def connect(url):
    """A new autocommit connection to ``url`` (transactions are explicit), rows as dicts."""
    connection = psycopg2.connect(
        url,
        connect_timeout=CONNECT_TIMEOUT,
        application_name="gongwen-audit",
        options=OPTIONS,
        cursor_factory=psycopg2.extras.RealDictCursor,
    )
    connection.autocommit = True
    return connection


def _execute(connection, text, parameters=()):
    with connection.cursor() as cursor:
        cursor.execute(_sql(text), tuple(parameters))
        return [dict(row) for row in cursor.fetchall()] if cursor.description else []


def _has_schema(connection):
    row = _execute(
        connection,
        "SELECT "
        + " AND ".join(f"to_regclass('{name}') IS NOT NULL" for name in _OBJECTS)
        + " AS ready",
    )
    return row[0]["ready"]


def create_schema(connection):
    """The tables, indexes, sequence and triggers (idempotent; one maker at a time)."""
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        try:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            cursor.execute(SCHEMA)
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")


def setup(admin_url, role=APP_ROLE):
    """Make the store in ``admin_url``'s database (as its owner or a superuser) and the role
    ``role`` that may only read and add; the URL the application uses (same server and
    database, user ``role``, no password: a deployment with passwords adds its own)."""
    connection = connect(admin_url)
    try:
        create_schema(connection)
        with connection.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
            cursor.execute(sql.SQL(GRANTS).format(role=sql.Identifier(role)))
            cursor.execute("COMMIT")
        info = connection.info
        return f"postgresql://{role}@{info.host}:{info.port}/{info.dbname}"
    finally:
        connection.close()


class PgAuditStore(store.StoreBase):
    """The store in one PostgreSQL database (``url``, a libpq URI)."""

    FIND = "strpos"

    def __init__(self, url, algorithm=None):
        super().__init__(url, algorithm)
        self._ready = False

    def __repr__(self):
        return f"<PgAuditStore {locations.shown(self.path)}>"

    @property
    def connection(self):
        """This thread's connection (a new one after a fork or a dropped one)."""
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed or self._local.pid != os.getpid():
            if connection is not None and self._local.pid != os.getpid():
                _INHERITED.append(connection)  # the parent's: neither used nor closed here
            self._local.connection = None
            connection = connect(self.path)
            if not self._ready:
                self._make_schema(connection)
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def _make_schema(self, connection):
        if not _has_schema(connection):
            try:
                create_schema(connection)
            except psycopg2.errors.InsufficientPrivilege as error:
                raise RuntimeError(
                    f"the audit store {locations.shown(self.path)} has no tables and this "
                    "user may not make them: run gongwen-audit setup-postgres ADMIN_URL"
                ) from error
        self._ready = True

    def _drop(self):
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None and self._local.pid == os.getpid():
            with contextlib.suppress(psycopg2.Error):
                connection.close()

    def close(self):
        self._drop()

    def _fix_algorithm(self, wanted):
        self._query(
            "INSERT INTO meta VALUES ('algorithm', ?) ON CONFLICT (name) DO NOTHING", (wanted,)
        )
        return self._query("SELECT value FROM meta WHERE name = 'algorithm'")[0]["value"]

    def _begin(self):
        """This thread's connection in a new transaction: a connection found dead at BEGIN
        (nothing written yet) is replaced once."""
        for attempt in (1, 2):
            try:
                connection = self.connection
                _execute(connection, "BEGIN")
                return connection
            except DROPPED:
                self._drop()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def _writing(self):
        """A transaction holding the chain's lock, committed at the end, rolled back (or the
        connection dropped) on any error."""
        connection = self._begin()
        try:
            _execute(connection, "SELECT pg_advisory_xact_lock(?)", (APPEND_LOCK,))
            yield connection
            _execute(connection, "COMMIT")
        except BaseException:
            try:
                _execute(connection, "ROLLBACK")
            except psycopg2.Error:
                self._drop()
            raise

    @staticmethod
    def _execute(connection, text, parameters=()):
        return _execute(connection, text, parameters)

    def _query(self, text, parameters=()):
        """A read on its own (autocommit): tried once more on a fresh connection when the
        server had dropped this thread's."""
        try:
            return _execute(self.connection, text, parameters)
        except DROPPED:
            self._drop()
            return _execute(self.connection, text, parameters)

    def _insert_entries(self, connection, entries):
        """Many rows per statement (bulk appends and imports)."""
        with connection.cursor() as cursor:
            psycopg2.extras.execute_values(
                cursor,
                f"INSERT INTO entry ({', '.join(store.ENTRY_COLUMNS)}) VALUES %s",
                [tuple(entry[name] for name in store.ENTRY_COLUMNS) for entry in entries],
                page_size=1000,
            )

    def _issued(self, connection, seq):
        _execute(connection, "UPDATE issued SET seq = ?", (seq,))

    def raise_issued(self, seq):
        """Keep ``seq`` as given (an import of a store whose tail was cut keeps showing it)."""
        with self._writing() as connection:
            _execute(connection, "UPDATE issued SET seq = greatest(seq, ?)", (seq,))

    @contextlib.contextmanager
    def reader(self):
        """A ``PgReader`` on one snapshot (REPEATABLE READ, read-only): entries and mark as
        one committed append left them."""
        try:
            connection = connect(self.path)
        except psycopg2.Error as error:
            raise store.Unreadable(str(error).strip()) from error
        try:
            if not _has_schema(connection):
                raise store.Unreadable(f"{locations.shown(self.path)}: no audit store here")
            connection.autocommit = False
            connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
            yield PgReader(connection, _execute(connection, "SELECT seq FROM issued")[0]["seq"])
        except psycopg2.Error as error:
            raise store.Unreadable(str(error).strip()) from error
        finally:
            connection.close()

    def read_status(self):
        rows = self._query("SELECT value FROM verification WHERE name = 'status'")
        try:
            status = json.loads(rows[0]["value"]) if rows else None
        except ValueError:
            return None
        return status if isinstance(status, dict) else None

    def write_status(self, status):
        self._query(  # an upsert: tried again on a fresh connection like a read
            "INSERT INTO verification VALUES ('status', ?) "
            "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
            (json.dumps(status, ensure_ascii=False),),
        )
        return status


class PgReader:
    """One snapshot of a PostgreSQL store (``store.SqliteReader``'s twin)."""

    BATCH = 5000  # entries fetched at a time from the server-side cursor

    def __init__(self, connection, issued):
        self.connection = connection
        self._issued = issued

    def algorithm(self):
        rows = _execute(self.connection, "SELECT value FROM meta WHERE name = 'algorithm'")
        return rows[0]["value"] if rows else None

    def checkpoint_rows(self):
        return iter(_execute(self.connection, "SELECT * FROM checkpoint ORDER BY id"))

    def entry_rows(self, after=0):
        """The entries after seq ``after`` in order, through a server-side cursor (closed when
        the walk ends or is dropped)."""
        cursor = self.connection.cursor(name=f"gongwen_audit_entries_{next(_CURSORS)}")
        cursor.itersize = self.BATCH
        try:
            cursor.execute("SELECT * FROM entry WHERE seq > %s ORDER BY seq", (after,))
            for row in cursor:
                yield dict(row)
        finally:
            cursor.close()

    def issued(self):
        return self._issued

    def counts(self):
        row = _execute(
            self.connection,
            "SELECT (SELECT count(*) FROM entry) AS entries, "
            "(SELECT count(*) FROM checkpoint) AS checkpoints",
        )[0]
        return row["entries"], row["checkpoints"]
