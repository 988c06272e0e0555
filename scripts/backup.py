"""Online encrypted backup of a portal's var/ and its restore into a new var/ (R-SEC4):
what ``make backup`` and ``make restore`` run.

    python scripts/backup.py backup --var var --recipients backup-key.pub --out backups
    python scripts/backup.py restore --backup backups/gongwen-….tar.age \\
        --identity backup-key.txt --into var-restored [--host 127.0.0.1] [--port 8080]

A backup is taken while the portal serves: a full repozo backup of the FileStorage
(the last committed transaction when repozo read the file), then the blobs (immutable
files named by oid and serial, so those of every transaction in the repozo copy exist
already; they are hard-linked, or copied across file systems), the audit store through
SQLite's online backup API with the key that signs its checkpoints, and the conversion
secret. They are put in one tar stream
encrypted with ``age`` to the operator's recipients file; only the identity file that
belongs to it can decrypt the archive, and the backup host need not hold it.

A restore decrypts with the identity, checks repozo's checksums, recovers Data.fs and
writes the instance configuration (scripts/make_instance.py) in a new var/; it refuses
a var/ that exists and is not empty. ``make start VAR=…`` then serves it.
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from datetime import UTC
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "scripts"))

from make_instance import make_instance  # noqa: E402

MANIFEST = "MANIFEST.json"
SECRET = "conversion.secret"
AUDIT = Path("audit") / "audit.db"
# The key that signs the audit store's hourly checkpoints: without it a restored store's
# checkpoints cannot be checked, and new ones would be signed with another key.
AUDIT_KEY = Path("audit") / "checkpoint.key"


class BackupError(Exception):
    """What went wrong, for the operator (the message is printed, no traceback)."""


def audit_store(var):
    """The audit store's file: ``GONGWEN_AUDIT_DB``, else ``<var>/audit/audit.db``."""
    configured = os.environ.get("GONGWEN_AUDIT_DB")
    return Path(configured) if configured else var / AUDIT


def run(*command, stdin=None):
    """Run a tool; BackupError with its output when it fails."""
    result = subprocess.run(
        [str(part) for part in command], stdin=stdin, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(str(command[0])).name} 失败：{result.stderr or result.stdout}")
    return result.stdout


def link_or_copy_tree(source, target):
    """``target`` made of ``source``'s files, hard-linked where possible (blobs never change
    once written), without ZODB's half-written ``tmp`` folder; the number of files and bytes."""
    files = size = 0
    for folder, subfolders, names in os.walk(source):
        relative = Path(folder).relative_to(source)
        if relative == Path("."):
            subfolders[:] = [name for name in subfolders if name != "tmp"]
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in names:
            origin, copy = Path(folder) / name, target / relative / name
            try:
                os.link(origin, copy)
            except OSError:
                shutil.copy2(origin, copy)
            files += 1
            size += copy.stat().st_size
    return files, size


def audit_key(audit):
    """The checkpoint key file: ``GONGWEN_AUDIT_KEY_FILE``, else ``checkpoint.key`` beside the
    store (as ``collective.gongwen.audit.chain.key_path`` finds it)."""
    configured = os.environ.get("GONGWEN_AUDIT_KEY_FILE")
    return Path(configured) if configured else audit.parent / AUDIT_KEY.name


def sqlite_copy(source, target):
    """A consistent copy of the SQLite database ``source`` (online backup API, WAL included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        origin.backup(copy)
    finally:
        copy.close()
        origin.close()


def human(size):
    """``size`` bytes as the operator reads it."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.1f} {unit}" if unit != "B" else f"{size} B"
        size /= 1024


def encrypt_tree(staging, recipients, archive):
    """``staging``'s files as one tar stream encrypted by age to ``recipients``, in ``archive``."""
    partial = archive.with_name(archive.name + ".partial")
    with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as output:
        age = subprocess.Popen(
            ["age", "--encrypt", "--recipients-file", str(recipients)],
            stdin=subprocess.PIPE,
            stdout=output,
            stderr=subprocess.PIPE,
        )
        try:
            with tarfile.open(fileobj=age.stdin, mode="w|") as tar:
                for entry in sorted(staging.iterdir()):
                    tar.add(entry, arcname=entry.name)
            age.stdin.close()
        except BrokenPipeError:
            pass  # age stopped: its message follows
        error = age.stderr.read().decode()
        if age.wait() != 0:
            partial.unlink()
            raise BackupError(f"age 加密失败：{error}")
    partial.rename(archive)


