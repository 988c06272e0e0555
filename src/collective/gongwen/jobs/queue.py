"""The one queue of background work: huey, on SQLite by default and on Redis to scale out.

Workers run ``huey_consumer collective.gongwen.jobs.queue.huey`` (what
``gongwen-worker`` starts). Each capability registers its jobs in its own
``tasks.py`` with ``durable_task``/``durable_periodic_task``; importing this
module loads them all (``load_capability_tasks``), importing none by name.
A durable job waits for the portal (``client.ensure_ready``) and is put back
on the queue with capped back-off (``backoff``) while the portal is down,
starting or busy, for at least the patience (30 minutes by default), and is
told on its last attempt so it can record why it gave up.

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

import functools
import importlib
import inspect
import logging
import os
import tempfile
from urllib.parse import urlparse

from huey import RedisHuey
from huey import SqliteHuey
from huey.exceptions import RetryTask

from collective.gongwen.jobs import backoff
from collective.gongwen.jobs import client

logger = logging.getLogger("collective.gongwen.jobs")

QUEUE_NAME = "gongwen-conversion"


def retry_policy(policy=None):
    """huey's retry options for ``policy`` (the configured back-off): the count.

    The delay of each retry is set by the durable task itself from the delay
    the job carries (``Backoff.after``: doubling, capped), so huey's own
    uncapped doubling is off.
    """
    policy = policy or backoff.configured()
    return {"retries": policy.retries(), "retry_delay": 0, "retry_backoff": None}


RETRY_POLICY = retry_policy()


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


def durable(function, policy=None):
    """``function`` as a durable job body: portal ready first, capped back-off on transient errors.

    ``function(*args)`` gets ``last_attempt=True`` on its last try when it
    takes that argument. The job's site is ``GONGWEN_SITE_URL`` or its
    payload's ``site_url`` (the first argument, when there is one); a job
    with neither runs as it is and says so itself.
    """
    policy = policy or backoff.configured()
    takes_last = "last_attempt" in inspect.signature(function).parameters

    @functools.wraps(function)
    def run(*args, task=None):
        try:
            site_url = client.site_url_for(args[0] if args and isinstance(args[0], dict) else None)
            if site_url:
                client.ensure_ready(site_url)
            extra = {"last_attempt": task is not None and task.retries == 0} if takes_last else {}
            return function(*args, **extra)
        except client.TransientError as error:
            if task is None or not task.retries:
                raise  # the last attempt: the job has failed, and the log says why
            task.retry_delay = policy.after(task.retry_delay)
            logger.info(
                "%s: %s; again in %.1f s (%d retries left)",
                task.name,
                error,
                task.retry_delay,
                task.retries - 1,
            )
            # Expected (the portal starting, down or busy): put back without an error and
            # its traceback in the worker's log. huey gives back the attempt a RetryTask
            # took; this one counts against the patience.
            task.retries -= 1
            raise RetryTask(str(error), delay=task.retry_delay) from None
        except Exception:
            # Waiting cures no bug: only a transient error is retried.
            if task is not None:
                task.retries = 0
            raise

    return run


def durable_task(**options):
    """Register a durable job (``durable``) on the queue, retried for the patience."""

    def register(function):
        return huey.task(context=True, **RETRY_POLICY, **options)(durable(function))

    return register


def durable_periodic_task(validate_datetime, **options):
    """Register a durable periodic job (``durable``) run when ``validate_datetime`` says so."""

    def register(function):
        return huey.periodic_task(validate_datetime, context=True, **RETRY_POLICY, **options)(
            durable(function)
        )

    return register


TASKS_MODULE = "tasks"


def capability_task_modules():
    """The dotted names of the capabilities' task modules: every ``collective.gongwen.<x>.tasks``.

    Each capability registers its own tasks on ``huey`` in its ``tasks.py``
    (conversion its conversions, typeset its renders, exchange its packages,
    notify its periodic reminders); the queue finds them by that convention,
    so it imports none of them.
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


# ``huey_consumer collective.gongwen.jobs.queue.huey`` finds every job here.
load_capability_tasks()
