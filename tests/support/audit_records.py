"""An audit store read as plain rows, without the product's code: for comparing a restored or
recovered store with what the live one held (R-SEC4, R-U1); the PostgreSQL store's server and
fresh databases for the tests of both backends, and tampering with either."""

import contextlib
import itertools
import os
import sqlite3
from pathlib import Path


def audit_entries(path):
    """Every entry of the store file at ``path`` (all columns, seq order) as dicts; [] when
    there is no store."""
    if not Path(path).is_file():
        return []
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute("SELECT * FROM entry ORDER BY seq")]


# --- The audit store in PostgreSQL (the cluster's): a private server and fresh databases ---


@contextlib.contextmanager
def audit_postgres():
    """A private PostgreSQL for audit stores (tests.support.postgres); yields its port."""
    from tests.support.postgres import running_postgres

    with running_postgres(databases=("gongwen_audit",)) as port:
        yield port


_databases = itertools.count(1)


def fresh_store_url(port, app_role=False):
    """A new empty database on the server at ``port``; its URL as the superuser ``gongwen``
    (the store makes its tables), or, with ``app_role``, made by ``setup-postgres`` and as
    the application's role that may only read and add."""
    from collective.gongwen.audit import pgstore
    from tests.support.postgres import create_database

    name = f"audit_{os.getpid()}_{next(_databases)}"
    create_database(port, name)
    admin = f"postgresql://gongwen@127.0.0.1:{port}/{name}"
    return pgstore.setup(admin) if app_role else admin


def new_location(backend, tmp_path, port=None, name="audit.db"):
    """Where a new store of ``backend`` ("sqlite" or "postgresql") goes."""
    if backend == "sqlite":
        return str(tmp_path / name)
    return fresh_store_url(port)


class Tamper:
    """Plain SQL on a store with its guards off (what someone holding the file, or the
    database's superuser, could do): ``execute`` with ``?`` placeholders returns rows as dicts."""

    def __init__(self, location):
        self.location = location
        self.postgres = location.startswith("postgresql://")
        if self.postgres:
            import psycopg2

            self.connection = psycopg2.connect(location)
            for table in ("entry", "checkpoint", "issued"):
                self.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            self.connection = sqlite3.connect(location)
            self.connection.execute("PRAGMA journal_mode=DELETE")
            for trigger in ("entry_no_update", "entry_no_delete", "checkpoint_no_update"):
                self.connection.execute(f"DROP TRIGGER {trigger}")
            self.connection.execute("DROP TRIGGER checkpoint_no_delete")
        self.commit()

    def execute(self, sql, parameters=()):
        if self.postgres:
            with self.connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), tuple(parameters))
                if cursor.description is None:
                    return []
                names = [column.name for column in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        cursor = self.connection.execute(sql, parameters)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def set_issued(self, seq):
        """Cover a cut-off tail's tracks: the highest seq ever given set back to ``seq``."""
        if self.postgres:
            self.execute("UPDATE issued SET seq = ?", (seq,))
        else:
            self.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'entry'", (seq,))

    def commit(self):
        self.connection.commit()

    def close(self):
        self.connection.close()
