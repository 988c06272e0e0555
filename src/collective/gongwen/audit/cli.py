"""``gongwen-audit``: prove the audit store (``verify``) or sign a checkpoint now (``checkpoint``).

``gongwen-audit verify [--db PATH] [--key PATH]`` walks the chain and the
checkpoints and says, in Chinese and English, that the store holds or which
entry was edited, deleted, reordered or truncated; exit status 0 when it
holds, 1 when it was tampered with, 2 when it cannot be read or checked.
"""

import argparse
import os
import sqlite3
import sys

from zope.i18n import interpolate

from collective.gongwen.audit import chain
from collective.gongwen.audit import store
from collective.gongwen.audit import verify as verifying


def _db(args):
    return args.db or store.db_path()


def _checkpoints(path):
    """How many checkpoints the store holds (0 for one that cannot be read: verify says why)."""
    try:
        connection = store.connect(path, readonly=True)
        try:
            return connection.execute("SELECT count(*) FROM checkpoint").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def verify_command(args):
    path = _db(args)
    key_file = args.key or chain.key_path(path)
    if os.environ.get("GONGWEN_AUDIT_KEY") and not args.key:
        key = chain.checkpoint_key(path)
    elif os.path.isfile(key_file):
        key = chain.checkpoint_key(path, key_file)
    elif _checkpoints(path):
        print(f"检查点密钥不存在：{key_file}\nThe checkpoint key is missing: {key_file}")
        return 2
    else:  # a new store: no checkpoint signed yet (the first one within the hour), the chain alone
        key = None
    report = verifying.verify(path, key)
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


def checkpoint_command(args):
    path = _db(args)
    record = store.AuditStore(path).checkpoint(chain.checkpoint_key(path, args.key))
    print(f"检查点已写入 / checkpoint written: seq {record['seq']} {record['hash']}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="gongwen-audit", description="电子公文审计记录")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, function, text in (
        ("verify", verify_command, "校验审计记录的散列链和检查点 / verify the chain"),
        ("checkpoint", checkpoint_command, "立即写入签名检查点 / write a signed checkpoint"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--db", help="the store file (GONGWEN_AUDIT_DB)")
        command.add_argument("--key", help="the checkpoint key file (GONGWEN_AUDIT_KEY_FILE)")
        command.set_defaults(function=function)
    args = parser.parse_args(argv)
    try:
        return args.function(args)
    except RuntimeError as error:
        print(error)
        return 2


if __name__ == "__main__":
    sys.exit(main())
