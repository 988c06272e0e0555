"""R-U1: the audit store is append-only and tamper-evident (store, chain, verify, gongwen-audit),
in SQLite (``make start``) and in PostgreSQL (the cluster, issue 21): the tests run on both.

Each tampering is done to a copy of a real store, with plain SQL and its
guarding triggers dropped or disabled (what someone holding the file, or the
database's superuser, could do), and ``verify`` must name the first entry
concerned. A PostgreSQL copy is the SQLite original imported (``copy_store``).
"""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import psycopg2.errors
import pytest

from collective.gongwen.audit import chain
from collective.gongwen.audit import cli
from collective.gongwen.audit import store
from collective.gongwen.audit import verify
from tests.support.audit_records import Tamper
from tests.support.audit_records import audit_postgres
from tests.support.audit_records import fresh_store_url
from tests.support.audit_records import new_location

KEY = b"audit-test-key"
UTC = datetime.UTC
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="module")
def pg_port():
    with audit_postgres() as port:
        yield port


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def location(backend, tmp_path, request):
    """Where a new, empty store of ``backend`` goes."""
    port = request.getfixturevalue("pg_port") if backend == "postgresql" else None
    return new_location(backend, tmp_path, port, name="store.db")


def make_store(path, entries=20, checkpoint_after=15, algorithm="sha256"):
    audit = store.open_store(str(path), algorithm=algorithm)
    for number in range(1, entries + 1):
        audit.append(
            actor=f"user{number % 3}",
            action="transition",
            object_uid=f"uid{number}",
            object_path=f"/Plone/fawen/doc-{number}",
            from_state="draft",
            to_state="review",
            client_address="10.0.0.7",
            summary=f"第{number}件 提交审核",
        )
        if number == checkpoint_after:
            audit.checkpoint(KEY)
    audit.close()
    return str(path)


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    return make_store(tmp_path_factory.mktemp("audit") / "audit.db")


def copy_of(original, tmp_path, backend="sqlite", request=None):
    """A copy of the store (SQLite's backup: WAL included; or imported into a new PostgreSQL
    database), opened for tampering."""
    if backend == "postgresql":
        target = fresh_store_url(request.getfixturevalue("pg_port"))
        destination = store.open_store(target)
        store.copy_store(original, destination)
        destination.close()
        return target, Tamper(target)
    target = str(tmp_path / "copy.db")
    source = sqlite3.connect(original)
    destination = sqlite3.connect(target)
    source.backup(destination)
    source.close()
    destination.close()
    return target, Tamper(target)


@pytest.fixture
def tampered(original, tmp_path, backend, request):
    """(location, Tamper) of a copy of ``original`` in ``backend``."""
    path, db = copy_of(original, tmp_path, backend, request)
    yield path, db
    db.close()


def problem_of(path):
    report = verify.verify(path, KEY)
    assert not report.ok
    return report.problem.kind, report.problem.seq


def test_r_u1_an_untouched_store_verifies(original, tampered):
    for path in (original, tampered[0]):
        report = verify.verify(path, KEY)
        assert report.ok and report.entries == 20 and report.checkpoints == 1


def test_r_u1_edited_field_is_named(tampered):
    path, db = tampered
    db.execute("UPDATE entry SET actor = 'someone_else' WHERE seq = 7")
    db.commit()
    assert problem_of(path) == ("edited", 7)


def test_r_u1_edited_entry_with_its_hash_recomputed_is_named(tampered):
    path, db = tampered
    row = db.execute("SELECT * FROM entry WHERE seq = 7")[0]
    row["summary"] = "无事发生"
    new_hash = chain.entry_hash(row, row["prev_hash"])
    db.execute("UPDATE entry SET summary = ?, hash = ? WHERE seq = 7", (row["summary"], new_hash))
    db.commit()
    assert problem_of(path) == ("edited", 7)


