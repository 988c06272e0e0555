"""R-U1 on the cluster (issue 21): the audit store in PostgreSQL — append-only for the
application's role and for the superuser alike, the schema and role made by
``gongwen-audit setup-postgres``, a store that survives PostgreSQL restarting under it,
``gongwen-audit import-sqlite`` (round trip, continued, refused), and a full disk there
answered like SQLite's.

The store and search behaviour common to both backends is in test_audit_store.py and
test_r_u1_audit_search.py (parametrized); this module holds what only PostgreSQL has.
"""

import datetime
import subprocess
from pathlib import Path

import psycopg2
import psycopg2.errors
import pytest

from collective.gongwen.api import errors
from collective.gongwen.audit import cli
from collective.gongwen.audit import location
from collective.gongwen.audit import pgstore
from collective.gongwen.audit import store
from collective.gongwen.audit import tasks
from collective.gongwen.audit import verify
from tests.support.audit_records import Tamper
from tests.support.audit_records import audit_entries
from tests.support.audit_records import audit_postgres
from tests.support.audit_records import fresh_store_url

KEY = b"audit-pg-test-key"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "postgres.sh"


@pytest.fixture(scope="module")
def pg_port():
    with audit_postgres() as port:
        yield port


@pytest.fixture
def app_url(pg_port):
    """A new store made by setup-postgres; the URL of the application's role."""
    return fresh_store_url(pg_port, app_role=True)


def admin_of(url):
    """The same database as the superuser ``gongwen``."""
    return url.replace("postgresql://gongwen_app@", "postgresql://gongwen@")


def fill(location_, entries=5):
    audit = store.open_store(location_)
    for number in range(1, entries + 1):
        audit.append(actor="wang", action="view", summary=f"第{number}件")
    return audit


def refused(url, statement):
    connection = psycopg2.connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    except psycopg2.Error as error:
        return error
    finally:
        connection.close()
    return None


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE entry SET actor = 'x'",
        "DELETE FROM entry WHERE seq = 1",
        "TRUNCATE entry",
        "UPDATE checkpoint SET seq = 0",
        "DELETE FROM checkpoint",
        "TRUNCATE checkpoint",
        "UPDATE meta SET value = 'sm3'",
    ],
)
def test_r_u1_postgres_store_is_append_only_for_the_app_role_and_the_superuser(app_url, statement):
    audit = fill(app_url, 3)
    audit.checkpoint(KEY)
    error = refused(app_url, statement)
    assert isinstance(error, psycopg2.errors.InsufficientPrivilege), error
    if "meta" not in statement:
        error = refused(admin_of(app_url), statement)  # the owner: the triggers refuse
        assert isinstance(error, psycopg2.errors.RaiseException), error
        assert "append-only" in str(error)
    audit.append(actor="li", action="download")  # adding still works
    assert audit.count() == 4 and verify.verify(app_url, KEY).ok
    audit.close()


def test_r_u1_setup_postgres_is_idempotent_and_prints_the_app_url(pg_port, capsys):
    admin = fresh_store_url(pg_port)
    assert cli.main(["setup-postgres", admin]) == 0
    app = capsys.readouterr().out.strip()
    assert app == admin.replace("//gongwen@", "//gongwen_app@")
    fill(app, 2).close()
    assert cli.main(["setup-postgres", admin]) == 0  # again: nothing lost, rights the same
    assert capsys.readouterr().out.strip() == app
    assert store.open_store(app).count() == 2
    assert isinstance(refused(app, "DELETE FROM entry"), psycopg2.errors.InsufficientPrivilege)
    assert cli.main(["setup-postgres", "/tmp/not-a-url.db"]) == 2


def test_r_u1_a_role_that_may_not_make_the_tables_is_told_what_to_run(pg_port):
    admin = fresh_store_url(pg_port)
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("DROP ROLE IF EXISTS t_reader")
        cursor.execute("CREATE ROLE t_reader LOGIN")
    connection.close()
    reader = admin.replace("//gongwen@", "//t_reader@")
    with pytest.raises(RuntimeError, match="setup-postgres"):
        store.open_store(reader).count()
    report = verify.verify(reader)
    assert report.problem.kind == "unreadable" and "no audit store" in report.problem.english
    with pytest.raises(ValueError, match="postgresql://"):
        store.open_store(f"host=127.0.0.1 port={pg_port} dbname=gongwen_audit")


def data_directory(url):
    connection = psycopg2.connect(admin_of(url))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            return Path(cursor.fetchone()[0])
    finally:
        connection.close()


def postgres(command, directory, port):
    subprocess.run([SCRIPT, command, str(directory), str(port)], check=True, capture_output=True)