def backup(var, recipients, out):
    """Back up ``var`` into an age archive in ``out``; the archive and a summary dict."""
    started = time.monotonic()
    var, out = var.resolve(), out.resolve()
    data_fs = var / "filestorage" / "Data.fs"
    if not data_fs.is_file():
        raise BackupError(
            f"没有找到数据库文件 {data_fs}。make backup 只备份单机的 FileStorage；"
            "集群（make start-cluster）的数据在 PostgreSQL 中，"
            "请用 pg_dump 备份（见 docs/deployment.rst）。"
        )
    if not recipients.is_file():
        raise BackupError(f"没有找到 age 公钥文件 {recipients}（AGE_RECIPIENTS）。")
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out) as staging:
        staging = Path(staging)
        (staging / "repozo").mkdir()
        run(BIN / "repozo", "-B", "-F", "-z", "-r", staging / "repozo", "-f", data_fs)
        blobs, blob_bytes = link_or_copy_tree(var / "blobstorage", staging / "blobstorage")
        audit = audit_store(var)
        if audit.is_file():
            sqlite_copy(audit, staging / AUDIT)
        if audit_key(audit).is_file():
            (staging / AUDIT_KEY).parent.mkdir(exist_ok=True)
            shutil.copy2(audit_key(audit), staging / AUDIT_KEY)
        if (var / SECRET).is_file():
            shutil.copy2(var / SECRET, staging / SECRET)
        summary = {
            "created": stamp,
            "data_fs_bytes": data_fs.stat().st_size,
            "blobs": blobs,
            "blob_bytes": blob_bytes,
            "audit": audit.is_file(),
            "audit_key": audit_key(audit).is_file(),
            "secret": (var / SECRET).is_file(),
        }
        (staging / MANIFEST).write_text(json.dumps(summary, indent=1))
        archive = out / f"gongwen-{stamp}.tar.age"
        encrypt_tree(staging, recipients, archive)
    summary["archive_bytes"] = archive.stat().st_size
    summary["seconds"] = round(time.monotonic() - started, 2)
    return archive, summary


def restore(archive, identity, into, host="127.0.0.1", port="8080"):
    """Restore ``archive`` (decrypted with ``identity``) into the new var/ ``into``; a summary."""
    started = time.monotonic()
    into = into.resolve()
    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise BackupError(f"{into} 已存在且不为空：恢复只写入新的目录，不覆盖现有数据。")
    for path, what in ((archive, "备份文件"), (identity, "age 私钥文件")):
        if not path.is_file():
            raise BackupError(f"没有找到{what} {path}。")
    into.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{into.name}-restoring-", dir=into.parent) as work:
        work = Path(work)
        unpacked, var = work / "backup", work / "var"
        unpacked.mkdir()
        age = subprocess.Popen(
            ["age", "--decrypt", "--identity", str(identity), str(archive)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        unreadable = None
        try:
            with tarfile.open(fileobj=age.stdout, mode="r|") as tar:
                tar.extractall(unpacked, filter="data")
        except tarfile.TarError as error:
            unreadable = error
        age.stdout.close()
        if age.wait() != 0:
            raise BackupError(f"age 解密失败：{age.stderr.read().decode()}")
        if unreadable or not (unpacked / MANIFEST).is_file():
            raise BackupError(f"{archive} 不是本系统的备份：{unreadable or '缺少 ' + MANIFEST}")
        manifest = json.loads((unpacked / MANIFEST).read_text())
        run(BIN / "repozo", "-V", "-r", unpacked / "repozo")
        (var / "filestorage").mkdir(parents=True)
        run(BIN / "repozo", "-R", "-r", unpacked / "repozo", "-o", var / "filestorage" / "Data.fs")
        (unpacked / "blobstorage").rename(var / "blobstorage")
        if (unpacked / AUDIT).is_file():
            (var / AUDIT).parent.mkdir()
            (unpacked / AUDIT).rename(var / AUDIT)
        if (unpacked / AUDIT_KEY).is_file():
            (var / AUDIT_KEY).parent.mkdir(exist_ok=True)
            (unpacked / AUDIT_KEY).rename(var / AUDIT_KEY)
            (var / AUDIT_KEY).chmod(0o600)
        if (unpacked / SECRET).is_file():
            (unpacked / SECRET).rename(var / SECRET)
            (var / SECRET).chmod(0o600)
        if into.exists():
            into.rmdir()
        var.rename(into)
    make_instance(into, host, port)  # its configuration names the folders where they are now
    manifest["seconds"] = round(time.monotonic() - started, 2)
    return manifest


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    making = commands.add_parser("backup", help="back up var/ while the portal serves")
    making.add_argument("--var", type=Path, default=REPO / "var")
    making.add_argument("--recipients", type=Path, required=True, help="age recipients file")
    making.add_argument("--out", type=Path, default=REPO / "backups")
    restoring = commands.add_parser("restore", help="restore a backup into a new var/")
    restoring.add_argument("--backup", type=Path, required=True)
    restoring.add_argument("--identity", type=Path, required=True, help="age identity file")
    restoring.add_argument("--into", type=Path, required=True, help="the new var/")
    restoring.add_argument("--host", default="127.0.0.1")
    restoring.add_argument("--port", default="8080")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            archive, summary = backup(args.var, args.recipients, args.out)
            print(f"备份完成：{archive}")
            size, data_fs = human(summary["archive_bytes"]), human(summary["data_fs_bytes"])
            audit = "已备份" if summary["audit"] else "未找到，未备份"
            print(
                f"  大小 {size}（Data.fs {data_fs}，{summary['blobs']} 个 blob 文件"
                f"共 {human(summary['blob_bytes'])}，审计库{audit}），用时 {summary['seconds']} 秒"
            )
        else:
            summary = restore(args.backup, args.identity, args.into, args.host, args.port)
            print(f"恢复完成：{args.into.resolve()}（备份时间 {summary['created']}）")
            print(f"  {summary['blobs']} 个 blob，用时 {summary['seconds']} 秒")
            print(f"  启动：make start VAR={args.into}")
    except BackupError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