def test_r_u1_deleted_entry_is_named(tampered):
    path, db = tampered
    db.execute("DELETE FROM entry WHERE seq = 9")
    db.commit()
    assert problem_of(path) == ("deleted", 9)


@pytest.mark.parametrize("first,second", [(4, 11), (5, 6)])
def test_r_u1_swapped_entries_are_named(tampered, first, second):
    path, db = tampered
    db.execute("UPDATE entry SET seq = -1 WHERE seq = ?", (first,))
    db.execute("UPDATE entry SET seq = ? WHERE seq = ?", (first, second))
    db.execute("UPDATE entry SET seq = ? WHERE seq = -1", (second,))
    db.commit()
    assert problem_of(path) == ("reordered", first)


def test_r_u1_truncated_tail_below_a_checkpoint_is_named(tampered):
    path, db = tampered
    db.execute("DELETE FROM entry WHERE seq >= 13")
    db.set_issued(12)  # covering tracks
    db.commit()
    kind, seq = problem_of(path)
    assert (kind, seq) == ("truncated", 13)
    assert "15" in verify.verify(path, KEY).problem.english


def test_r_u1_naively_truncated_tail_after_the_checkpoint_is_named(tampered):
    path, db = tampered
    db.execute("DELETE FROM entry WHERE seq >= 18")
    db.commit()
    assert problem_of(path) == ("truncated", 18)


def test_r_u1_rewritten_chain_is_caught_by_the_checkpoint(tampered):
    """Edit entry 3 and recompute every hash after it: only the signed checkpoint can tell."""
    path, db = tampered
    rows = db.execute("SELECT * FROM entry ORDER BY seq")
    rows[2]["summary"] = "改写"
    previous = chain.GENESIS
    for row in rows:
        row["prev_hash"], row["hash"] = previous, chain.entry_hash(row, previous)
        previous = row["hash"]
        db.execute(
            "UPDATE entry SET summary = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (row["summary"], row["prev_hash"], row["hash"], row["seq"]),
        )
    db.commit()
    report = verify.verify(path, KEY)
    assert (report.problem.kind, report.problem.seq) == ("rewritten", 1)
    assert report.problem.message.mapping["upto"] == 15


def test_r_u1_forged_or_removed_checkpoints_are_refused(original, tampered):
    path, db = tampered
    db.execute("UPDATE checkpoint SET seq = 20")
    db.commit()
    assert problem_of(path)[0] == "checkpoint"
    assert verify.verify(path, b"another key").problem.kind == "checkpoint"


def test_r_u1_the_store_has_no_update_or_delete_path(original, tmp_path):
    path, db = copy_of(original, tmp_path)
    db.close()
    audit = store.AuditStore(path)  # puts its guards back on opening
    for statement in ("UPDATE entry SET actor = 'x'", "DELETE FROM entry WHERE seq = 1"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            audit.connection.execute(statement)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        audit.connection.execute("DELETE FROM checkpoint")
    assert verify.verify(path, KEY).ok


def test_r_u1_fields_are_bounded_and_cleaned(location):
    audit = store.open_store(location)
    entry = audit.append(
        actor="a\x00b", action="view", object_path="/x" * 5000, summary="行一\n行二\x1b[31m"
    )
    assert entry["actor"] == "a b"
    assert len(entry["object_path"]) == store.BOUNDS["object_path"]
    assert entry["object_path"].endswith("…")
    assert entry["summary"] == "行一\n行二 [31m"
    with pytest.raises(ValueError):
        audit.append(actor="a", action="")
    stored = audit.search(store.Filters(), 0, 1)[0][0]
    assert stored["summary"] == "行一\n行二 [31m" and stored["actor"] == "a b"
    assert verify.verify(audit.path, None).ok


def test_r_u1_a_month_of_one_user(location):
    audit = store.open_store(location)
    for day in (1, 15, 31):
        for actor in ("wang", "li"):
            audit.append(
                actor=actor, action="view", time=datetime.datetime(2024, 3, day, tzinfo=UTC)
            )
    audit.append(actor="wang", action="view", time=datetime.datetime(2024, 4, 1, tzinfo=UTC))
    found = audit.entries_of(
        "wang", datetime.datetime(2024, 3, 1, tzinfo=UTC), datetime.datetime(2024, 4, 1, tzinfo=UTC)
    )
    assert [entry["time"][:10] for entry in found] == ["2024-03-01", "2024-03-15", "2024-03-31"]
    if location.startswith("postgresql://"):
        return  # PostgreSQL's planner picks by table size: the index is there (pgstore.SCHEMA)
    plan = audit.connection.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM entry WHERE actor = ? AND time >= ? AND time < ?",
        ("wang", "2024-03", "2024-04"),
    ).fetchall()
    assert "entry_actor_time" in " ".join(row[3] for row in plan)


