"""Served demo sites of two code trees side by side, each with its own worker, for comparisons.

``demo_sites({"new": REPO, "old": Path("/tmp/base")}, folder)`` builds, for
each tree, the instance ``make start`` builds (tests/support/instance.py:
scripts/make_instance.py, scripts/create_site.py with the demo organisation,
runwsgi) on a free port in ``folder``, serves it with that tree's ``src`` first
on ``PYTHONPATH`` (same venv), and starts a ``gongwen-worker`` of the same tree
on a private SQLite queue. ``bench/counting`` is put on ``PYTHONPATH`` too: its
``sitecustomize`` appends each ZODB conflict the site's publisher meets to
``Site.conflicts`` (see ``Site.conflict_lines``; where the objects live:
``conflict_report``, once the sites are stopped). Everything is stopped on
exit. A tree is any checkout, e.g. ``git worktree add /tmp/base 01a7aaa``.
"""

import collections
import contextlib
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.instance import create_site  # noqa: E402
from tests.support.instance import make_instance  # noqa: E402
from tests.support.instance import serving  # noqa: E402
from tests.support.network import free_port  # noqa: E402
from tests.support.workers import running_worker  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
COUNTING = Path(__file__).resolve().parent / "counting"
SECRET = "bench-sites-key"


class Conflict(NamedTuple):
    """One failed attempt logged by bench/counting: when, retried or not, what, on which request."""

    when: float
    retried: bool
    exception: str
    oid: str  # hex, or "-"
    class_name: str  # the conflicting object's dotted class, or "-"
    method: str
    path: str


@dataclass
class Site:
    """One served demo site: its label, URL, folder and conflict log."""

    label: str
    url: str
    var: Path
    conflicts: Path

    def conflict_lines(self, since=0.0):
        """``[Conflict]`` logged at or after ``since`` (oldest first)."""
        if not self.conflicts.exists():
            return []
        lines = []
        for line in self.conflicts.read_text(encoding="utf-8").splitlines():
            when, retried, name, oid, klass, method, path = (line.split(" ", 6) + [""] * 7)[:7]
            if float(when) >= since:
                lines.append(Conflict(float(when), retried == "1", name, oid, klass, method, path))
        return lines

    @property
    def data_fs(self):
        """The site's FileStorage (read it once the site is stopped: ``bench.zodb_paths``)."""
        return self.var / "filestorage" / "Data.fs"


def environment(tree, var):
    """The environment of one tree's site and worker: its code first, its own queue and log."""
    return {
        "PYTHONPATH": os.pathsep.join([str(Path(tree) / "src"), str(COUNTING)]),
        # the queue etc/zope.conf.in gives the portal (its <environment> wins over ours)
        "GONGWEN_QUEUE_URL": f"sqlite:///{var}/conversion-queue.db",
        "GONGWEN_CONVERSION_SECRET": SECRET,
        "GONGWEN_BENCH_CONFLICT_LOG": str(var / "conflicts.log"),
        "GONGWEN_DEMO": "1",
        "GONGWEN_ADMIN": "admin:admin",
    }


@contextlib.contextmanager
def demo_site(label, tree, folder, worker_args=()):
    """One tree's demo site served with its worker running; yields a ``Site``."""
    var = (Path(folder) / label).resolve()
    var.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = environment(tree, var)
    zope_conf = make_instance(var, port)
    print(f"[{label}] creating the demo site from {tree} …", file=sys.stderr, flush=True)
    create_site(zope_conf, **env)
    with (
        serving(var, port, **env) as url,
        running_worker(url, var / "worker.log", *worker_args, env=env),
    ):
        print(f"[{label}] serving {url}", file=sys.stderr, flush=True)
        yield Site(label, url, var, var / "conflicts.log")


def parse_trees(text):
    """``{label: tree}`` from ``--trees`` (``new=.,old=/tmp/base``), each tree an absolute path."""
    pairs = (item.split("=", 1) for item in text.split(","))
    return {label: Path(path).resolve() for label, path in pairs}


@contextlib.contextmanager
def demo_sites(trees, folder, worker_args=()):
    """``{label: Site}`` for ``{label: tree}``, all served at once (stopped on SIGTERM too)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    with contextlib.ExitStack() as stack:
        yield {
            label: stack.enter_context(demo_site(label, tree, folder, worker_args))
            for label, tree in trees.items()
        }


def conflict_report(sites, lines):
    """Print, per site, its conflicts counted by request, exception, object path and class.

    ``lines``: ``{label: [Conflict]}``. The object paths are read from each
    site's stopped database (``bench.zodb_paths``).
    """
    from bench.zodb_paths import object_paths

    for label, site in sites.items():
        conflicts = lines.get(label) or []
        paths = object_paths(site.data_fs, {c.oid for c in conflicts if c.oid != "-"})
        counts = collections.Counter(
            (c.method, c.path, c.exception, paths.get(c.oid, "-"), c.class_name) for c in conflicts
        )
        print(f"{label}: {len(conflicts)} conflicts by request, exception and object")
        for (method, path, exception, where, klass), count in counts.most_common():
            print(f"  {count:>4}  {method} {path}  {exception}  {where}  {klass}")
