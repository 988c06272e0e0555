"""R-SEC4: ``make backup`` of a busy portal, the portal destroyed, ``make restore`` into a new
var/ and the restored portal served — holding exactly what the original held when repozo read it.

The portal is the one ``make start`` builds (demo organisation) on a temporary var/. A thread
keeps drafting 发文 with an attachment and moving them on (送审, 同意, 送签) through REST while
scripts/backup.py runs. Then the portal is stopped, a witness copy of its files is set aside
for the comparison only, its var/ is removed and the backup is restored into a new var/.
The restored Data.fs ends at a transaction T; every object (documents, their fields, versions,
opinions, catalog, users …) is compared by its stored bytes with the witness as of T, and every
blob byte for byte. T is at least the last transition acknowledged before the backup started.
The restored audit store holds the live store's entries as the backup read them — every field,
seq and hash equal, none missing from before the backup started — and its chain verifies.
"""

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest
import requests
from ZODB import DB
from ZODB.FileStorage import FileStorage

from collective.gongwen.audit import chain
from collective.gongwen.audit.store import AuditStore
from collective.gongwen.audit.verify import verify
from tests.support.audit_records import audit_entries
from tests.support.instance import REPO
from tests.support.instance import create_site
from tests.support.instance import make_instance
from tests.support.instance import serving
from tests.support.network import free_port
from tests.support.rest import demo
from tests.support.rest import file_value
from tests.support.rest import get
from tests.support.rest import numbered_outgoing
from tests.support.rest import post
from tests.support.rest import transition
from tests.support.zodb_records import last_tid
from tests.support.zodb_records import records

# Its own FileStorage instance: run once, not again in the RelStorage run.
pytestmark = [pytest.mark.slow, pytest.mark.filestorage]

SITE = {"GONGWEN_ADMIN": "admin:secret", "GONGWEN_DEMO": "1"}
STEPS = [
    ("cy_eng_staff", "submit", ""),
    ("cy_eng_head", "approve", "同意。"),
    ("cy_office_head", "forward_leader_sign", "请局长签发。"),
]