def test_r_u1_sm3_chain(tmp_path, location):
    # GB/T 32905-2016 example 1: SM3("abc")
    vector = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    from gmssl import sm3

    assert chain.digest("sm3", b"abc") == vector == sm3.sm3_hash(list(b"abc"))
    path = make_store(tmp_path / "sm3.db", entries=6, checkpoint_after=6, algorithm="sm3")
    assert verify.verify(path, KEY).ok
    other = make_store(location, entries=6, checkpoint_after=6, algorithm="sm3")
    assert verify.verify(other, KEY).ok
    assert store.open_store(other).algorithm == "sm3"
    target, db = copy_of(path, tmp_path)
    db.execute("UPDATE entry SET client_address = '1.2.3.4' WHERE seq = 2")
    db.commit()
    assert problem_of(target) == ("edited", 2)


def test_r_u1_gongwen_audit_verify(original, tmp_path, capsys, monkeypatch):
    key_file = tmp_path / "checkpoint.key"
    key_file.write_bytes(KEY)
    monkeypatch.delenv("GONGWEN_AUDIT_KEY", raising=False)
    assert cli.main(["verify", "--db", original, "--key", str(key_file)]) == 0
    assert "审计记录完好：20 条记录" in capsys.readouterr().out
    path, db = copy_of(original, tmp_path)
    db.execute("DELETE FROM entry WHERE seq = 3")
    db.commit()
    assert cli.main(["verify", "--db", path, "--key", str(key_file)]) == 1
    out = capsys.readouterr().out
    assert "第 3 条审计记录被删除了。" in out and "Audit entry 3 was deleted." in out
    assert cli.main(["verify", "--db", str(tmp_path / "none.db"), "--key", str(key_file)]) == 2
    assert cli.main(["verify", "--db", path, "--key", str(tmp_path / "missing.key")]) == 2
    # a new store, no checkpoint signed yet and so no key: the chain alone is verified
    fresh = make_store(tmp_path / "fresh.db", entries=4)
    assert cli.main(["verify", "--db", fresh, "--key", str(tmp_path / "missing.key")]) == 0
    assert "审计记录完好：4 条记录，0 个检查点" in capsys.readouterr().out
    (tmp_path / "garbage.db").write_bytes(b"not a database" * 100)
    assert cli.main(["verify", "--db", str(tmp_path / "garbage.db"), "--key", str(key_file)]) == 2


WRITER = """
import sys
from collective.gongwen.audit.store import open_store
audit = open_store(sys.argv[1])
count = int(sys.argv[3])
number = 0
while count < 0 or number < count:
    number += 1
    entry = audit.append(actor=sys.argv[2], action="view", summary="x" * 500)
    print(entry["seq"], flush=True)
"""


