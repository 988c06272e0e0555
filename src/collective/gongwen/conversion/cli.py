"""Commands: ``gongwen-worker`` (run conversion workers) and ``gongwen-convert-all``.

``gongwen-worker --queue redis://queue-host:6379/0 --site-url http://portal:8080/Plone
--secret-file /etc/gongwen/conversion.secret --workers 4`` runs workers on any
machine; ``make start`` runs one beside the portal on the SQLite queue. With several
worker processes on one Redis, start exactly one of them without
``--no-periodic``: only that one runs huey's scheduler, so periodic work
(reminders, the dead-job sweeper) is queued once per interval, not once per
worker.

``gongwen-convert-all --site-url http://127.0.0.1:8080/Plone --user admin``
queues every file not converted yet and shows a progress bar until the
workers are done (password from ``GONGWEN_PASSWORD`` or asked for).
"""

import argparse
import getpass
import logging
import os
import sys
import time

import requests

from collective.gongwen.conversion import priority

# Background work runs niced (``priority``): on a machine shared with the portal, a page a
# member waits for gets the CPU before a render or conversion nobody is watching.
WORKER_DEFAULTS = {"workers": max(1, (os.cpu_count() or 2) - 1), "nice": 10}


def worker_main(argv=None):
    """Start huey's consumer on the one queue of background work, configured from the arguments."""
    parser = argparse.ArgumentParser(prog="gongwen-worker", description="电子公文文件转换 worker")
    parser.add_argument(
        "--queue", help="sqlite:////path/queue.db or redis://host:6379/0 (GONGWEN_QUEUE_URL)"
    )
    parser.add_argument(
        "--site-url", help="the portal's URL as workers reach it (GONGWEN_SITE_URL)"
    )
    parser.add_argument("--secret-file", help="file with the key shared with the portal")
    parser.add_argument("--workers", type=int, default=WORKER_DEFAULTS["workers"])
    parser.add_argument(
        "--nice",
        type=int,
        default=WORKER_DEFAULTS["nice"],
        help="CPU priority lowered by this much (default 10; 0 keeps the caller's)",
    )
    parser.add_argument("--timeout", type=int, help="seconds one file may take (default 900)")
    parser.add_argument(
        "--wordbody-timeout",
        type=int,
        help="seconds LibreOffice may take for a Word 正文's conversion or 清稿 (default 60)",
    )
    parser.add_argument(
        "--no-periodic",
        action="store_true",
        help="不排定周期任务（提醒等）：同一 Redis 上有多个 worker 时，只有一个不带此选项",
    )
    args = parser.parse_args(argv)
    priority.lower(args.nice)
    for name, value in (
        ("GONGWEN_QUEUE_URL", args.queue),
        ("GONGWEN_SITE_URL", args.site_url),
        ("GONGWEN_CONVERSION_SECRET_FILE", args.secret_file),
        ("GONGWEN_CONVERSION_TIMEOUT", args.timeout),
        ("GONGWEN_WORDBODY_TIMEOUT", args.wordbody_timeout),
    ):
        if value:
            os.environ[name] = str(value)
    from huey.bin.huey_consumer import consumer_main

    log_jobs_beside_huey()
    sys.argv = consumer_argv(args.workers, periodic=not args.no_periodic)
    return consumer_main()


def log_jobs_beside_huey():
    """Our jobs' INFO and above in the worker's log, formatted as huey's own lines.

    huey's consumer configures its ``huey`` logger only; without this, a job put back
    while the portal starts says why nowhere (``jobs.queue.durable``).
    """
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("[%(asctime)s] %(levelname)s:%(name)s:%(process)d:%(message)s")
    )
    ours = logging.getLogger("collective.gongwen")
    ours.addHandler(handler)
    ours.setLevel(logging.INFO)
    ours.propagate = False


def consumer_argv(workers, periodic=True):
    """huey consumer's command line for ``workers`` processes, with or without its scheduler."""
    return [
        "gongwen-worker",
        "collective.gongwen.jobs.queue.huey",
        "--worker-type=process",
        f"--workers={workers}",
        # An idle worker looks for jobs every 0.1 s, backing off to 0.5 s:
        # cheap on SQLite, and a file waits at most half a second.
        "--delay=0.1",
        "--max-delay=0.5",
        *(() if periodic else ("--no-periodic",)),
    ]


def progress_bar(done, total, width=40):
    """``[#####.....]  12/40`` for ``done`` of ``total``."""
    filled = width if total == 0 else int(width * done / total)
    return f"[{'#' * filled}{'.' * (width - filled)}] {done:>5}/{total}"


def convert_all_main(argv=None):
    """Queue every unconverted file through ``@conversions`` and follow progress."""
    parser = argparse.ArgumentParser(
        prog="gongwen-convert-all", description="转换所有尚未转换的文件"
    )
    parser.add_argument("--site-url", default="http://127.0.0.1:8080/Plone")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--include-failed", action="store_true", help="失败的文件也重新转换")
    parser.add_argument("--interval", type=float, default=2.0)
    args = parser.parse_args(argv)
    password = os.environ.get("GONGWEN_PASSWORD") or getpass.getpass(f"{args.user} 的密码：")
    session = requests.Session()
    session.auth = (args.user, password)
    session.headers["Accept"] = "application/json"
    endpoint = args.site_url.rstrip("/") + "/@conversions"
    queued = session.post(endpoint, json={"include_failed": args.include_failed}, timeout=600)
    queued.raise_for_status()
    print(f"已排队 {queued.json()['queued']} 个文件")
    while True:
        summary = session.get(endpoint, timeout=60)
        summary.raise_for_status()
        summary = summary.json()
        total, pending = summary["total"], summary["pending"]
        print("\r" + progress_bar(total - pending, total), end="", flush=True)
        if not pending:
            break
        time.sleep(args.interval)
    print()
    for entry in summary["failed"]:
        print(f"失败：{entry['title']}：{entry['message']}  {entry['@id']}")
    return 1 if summary["failed"] else 0
