"""Copy ``make start``'s portal into the cluster: what ``make migrate-to-cluster`` runs.

    python scripts/migrate_to_cluster.py [--var var] [--cluster-var var/cluster] [--pg-port 5433]
        [--replace]

With ``make start`` stopped (its Data.fs lock free) and no cluster running on CLUSTER_VAR:

1. starts the cluster's PostgreSQL only (scripts/postgres.sh, data in CLUSTER_VAR/postgres);
2. copies the ZODB — every transaction, every blob — from VAR/filestorage + VAR/blobstorage into
   RelStorage (database ``gongwen``) with ``zodbconvert --clear`` (CLUSTER_VAR/zodbconvert.conf,
   from etc/zodbconvert.conf.in);
3. copies the audit store VAR/audit/audit.db into PostgreSQL (database ``gongwen_audit``, made by
   ``gongwen-audit setup-postgres``) with ``gongwen-audit import-sqlite``, which verifies the
   chain once copied, and the checkpoints' key beside it into CLUSTER_VAR/audit;
4. copies the conversion secret (the workers' key) into CLUSTER_VAR;
5. prints what it copied (objects, blobs, audit entries) and stops PostgreSQL again.

Then ``make start-cluster`` serves the same portal. A cluster database that already holds a
portal is not overwritten unless ``--replace`` (``make migrate-to-cluster REPLACE=1``) says so.
VAR itself is only read: ``make start`` still serves it as before.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "scripts"))

from cluster import POSTGRES  # noqa: E402
from cluster import audit_url  # noqa: E402
from cluster import pg_dsn  # noqa: E402
from cluster import running_cluster  # noqa: E402
from make_instance import render  # noqa: E402
from make_instance import template  # noqa: E402


class Refused(Exception):
    """The migration cannot start; the message says why, in Chinese and English."""


def check_stopped(var, cluster_var):
    """Refuse while ``make start`` holds VAR's Data.fs or a cluster runs on CLUSTER_VAR."""
    import zc.lockfile

    data_fs = var / "filestorage" / "Data.fs"
    if not data_fs.is_file():
        raise Refused(f"没有可迁移的数据：{data_fs} 不存在。\nNothing to migrate: no {data_fs}.")
    try:
        lock = zc.lockfile.LockFile(str(data_fs) + ".lock")
    except zc.lockfile.LockError:
        raise Refused(
            "门户正在运行（make start 占用了 Data.fs）：请先停止它（Ctrl-C）再迁移。\n"
            "The portal is running (make start holds Data.fs): stop it first (Ctrl-C)."
        ) from None
    lock.close()
    if running_cluster(cluster_var):
        raise Refused(
            f"集群正在运行（{cluster_var}）：请先停止它（Ctrl-C）再迁移。\n"
            f"The cluster on {cluster_var} is running: stop it first (Ctrl-C)."
        )


def run(command, what, env=None):
    """Run ``command``; its output. A failure ends the migration with the output."""
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, env=env
    )
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def query(dsn, statement):
    """The first column of the first row of ``statement`` on ``dsn``."""
    import psycopg2

    connection = psycopg2.connect(dsn)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone()[0]
    finally:
        connection.close()


def zodb_counts(dsn):
    """Current objects and blobs in the cluster's RelStorage (0, 0 before its tables exist)."""
    if not query(dsn, "SELECT to_regclass('current_object') IS NOT NULL"):
        return 0, 0
    objects = query(dsn, "SELECT count(*) FROM current_object")
    blobs = query(
        dsn,
        "SELECT count(*) FROM blob_chunk b JOIN current_object c"
        " ON b.zoid = c.zoid AND b.tid = c.tid WHERE b.chunk_num = 0",
    )
    return objects, blobs


def audit_entry_count(url):
    """Entries in the audit database at ``url`` (0 before its tables exist)."""
    dsn = url
    if not query(dsn, "SELECT to_regclass('entry') IS NOT NULL"):
        return 0
    return query(dsn, "SELECT count(*) FROM entry")


