"""``make migrate-to-cluster`` (issue 21 item 1): ``make start``'s portal copied into the cluster's
PostgreSQL holds exactly what the FileStorage held.

The portal is the one ``make start`` builds (demo organisation) on a temporary var/, with a 发文
drafted, given an attachment and sent for review through REST. While it serves, the migration
refuses (its Data.fs is locked). Stopped, scripts/migrate_to_cluster.py copies it; then both
storages are opened read-only: every object's stored state and every blob (sha256) are the same,
the catalog lists the same paths with the same portal_type and review_state, and the audit
store in PostgreSQL holds the SQLite store's entries and verifies with the same key. Then
``make start-cluster`` serves it (the 发文, its attachment's bytes) and the entries it writes
extend the migrated chain. A second run refuses to overwrite the cluster's database.
"""

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg2
import pytest
import requests
import ZODB.config
from ZODB import DB
from ZODB.blob import is_blob_record
from ZODB.FileStorage import FileStorage

from tests.support.audit_records import audit_entries
from tests.support.cluster import running_cluster
from tests.support.instance import REPO
from tests.support.instance import create_site
from tests.support.instance import make_instance
from tests.support.instance import serving
from tests.support.network import free_port
from tests.support.postgres import SCRIPT as POSTGRES
from tests.support.postgres import dsn_of
from tests.support.rest import demo
from tests.support.rest import file_value
from tests.support.rest import get
from tests.support.rest import numbered_outgoing
from tests.support.rest import post
from tests.support.rest import transition
from tests.support.zodb_records import last_tid
from tests.support.zodb_records import records

# Its own FileStorage instance and PostgreSQL: run once, not again in the RelStorage run.
pytestmark = [pytest.mark.slow, pytest.mark.filestorage]

SITE = {"GONGWEN_ADMIN": "admin:secret", "GONGWEN_DEMO": "1"}


def migrate(var, cluster_var, pg_port, *extra):
    """scripts/migrate_to_cluster.py as ``make migrate-to-cluster`` runs it (without the test
    session's audit settings); the finished process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGWEN_AUDIT")}
    command = [
        sys.executable,
        "scripts/migrate_to_cluster.py",
        f"--var={var}",
        f"--cluster-var={cluster_var}",
        f"--pg-port={pg_port}",
        *extra,
    ]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900, env=env)


def relstorage(dsn, blob_cache):
    """The cluster's RelStorage, read-only, as its instances configure it."""
    return ZODB.config.storageFromString(
        f"""%import relstorage
<relstorage>
    read-only true
    keep-history true
    blob-dir {blob_cache}
    shared-blob-dir false
    <postgresql>
        dsn {dsn}
    </postgresql>
</relstorage>"""
    )


def relstorage_records(storage):
    """``{oid: (sha256 of its current pickle, sha256 of its blob or None)}`` of every object."""
    current = {}
    for transaction in storage.iterator():
        for record in transaction:
            current[record.oid] = (record.data, record.tid)
    found = {}
    for oid, (state, serial) in current.items():
        if state is None:
            continue
        blob = None
        if is_blob_record(state):
            blob = hashlib.sha256(Path(storage.loadBlob(oid, serial)).read_bytes()).hexdigest()
        found[oid] = (hashlib.sha256(state).hexdigest(), blob)
    return found


def catalogued(storage):
    """The site's catalog: ``{path: (portal_type, review_state)}`` and its length."""
    db = DB(storage)
    try:
        connection = db.open()
        catalog = connection.root()["Application"]["Plone"]["portal_catalog"]._catalog
        listed = {}
        for rid, path in catalog.paths.items():
            metadata = catalog.getMetadataForRID(rid)
            listed[path] = (metadata["portal_type"], metadata["review_state"])
        size = len(catalog)
        connection.close()
        return listed, size
    finally:
        db.close()


@contextlib.contextmanager
def cluster_postgres(cluster_var, port):
    """The cluster's PostgreSQL (as the migration left it) started again for reading."""
    subprocess.run([POSTGRES, "start", cluster_var / "postgres", str(port)], check=True)
    try:
        yield
    finally:
        subprocess.run([POSTGRES, "stop", cluster_var / "postgres", str(port)], check=False)