def writer(path, actor, count):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, path, actor, str(count)],
        stdout=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_r_u1_two_processes_and_two_threads_appending_keep_one_chain(location):
    """Two processes and two threads of a third append 200 entries each at once."""
    path = location
    writers = [writer(path, actor, 200) for actor in ("wang", "li")]
    audit = store.open_store(path)
    threaded = []

    def append(actor):
        for _ in range(200):
            threaded.append(audit.append(actor=actor, action="view")["seq"])

    threads = [threading.Thread(target=append, args=(actor,)) for actor in ("zhao", "qian")]
    for thread in threads:
        thread.start()
    outputs = [process.communicate(timeout=300)[0].split() for process in writers]
    for thread in threads:
        thread.join(timeout=300)
    assert all(process.returncode == 0 for process in writers)
    seqs = sorted([*(int(seq) for output in outputs for seq in output), *threaded])
    assert seqs == list(range(1, 801))
    report = verify.verify(path, None)
    assert report.ok and report.entries == 800
    actors = [row["actor"] for row in audit.search(store.Filters(), 0, 800)[0]]
    assert {actor: actors.count(actor) for actor in set(actors)} == dict.fromkeys(
        ("wang", "li", "zhao", "qian"), 200
    )


@pytest.mark.slow
def test_r_u1_kill_9_mid_append_leaves_a_verifiable_store(location):
    path = location
    audit = store.open_store(path)
    acknowledged = []
    for round_ in range(3):
        process = writer(path, f"writer{round_}", -1)
        lines = []
        while len(lines) < 50 * (round_ + 1):
            lines.append(process.stdout.readline())
        time.sleep(0.05 * round_)
        os.kill(process.pid, signal.SIGKILL)
        rest = process.communicate()[0]
        acknowledged += [int(seq) for seq in (*lines, *rest.split())]
        audit.checkpoint(KEY)
        report = verify.verify(path, KEY)
        assert report.ok, report.problem.english
    stored = {row["seq"] for row in audit.search(store.Filters(), 0, 10_000)[0]}
    assert set(acknowledged) <= stored
    audit.append(actor="after", action="view")
    assert verify.verify(path, KEY).ok


MARKED_WRITER = """
import sys, time
from collective.gongwen.audit import store
audit = store.open_store(sys.argv[1])
audit.append(actor="before", action="view")
kept = type(audit)._issued

def issued_then_wait(self, connection, seq):
    kept(self, connection, seq)
    print(seq, flush=True)
    time.sleep(600)

type(audit)._issued = issued_then_wait
audit.append(actor="killed", action="view")
"""


