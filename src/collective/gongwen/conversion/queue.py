"""The conversion queue: huey, on SQLite by default and on Redis to scale out.

Configured by environment variables so that Zope and every worker, on any
machine, agree without reading ZODB:

``GONGWEN_QUEUE_URL``
    ``sqlite:////abs/path/queue.db`` (the embedded default that ``make start``
    writes under ``var/``) or ``redis://host:6379/0``.
``GONGWEN_CONVERSION_SECRET`` / ``GONGWEN_CONVERSION_SECRET_FILE``
    The key workers prove their jobs with (see ``tokens.job_token``).
``GONGWEN_SITE_URL``
    Where workers reach the portal; overrides the URL recorded with the job
    (needed when jobs are queued outside a request or behind a proxy).
"""

import importlib
import os
import tempfile
from urllib.parse import urlparse

from huey import RedisHuey
from huey import SqliteHuey

QUEUE_NAME = "gongwen-conversion"

# Every task's retries when the portal is unreachable or busy: after 5 s, 10 s, 20 s, 40 s.
RETRY_POLICY = {"retries": 4, "retry_delay": 5, "retry_backoff": 2}


def queue_url():
    """The configured queue URL (a SQLite file in the temp dir if unset)."""
    default = "sqlite:///" + os.path.join(tempfile.gettempdir(), "gongwen-conversion-queue.db")
    return os.environ.get("GONGWEN_QUEUE_URL") or default


def make_huey(url):
    """A huey instance for ``url`` (``sqlite:///path`` or ``redis://...``)."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = url[len("sqlite://") :]
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        return SqliteHuey(QUEUE_NAME, filename=path, results=False)
    if parsed.scheme in ("redis", "rediss"):
        return RedisHuey(QUEUE_NAME, url=url, results=False)
    raise ValueError(f"GONGWEN_QUEUE_URL: unsupported scheme in {url!r}")


huey = make_huey(queue_url())

TASKS_MODULE = "tasks"


def capability_task_modules():
    """The dotted names of the capabilities' task modules: every ``collective.gongwen.<x>.tasks``.

    Each capability registers its own tasks on ``huey`` in its ``tasks.py``
    (conversion its conversion and slip jobs, notify its periodic reminders);
    the queue finds them by that convention, so it imports none of them.
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return sorted(
        f"collective.gongwen.{name}.{TASKS_MODULE}"
        for name in os.listdir(package)
        if os.path.isfile(os.path.join(package, name, "__init__.py"))
        and os.path.isfile(os.path.join(package, name, f"{TASKS_MODULE}.py"))
    )


def load_capability_tasks():
    """Import every capability's task modules, registering their tasks (what a worker runs)."""
    for name in capability_task_modules():
        importlib.import_module(name)