@pytest.mark.slow
def test_r_u1_postgres_store_survives_a_restart_and_a_dropped_connection(app_url, pg_port):
    """PostgreSQL restarts between two appends: the store reconnects by itself; while it is
    down an append fails at once (the request fails), none is half-written."""
    directory = data_directory(app_url).parent
    audit = fill(app_url, 2)
    assert audit.search(store.Filters(), 0, 1)[1] == 2
    postgres("stop", directory, pg_port)
    try:
        with pytest.raises(psycopg2.OperationalError):
            audit.append(actor="wang", action="view", summary="停机时")
    finally:
        postgres("start", directory, pg_port)
    audit.append(actor="wang", action="view", summary="重启后")
    assert audit.count() == 3
    # a connection the server drops (administrator, network) is replaced the same way
    admin = psycopg2.connect(admin_of(app_url))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'gongwen-audit' AND pid <> pg_backend_pid()"
        )
        assert cursor.rowcount >= 1
    assert audit.search(store.Filters(actor="wang"), 0, 10)[1] == 3  # a read, tried again
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'gongwen-audit' AND pid <> pg_backend_pid()"
        )
    audit.append(actor="li", action="view", summary="断开后")  # a write, BEGIN tried again
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'gongwen-audit' "
            "AND state LIKE 'idle in transaction%%'"
        )
        assert cursor.fetchone()[0] == 0  # nothing left open in a transaction
    admin.close()
    summaries = [row["summary"] for row in audit.search(store.Filters(), 0, 10)[0]]
    assert summaries == ["断开后", "重启后", "第2件", "第1件"]
    assert verify.verify(app_url).ok
    audit.close()


def sqlite_source(tmp_path, entries=20, checkpoint_after=15):
    path = str(tmp_path / "audit.db")
    (tmp_path / "checkpoint.key").write_bytes(KEY)
    audit = store.AuditStore(path)
    for number in range(1, entries + 1):
        audit.append(
            actor=f"user{number % 3}",
            action="transition",
            object_uid=f"uid{number}",
            object_path=f"/Plone/fawen/doc-{number}",
            client_address="10.0.0.7",
            unit="办公室",
            flags="emergency" if number == 4 else "",
            summary=f"第{number}件 提交审核",
            time=datetime.datetime(2025, 1, number, tzinfo=datetime.UTC),
        )
        if number == checkpoint_after:
            audit.checkpoint(KEY)
    audit.close()
    return path


def pg_rows(url, table="entry"):
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        connection.close()


def test_r_u1_import_sqlite_round_trip_then_continued_then_nothing(
    tmp_path, app_url, capsys, monkeypatch
):
    monkeypatch.delenv("GONGWEN_AUDIT_KEY", raising=False)
    monkeypatch.delenv("GONGWEN_AUDIT_KEY_FILE", raising=False)
    source = sqlite_source(tmp_path)
    assert cli.main(["import-sqlite", source, app_url]) == 0
    out = capsys.readouterr().out
    assert "已导入 20 条记录、1 个检查点" in out and "审计记录完好：20 条记录，1 个检查点" in out
    assert pg_rows(app_url) == audit_entries(source)  # every column, as it was
    assert [row["signature"] for row in pg_rows(app_url, "checkpoint")] == [
        row["signature"] for row in store.AuditStore(source).checkpoints()
    ]
    # the source grew (make start ran on): a second import copies only what is new
    audit = store.AuditStore(source)
    audit.append(actor="zhao", action="view")
    audit.checkpoint(KEY)
    assert cli.main(["import-sqlite", source, app_url]) == 0
    assert "已导入 1 条记录、1 个检查点" in capsys.readouterr().out
    assert cli.main(["import-sqlite", source, app_url]) == 0
    assert "已导入 0 条记录、0 个检查点" in capsys.readouterr().out
    assert pg_rows(app_url) == audit_entries(source)
    # the cluster writes on with the same key: its checkpoints chain to the imported ones
    monkeypatch.setenv("GONGWEN_AUDIT_KEY_FILE", str(tmp_path / "checkpoint.key"))
    fill(app_url, 2)
    tasks.checkpoint_now(app_url)
    report = verify.verify(app_url, KEY)
    assert report.ok and report.entries == 23 and report.checkpoints == 3
    assert cli.main(["verify", "--db", app_url]) == 0


def test_r_u1_import_sqlite_refuses_a_destination_that_is_not_a_prefix(tmp_path, app_url, capsys):
    source = sqlite_source(tmp_path)
    fill(app_url, 3).close()  # entries of its own, not the source's
    assert cli.main(["import-sqlite", source, app_url]) == 1
    assert "目标审计库已有不属于源库的记录，未导入" in capsys.readouterr().out
    assert store.open_store(app_url).count() == 3
    assert cli.main(["import-sqlite", str(tmp_path / "none.db"), app_url]) == 2
    assert "源审计库文件不存在" in capsys.readouterr().out