@pytest.fixture
def cluster_var():
    """The cluster's var/, where the postgres user may enter (not pytest's tmp_path)."""
    directory = Path(tempfile.mkdtemp(prefix="gongwen-migrate-"))
    directory.chmod(0o755)
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def test_cluster_migration_copies_the_whole_portal(tmp_path, cluster_var):
    var, port, pg_port = tmp_path / "var", free_port(), free_port()
    zope_conf = make_instance(var, port)
    assert "Plone site 'Plone' created" in create_site(zope_conf, **SITE)
    with serving(var, port) as url:
        department = get(f"{url}/changyuan/engineering", demo("cy_eng_staff")).json()["UID"]
        document = numbered_outgoing(url, department, 1, attachment_note=["1. 检查表"])
        attached = post(
            document,
            {
                "@type": "gongwen_attachment",
                "title": "检查表",
                "file": file_value("汛前检查表\n".encode() * 2000, "检查表.txt"),
            },
            demo("cy_eng_staff"),
        )
        assert attached.status_code == 201, attached.text
        assert transition(document, "cy_eng_staff", "submit").status_code == 200
        # While make start serves, the migration refuses and touches nothing.
        refused = migrate(var, cluster_var, pg_port)
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "请先停止" in refused.stderr and "stop it first" in refused.stderr
        assert not (cluster_var / "postgres").exists()

    done = migrate(var, cluster_var, pg_port)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "已迁移到集群" in done.stdout and "Next: make start-cluster" in done.stdout
    assert not (cluster_var / "postgres" / "data" / "postmaster.pid").exists()  # stopped again
    key = var / "audit" / "checkpoint.key"
    if key.is_file():
        assert (cluster_var / "audit" / "checkpoint.key").read_bytes() == key.read_bytes()
    secret = var / "conversion.secret"
    if secret.is_file():
        assert (cluster_var / "conversion.secret").read_bytes() == secret.read_bytes()

    data_fs, blobs = var / "filestorage" / "Data.fs", var / "blobstorage"
    source = records(data_fs, blobs, last_tid(data_fs))
    source_catalog = catalogued(FileStorage(str(data_fs), blob_dir=str(blobs), read_only=True))
    audited = audit_entries(var / "audit" / "audit.db")
    dsn = dsn_of(pg_port, "gongwen")
    with cluster_postgres(cluster_var, pg_port):
        storage = relstorage(dsn, tmp_path / "blobcache")
        try:
            target = relstorage_records(storage)
        finally:
            storage.close()
        target_catalog = catalogued(relstorage(dsn, tmp_path / "blobcache2"))
        audit_url = f"postgresql://gongwen@127.0.0.1:{pg_port}/gongwen_audit"
        env = {k: v for k, v in os.environ.items() if not k.startswith("GONGWEN_AUDIT")}
        verify_command = [
            Path(sys.executable).parent / "gongwen-audit",
            "verify",
            f"--db={audit_url}",
            f"--key={cluster_var / 'audit' / 'checkpoint.key'}",
        ]
        verified = subprocess.run(verify_command, capture_output=True, text=True, env=env)
        connection = psycopg2.connect(dsn_of(pg_port, "gongwen_audit"))
        with contextlib.closing(connection), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM entry")
            (audit_count,) = cursor.fetchone()
            cursor.execute("SELECT hash FROM entry ORDER BY seq")
            hashes = [row[0] for row in cursor.fetchall()]

    # Every object, byte for byte, and every blob.
    assert target == source
    assert sum(1 for _, blob in source.values() if blob) >= 1
    # The catalog: the same documents, types and states (the 发文 sent for review among them).
    listed, size = target_catalog
    assert (listed, size) == source_catalog
    assert size > 0
    path = "/Plone/" + document.split("/Plone/", 1)[1]
    assert listed[path][0] == "gongwen_outgoing"
    # The audit trail: every entry, in order, and its chain and checkpoints hold.
    assert audit_count == len(audited) > 0
    assert hashes == [entry["hash"] for entry in audited]
    assert verified.returncode == 0, verified.stdout + verified.stderr

    # make start-cluster serves the migrated portal: the 发文 and its attachment, and the
    # audit trail goes on from the migrated chain.
    with running_cluster(instances=1, var=cluster_var) as cluster:
        moved = document.replace(url, cluster.site_url)
        shown = get(moved, demo("cy_eng_staff"))
        assert shown.status_code == 200, shown.text[:300]
        assert shown.json()["title"] == "关于汛前检查的第1号通知"
        attachment = next(item for item in shown.json()["items"] if item["title"] == "检查表")
        download = requests.get(
            attachment["@id"] + "/@@download/file", auth=demo("cy_eng_staff"), timeout=60
        )
        assert download.content == "汛前检查表\n".encode() * 2000
        # The cluster's writes (the reading above is audited) extend the migrated chain.
        audit_url = f"postgresql://gongwen@127.0.0.1:{cluster.ports['postgres']}/gongwen_audit"
        verify_command[2] = f"--db={audit_url}"
        verified = subprocess.run(verify_command, capture_output=True, text=True, env=env)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        connection = psycopg2.connect(audit_url)
        with contextlib.closing(connection), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM entry")
            assert cursor.fetchone()[0] > audit_count
    # A second run does not overwrite the cluster's data.
    again = migrate(var, cluster_var, pg_port)
    assert again.returncode == 1, again.stdout + again.stderr
    assert "REPLACE=1" in again.stderr and "未覆盖" in again.stderr
    assert not (cluster_var / "postgres" / "data" / "postmaster.pid").exists()