def copy_zodb(var, cluster_var, dsn):
    """zodbconvert --clear from VAR's FileStorage into RelStorage; seconds taken."""
    config = cluster_var / "zodbconvert.conf"
    blob_cache = cluster_var / "blobcache" / "migrate"
    blob_cache.mkdir(parents=True, exist_ok=True)
    values = {"VAR": var, "BLOB_CACHE": blob_cache, "DSN": dsn}
    config.write_text(render(template("zodbconvert.conf"), values), encoding="utf-8")
    started = time.monotonic()
    run([BIN / "zodbconvert", "--clear", config], "zodbconvert")
    shutil.rmtree(blob_cache, ignore_errors=True)
    return time.monotonic() - started


def copy_audit(var, cluster_var, pg_port, replace):
    """The audit store into PostgreSQL (verified by import-sqlite) and its key; entries copied."""
    source = var / "audit" / "audit.db"
    (cluster_var / "audit").mkdir(parents=True, exist_ok=True)
    if not source.is_file():
        return 0
    admin = audit_url(pg_port)
    if replace:
        # the audit store's triggers refuse any delete: the database is made anew
        subprocess.run(
            [POSTGRES, "recreate", cluster_var / "postgres", str(pg_port), "gongwen_audit"],
            check=True,
            capture_output=True,
        )
    run([BIN / "gongwen-audit", "setup-postgres", admin], "gongwen-audit setup-postgres")
    key = source.parent / "checkpoint.key"
    command = [BIN / "gongwen-audit", "import-sqlite", source, admin]
    if key.is_file():
        command += ["--key", key]
        shutil.copy2(key, cluster_var / "audit" / "checkpoint.key")
    env = {
        name: value for name, value in os.environ.items() if not name.startswith("GONGWEN_AUDIT")
    }
    print(run(command, "gongwen-audit import-sqlite", env=env).strip())
    return audit_entry_count(admin)


def migrate(var, cluster_var, pg_port, replace=False):
    var, cluster_var = var.resolve(), cluster_var.resolve()
    check_stopped(var, cluster_var)
    cluster_var.mkdir(parents=True, exist_ok=True)
    cluster_var.chmod(0o755)  # the postgres user passes through to VAR/postgres
    postgres = [POSTGRES, "start", cluster_var / "postgres", str(pg_port)]
    print(run(postgres, "PostgreSQL").strip())
    try:
        dsn = pg_dsn(pg_port)
        objects, _blobs = zodb_counts(dsn)
        audited = audit_entry_count(audit_url(pg_port))
        if (objects or audited) and not replace:
            raise Refused(
                f"集群数据库已有数据（{objects} 个对象、{audited} 条审计记录），未覆盖。"
                "确要以 var/ 的数据替换它：make migrate-to-cluster REPLACE=1\n"
                f"The cluster's database holds data ({objects} objects, {audited} audit "
                "entries); nothing overwritten. To replace it: make migrate-to-cluster REPLACE=1"
            )
        seconds = copy_zodb(var, cluster_var, dsn)
        objects, blobs = zodb_counts(dsn)
        entries = copy_audit(var, cluster_var, pg_port, replace)
        secret = var / "conversion.secret"
        if secret.is_file():
            shutil.copy2(secret, cluster_var / "conversion.secret")
    finally:
        subprocess.run([POSTGRES, "stop", cluster_var / "postgres", str(pg_port)], check=False)
    print(
        f"\n  已迁移到集群 {cluster_var}：{objects} 个对象、{blobs} 个文件（blob）、"
        f"{entries} 条审计记录（ZODB 用时 {seconds:.0f} 秒）。\n"
        f"  Migrated into {cluster_var}: {objects} objects, {blobs} blobs, {entries} audit "
        f"entries (ZODB in {seconds:.0f} s). Next: make start-cluster\n"
    )
    return {"objects": objects, "blobs": blobs, "audit_entries": entries}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var", default=str(REPO / "var"), help="make start's data")
    parser.add_argument("--cluster-var", default=str(REPO / "var" / "cluster"))
    parser.add_argument("--pg-port", default="5433")
    parser.add_argument(
        "--replace", action="store_true", help="overwrite a cluster database that holds data"
    )
    args = parser.parse_args(argv)
    try:
        migrate(Path(args.var), Path(args.cluster_var), args.pg_port, args.replace)
    except Refused as refused:
        print(refused, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
