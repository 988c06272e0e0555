"""``gongwen-audit``: prove the audit store (``verify``), sign a checkpoint now (``checkpoint``),
make a PostgreSQL store (``setup-postgres``), copy a SQLite store into another (``import-sqlite``).

``gongwen-audit verify [--db PATH|URL] [--key PATH]`` walks the chain and the
checkpoints and says, in Chinese and English, that the store holds or which
entry was edited, deleted, reordered or truncated; exit status 0 when it
holds, 1 when it was tampered with, 2 when it cannot be read or checked.

``gongwen-audit setup-postgres ADMIN_URL [--role gongwen_app]`` makes the tables,
triggers and the application's role (SELECT and INSERT only) in the database of
``ADMIN_URL`` (its owner or a superuser), idempotently, and prints the URL the
portal and the workers use (``GONGWEN_AUDIT_DB``).

``gongwen-audit import-sqlite SRC_PATH DEST_URL [--key PATH]`` copies every entry and
checkpoint of the store file ``SRC_PATH`` into ``DEST_URL`` in order, then verifies the
destination (with the checkpoint key beside ``SRC_PATH`` unless ``--key`` names it).
A destination holding exactly a prefix of the source is continued (a re-run copies
nothing); any other non-empty destination is refused. Exit status as ``verify``'s.
"""

import argparse
import os
import sys

from zope.i18n import interpolate

from collective.gongwen.audit import chain
from collective.gongwen.audit import location
from collective.gongwen.audit import store
from collective.gongwen.audit import verify as verifying


def _db(args):
    return args.db or store.db_path()


def _checkpoints(path):
    """How many checkpoints the store holds (0 for one that cannot be read: verify says why)."""
    try:
        with store.open_store(path).reader() as reader:
            return reader.counts()[1]
    except store.Unreadable:
        return 0


def _print_report(report):
    if report.ok:
        print(
            f"审计记录完好：{report.entries} 条记录，{report.checkpoints} 个检查点。\n"
            f"The audit trail holds: {report.entries} entries, {report.checkpoints} checkpoints."
        )
        return 0
    problem = report.problem
    print(interpolate(problem.message.default, problem.message.mapping))
    print(problem.english)
    return 2 if problem.kind == "unreadable" else 1


def _key_for(path, key_file, store_path):
    """The checkpoint key to verify ``store_path`` with: ``GONGWEN_AUDIT_KEY``, else the key
    file; None for a store without checkpoints and no key file (the chain alone is proved);
    ``False`` when checkpoints exist and their key file does not."""
    if os.environ.get("GONGWEN_AUDIT_KEY") and not key_file:
        return chain.checkpoint_key(path)
    try:
        key_file = key_file or chain.key_path(path)
    except RuntimeError:  # a store in PostgreSQL and no key file named
        if not _checkpoints(store_path):
            return None
        raise
    if os.path.isfile(key_file):
        return chain.checkpoint_key(path, key_file)
    if _checkpoints(store_path):
        print(f"检查点密钥不存在：{key_file}\nThe checkpoint key is missing: {key_file}")
        return False
    return None  # a new store: no checkpoint signed yet (the first one within the hour)


def verify_command(args):
    path = _db(args)
    key = _key_for(path, args.key, path)
    if key is False:
        return 2
    return _print_report(verifying.verify(path, key))


def checkpoint_command(args):
    path = _db(args)
    audit = store.open_store(path)
    try:
        record = audit.checkpoint(chain.checkpoint_key(path, args.key))
    finally:
        audit.close()
    print(f"检查点已写入 / checkpoint written: seq {record['seq']} {record['hash']}")
    return 0


def setup_postgres_command(args):
    from collective.gongwen.audit import pgstore

    if not location.is_postgres(args.admin_url):
        print("需要 postgresql:// 地址 / a postgresql:// URL is needed")
        return 2
    print(pgstore.setup(args.admin_url, args.role))
    return 0


def import_sqlite_command(args):
    if location.is_postgres(args.source) or not os.path.isfile(args.source):
        print(f"源审计库文件不存在：{args.source}\nNo audit store file at {args.source}")
        return 2
    destination = store.open_store(args.destination)
    try:
        copied, checkpoints = store.copy_store(args.source, destination)
    except ValueError as error:
        print(
            "目标审计库已有不属于源库的记录，未导入。\n"
            f"The destination holds entries that are not the source's; nothing copied: {error}"
        )
        return 1
    finally:
        destination.close()
    shown = location.shown(args.destination)
    print(
        f"已导入 {copied} 条记录、{checkpoints} 个检查点到 {shown}。\n"
        f"Copied {copied} entries and {checkpoints} checkpoints into {shown}."
    )
    key = _key_for(args.source, args.key, args.destination)
    if key is False:
        return 2
    return _print_report(verifying.verify(args.destination, key))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="gongwen-audit", description="电子公文审计记录")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, function, text in (
        ("verify", verify_command, "校验审计记录的散列链和检查点 / verify the chain"),
        ("checkpoint", checkpoint_command, "立即写入签名检查点 / write a signed checkpoint"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--db", help="the store: file or URL (GONGWEN_AUDIT_DB)")
        command.add_argument("--key", help="the checkpoint key file (GONGWEN_AUDIT_KEY_FILE)")
        command.set_defaults(function=function)
    command = commands.add_parser(
        "setup-postgres", help="在 PostgreSQL 中建立审计库 / make the store in PostgreSQL"
    )
    command.add_argument("admin_url", help="postgresql:// URL of the database's owner")
    command.add_argument("--role", default="gongwen_app", help="the application's role")
    command.set_defaults(function=setup_postgres_command)
    command = commands.add_parser(
        "import-sqlite", help="把 SQLite 审计库导入另一审计库 / copy a SQLite store"
    )
    command.add_argument("source", help="the SQLite store file")
    command.add_argument("destination", help="the destination: a postgresql:// URL or a file")
    command.add_argument("--key", help="the checkpoint key file (default: beside the source)")
    command.set_defaults(function=import_sqlite_command)
    args = parser.parse_args(argv)
    try:
        return args.function(args)
    except RuntimeError as error:
        print(error)
        return 2
    except Exception as error:  # the store's own (sqlite3, psycopg2): unreachable, refused
        if not type(error).__module__.startswith(("sqlite3", "psycopg2")):
            raise
        print(f"审计库无法访问：{error}\nThe audit store failed: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