def backup_script(*arguments):
    """scripts/backup.py with ``arguments``, run as the operator runs it: without the test
    session's ``GONGWEN_AUDIT_DB`` (the instance's store is the one in its var/); the finished
    process."""
    environment = {k: v for k, v in os.environ.items() if k != "GONGWEN_AUDIT_DB"}
    return subprocess.run(
        [sys.executable, "scripts/backup.py", *map(str, arguments)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env=environment,
    )


def keep_busy(url, department, stop, done, errors):
    """Draft 发文 with an attachment and walk them through STEPS until ``stop``; the URL and the
    time of each acknowledged write into ``done``, anything unexpected into ``errors``."""
    number = 0
    try:
        while not stop.is_set():
            number += 1
            document = numbered_outgoing(
                url, department, number, attachment_note=[f"1. 检查表{number}"]
            )
            done.append((time.monotonic(), document))
            attached = post(
                document,
                {
                    "@type": "gongwen_attachment",
                    "title": f"检查表{number}",
                    "file": file_value(f"检查表 {number}\n".encode() * 500, f"检查表{number}.txt"),
                },
                demo("cy_eng_staff"),
            )
            assert attached.status_code == 201, attached.text
            done.append((time.monotonic(), document))
            for user, name, comment in STEPS:
                moved = transition(document, user, name, comment)
                assert moved.status_code == 200, (name, moved.text)
                done.append((time.monotonic(), document))
    except Exception as error:  # reported by the test
        errors.append(error)


@pytest.fixture
def age_keys(tmp_path):
    """An age identity and its recipients file, as the operator makes them."""
    identity, recipients = tmp_path / "backup-key.txt", tmp_path / "backup-key.pub"
    subprocess.run(["age-keygen", "-o", identity], check=True, capture_output=True)
    public = subprocess.run(["age-keygen", "-y", identity], check=True, capture_output=True)
    recipients.write_bytes(public.stdout)
    return identity, recipients


def test_r_sec4_busy_site_backed_up_destroyed_restored_identical(tmp_path, age_keys):
    identity, recipients = age_keys
    var, port = tmp_path / "var", free_port()
    zope_conf = make_instance(var, port)
    assert "Plone site 'Plone' created" in create_site(zope_conf, **SITE)
    stop, done, errors = threading.Event(), [], []
    with serving(var, port) as url:
        department = get(f"{url}/changyuan/engineering", demo("cy_eng_staff")).json()["UID"]
        busy = threading.Thread(target=keep_busy, args=(url, department, stop, done, errors))
        busy.start()
        try:
            while len(done) < 5 and busy.is_alive():
                time.sleep(0.2)
            acknowledged_before = len(done)
            # a signed checkpoint, as the workers write hourly: its key must come back too
            checkpoint = AuditStore(str(var / "audit" / "audit.db")).checkpoint(
                chain.checkpoint_key(None, var / "audit" / "checkpoint.key")
            )
            audited_before = audit_entries(var / "audit" / "audit.db")
            started = time.monotonic()
            made = backup_script(
                "backup", "--var", var, "--recipients", recipients, "--out", tmp_path / "bk"
            )
            finished = time.monotonic()
            while len(done) < acknowledged_before + 10 and busy.is_alive():
                time.sleep(0.2)
        finally:
            stop.set()
            busy.join(timeout=120)
    assert not errors, errors
    assert made.returncode == 0, made.stdout + made.stderr
    assert "备份完成" in made.stdout and "大小" in made.stdout and "用时" in made.stdout
    # the portal was written to while the backup ran or right after it, not idle
    assert any(started <= at for at, _ in done), (started, finished, done[-1])
    (archive,) = (tmp_path / "bk").glob("gongwen-*.tar.age")
    assert b"Data.fs" not in archive.read_bytes()[:4096]  # encrypted, not a plain tar

    witness = tmp_path / "witness"  # for the comparison only: the restore never sees it
    audited_live = audit_entries(var / "audit" / "audit.db")
    key_before = (var / "audit" / "checkpoint.key").read_bytes()
    shutil.copytree(var / "filestorage", witness / "filestorage")
    shutil.copytree(var / "blobstorage", witness / "blobstorage")
    secret = var / "conversion.secret"
    secret = secret.read_bytes() if secret.is_file() else None
    shutil.rmtree(var)

    restored = tmp_path / "restored"
    done_restore = backup_script(
        "restore", "--backup", archive, "--identity", identity, "--into", restored,
        "--port", port,
    )  # fmt: skip
    assert done_restore.returncode == 0, done_restore.stdout + done_restore.stderr
    restored_secret = restored / "conversion.secret"
    assert (restored_secret.read_bytes() if restored_secret.is_file() else None) == secret

    # the audit store as the backup read it: a prefix of the live one, entry for entry
    restored_audit = restored / "audit" / "audit.db"
    audited = audit_entries(restored_audit)
    assert len(audited_before) <= len(audited) <= len(audited_live)
    assert audited == audited_live[: len(audited)]
    assert audited[: len(audited_before)] == audited_before
    restored_key = restored / "audit" / "checkpoint.key"
    assert restored_key.read_bytes() == key_before
    report = verify(str(restored_audit), key_before)
    assert report.ok and report.entries == len(audited) > 0, report.problem
    assert report.checkpoints >= 1 and checkpoint["seq"] <= len(audited)
    assert len(audited_live) > len(audited_before)  # the busy site wrote entries

    tid = last_tid(restored / "filestorage" / "Data.fs")
    before = records(
        witness / "filestorage" / "Data.fs", witness / "blobstorage", tid
    )  # what the portal held at T
    after = records(restored / "filestorage" / "Data.fs", restored / "blobstorage", tid)
    assert after == before
    assert sum(1 for _, blob in after.values() if blob) >= 1
    # T is no earlier than every write acknowledged before the backup started
    last_before = {document for _, document in done[:acknowledged_before]}
    with serving(restored, port) as url:
        for document in last_before:
            shown = requests.get(document, auth=demo("cy_eng_staff"), timeout=60)
            assert shown.status_code == 200, document
        assert requests.get(url, timeout=60).status_code == 200


def test_r_sec4_restore_refuses_an_existing_var_and_a_wrong_key(tmp_path, age_keys):
    identity, recipients = age_keys
    var = tmp_path / "var"
    make_instance(var, free_port())
    # a small database: what the refusals need
    DB(FileStorage(str(var / "filestorage" / "Data.fs"), blob_dir=str(var / "blobstorage"))).close()
    made = backup_script("backup", "--var", var, "--recipients", recipients, "--out", tmp_path)
    assert made.returncode == 0, made.stderr
    (archive,) = tmp_path.glob("gongwen-*.tar.age")

    refused = backup_script("restore", "--backup", archive, "--identity", identity, "--into", var)
    assert refused.returncode == 1
    assert "已存在且不为空" in refused.stderr and "Traceback" not in refused.stderr

    other = tmp_path / "other.txt"
    subprocess.run(["age-keygen", "-o", other], check=True, capture_output=True)
    into = tmp_path / "new"
    refused = backup_script("restore", "--backup", archive, "--identity", other, "--into", into)
    assert refused.returncode == 1 and "age 解密失败" in refused.stderr
    assert not into.exists()
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []

    refused = backup_script("backup", "--var", var, "--recipients", identity, "--out", tmp_path)
    assert refused.returncode == 1 and "age 加密失败" in refused.stderr
    assert len(list(tmp_path.glob("gongwen-*"))) == 1  # no partial archive left