def test_r_u1_import_sqlite_does_not_launder_a_cut_off_tail(tmp_path, app_url, capsys):
    source = sqlite_source(tmp_path, entries=10, checkpoint_after=0)
    tamper = Tamper(source)
    tamper.execute("DELETE FROM entry WHERE seq >= 8")
    tamper.commit()
    tamper.close()
    assert cli.main(["import-sqlite", source, app_url, "--key", str(tmp_path / "checkpoint.key")])
    out = capsys.readouterr().out
    assert "已导入 7 条记录" in out and "审计记录从第 8 条起被截去了" in out


def test_r_u1_import_sqlite_into_a_store_hashing_otherwise_is_refused(tmp_path, pg_port):
    source = sqlite_source(tmp_path, entries=3, checkpoint_after=0)
    target = store.open_store(fresh_store_url(pg_port), algorithm="sm3")
    assert target.algorithm == "sm3"
    with pytest.raises(ValueError, match="sm3"):
        store.copy_store(source, target)
    assert target.count() == 0


def test_r_u1_postgres_verification_status_is_kept_in_the_store(app_url):
    assert tasks.read_status(app_url) is None
    tasks.write_status(app_url, state="queued", requested_by="t_auditor")
    assert tasks.read_status(app_url)["state"] == "queued"
    fill(app_url, 2).close()
    done = tasks.verify_now(app_url, "t_auditor", "2026-12-06T14:00:00Z")
    assert tasks.read_status(app_url) == done and done["ok"] and done["entries"] == 2


def test_r_u1_unreachable_postgres_store_is_unreadable_not_a_crash(capsys):
    url = "postgresql://gongwen_app@127.0.0.1:1/gongwen_audit"
    report = verify.verify(url)
    assert report.problem.kind == "unreadable"
    assert cli.main(["verify", "--db", url]) == 2
    assert "审计存储无法读取" in capsys.readouterr().out


def test_r_u1_postgres_disk_full_is_a_storage_full_error(app_url):
    """PostgreSQL's disk_full (SQLSTATE 53100, psycopg2's DiskFull) answers 507 as SQLITE_FULL
    does; raised here by the server itself, as a full disk would have it."""
    connection = psycopg2.connect(app_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "DO $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full';"
                " END $$"
            )
    except psycopg2.errors.DiskFull as error:
        full = error
    finally:
        connection.close()
    assert errors.storage_full(full)
    assert errors.server_status(full) == errors.STORAGE_FULL_STATUS
    try:
        raise RuntimeError("the audit vote failed") from full
    except RuntimeError as wrapped:
        assert errors.storage_full(wrapped)


def test_r_u1_store_location_is_shown_without_its_password():
    url = "postgresql://gongwen_app:s3cret@db.example:5432/gongwen_audit?password=again"
    assert location.is_postgres(url) and location.is_postgres("postgres://x/y")
    assert not location.is_postgres("/var/audit/audit.db")
    shown = location.shown(url)
    assert "s3cret" not in shown and "again" not in shown and "db.example:5432" in shown
    assert "s3cret" not in repr(pgstore.PgAuditStore(url))
    assert location.shown("/var/audit/audit.db") == "/var/audit/audit.db"


def test_r_u1_audit_entries_are_voted_after_relstorage(pg_port):
    """In the two-phase commit the audit store votes after the ZODB connection on RelStorage
    (``record.SORT_KEY``): when the audit vote runs, the content is already voted."""
    import ZODB
    from relstorage.adapters.postgresql import PostgreSQLAdapter
    from relstorage.options import Options
    from relstorage.storage import RelStorage

    from collective.gongwen.audit import record
    from tests.support.postgres import create_database

    options = Options(keep_history=True)
    dsn = create_database(pg_port, "relstorage_sortkey")
    db = ZODB.DB(RelStorage(PostgreSQLAdapter(dsn=dsn, options=options), options=options))
    try:
        connection = db.open()
        keys = [record.SORT_KEY, connection.sortKey()]
        assert sorted(keys) == keys[::-1], keys
        connection.close()
    finally:
        db.close()


def test_r_u1_a_forked_worker_uses_its_own_connection_and_leaves_the_parents(app_url):
    """huey's process workers fork: the child opens its own connection, and the parent's
    (inherited in the thread-locals) is neither used nor closed there."""
    import multiprocessing

    audit = fill(app_url, 1)
    parent_connection = audit.connection

    def child():
        audit.append(actor="child", action="view")
        audit.append(actor="child", action="view")

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join(timeout=60)
    assert process.exitcode == 0
    audit.append(actor="parent", action="view")  # the parent's session still works
    assert audit.connection is parent_connection and not parent_connection.closed
    actors = [row["actor"] for row in audit.search(store.Filters(), 0, 10)[0]]
    assert actors == ["parent", "child", "child", "wang"]
    assert verify.verify(app_url).ok
    audit.close()