def test_r_u1_writer_killed_between_its_issued_mark_and_commit_leaves_no_false_alarm(location):
    """The highest seq given is written in the append's transaction: a writer killed after
    writing it and before its COMMIT leaves entries and mark as they were (a PostgreSQL
    sequence outlived the rollback: verify called the store cut off)."""
    audit = store.open_store(location)
    audit.append(actor="first", action="view")
    process = subprocess.Popen(
        [sys.executable, "-c", MARKED_WRITER, location], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == "3"  # its second append, between the two
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
    report = verify.verify(location, None)
    assert report.ok, report.problem.english
    assert report.entries == 2
    assert audit.append(actor="after", action="view")["seq"] == 3
    assert verify.verify(location, None).ok


def test_r_u1_postgres_store_made_with_the_issued_sequence_keeps_its_mark(pg_port):
    """A store made before the mark was a table (the sequence ``entry_issued``): setup moves
    the mark over, so a tail cut before the upgrade stays caught; the app may not lower it."""
    from collective.gongwen.audit import pgstore

    for sequence_value, expected in ((5, None), (7, ("truncated", 6))):
        admin = fresh_store_url(pg_port)
        made = make_store(admin, entries=5, checkpoint_after=0)
        db = Tamper(made)
        db.execute("DROP TABLE issued")
        db.execute("CREATE SEQUENCE entry_issued MINVALUE 0 START 0")
        db.execute("SELECT setval('entry_issued', ?)", (sequence_value,))
        db.commit()
        db.close()
        app = pgstore.setup(admin)
        problem = verify.verify(app, None).problem
        assert (problem and (problem.kind, problem.seq)) == expected
        audit = store.open_store(app)
        assert audit._query("SELECT to_regclass('entry_issued') AS name") == [{"name": None}]
        with pytest.raises(psycopg2.errors.RaiseException, match="only rises"):
            audit._query("UPDATE issued SET seq = 1")
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            audit._query("DELETE FROM issued")
        audit.close()


def test_r_u1_the_hourly_checkpoint_task(tmp_path, monkeypatch, location):
    from collective.gongwen.audit import tasks
    from collective.gongwen.jobs.queue import huey

    assert tasks.write_checkpoint.task_class in {
        type(task) for task in huey._registry.periodic_tasks
    }
    path = make_store(tmp_path / "audit.db", entries=3, checkpoint_after=0)
    monkeypatch.setenv("GONGWEN_AUDIT_DB", path)
    monkeypatch.delenv("GONGWEN_AUDIT_KEY", raising=False)
    monkeypatch.delenv("GONGWEN_AUDIT_KEY_FILE", raising=False)
    record = tasks.write_checkpoint.call_local()
    assert record["seq"] == 3
    key = (tmp_path / "checkpoint.key").read_bytes()
    assert oct((tmp_path / "checkpoint.key").stat().st_mode)[-3:] == "600"
    report = verify.verify(path, key)
    assert report.ok and report.checkpoints == 1
    monkeypatch.delenv("GONGWEN_AUDIT_DB")
    assert tasks.write_checkpoint.call_local() is None
    # the same on the backend of this run; a PostgreSQL store's key file must be named
    other = make_store(location, entries=2, checkpoint_after=0)
    monkeypatch.setenv("GONGWEN_AUDIT_DB", other)
    monkeypatch.setenv("GONGWEN_AUDIT_KEY_FILE", str(tmp_path / "checkpoint.key"))
    assert tasks.write_checkpoint.call_local()["seq"] == 2
    assert verify.verify(other, key).checkpoints == 1


def test_r_u1_store_made_before_unit_and_flags_gains_them_and_still_verifies(tmp_path):
    path = str(tmp_path / "old.db")
    old_schema = store.SCHEMA.replace("    unit TEXT NOT NULL,\n", "").replace(
        "    flags TEXT NOT NULL,\n", ""
    )
    connection = sqlite3.connect(path)
    connection.executescript(old_schema)
    connection.close()
    audit = store.AuditStore(path)
    audit.append("zhang", "view", unit="办公室", flags="emergency")
    audit.append("li", "download")
    row = dict(audit.connection.execute("SELECT * FROM entry WHERE seq = 1").fetchone())
    assert (row["unit"], row["flags"]) == ("办公室", "emergency")
    audit.close()
    assert verify.verify(path).ok


def test_r_u1_copy_store_into_another_store_keeps_chain_checkpoints_and_a_cut_tail(
    original, tmp_path, location, backend, request
):
    """``copy_store`` (gongwen-audit import-sqlite) into a store of either backend: the same
    chain and checkpoints; a source whose tail was cut stays caught after the copy."""
    target = store.open_store(location)
    assert store.copy_store(original, target) == (20, 1)
    assert store.copy_store(original, target) == (0, 0)
    assert verify.verify(location, KEY).ok
    assert target.last_entry() == store.open_store(original).last_entry()
    cut, db = copy_of(original, tmp_path)
    db.execute("DELETE FROM entry WHERE seq >= 18")
    db.commit()
    db.close()
    port = request.getfixturevalue("pg_port") if backend == "postgresql" else None
    second = new_location(backend, tmp_path, port, name="second.db")
    assert store.copy_store(cut, store.open_store(second)) == (17, 1)
    problem = verify.verify(second, KEY).problem
    assert (problem.kind, problem.seq) == ("truncated", 18)
