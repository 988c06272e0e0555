"""Worker roles (issue 21): ``gongwen-worker --no-periodic`` runs huey without its scheduler's
periodic work, so N workers on one Redis queue each periodic task once per interval, not N times;
and every worker runs niced (R-RUN1), so the portal's pages get the CPU before its renders."""

import os
import subprocess
import sys

from huey import MemoryHuey
from huey import crontab
from huey.consumer_options import ConsumerConfig
from huey.consumer_options import OptionParserHandler

from collective.gongwen.conversion.cli import consumer_argv


def consumer_of(huey, argv):
    """The consumer huey's own ``consumer_main`` would build from ``argv`` (not started)."""
    options, args = OptionParserHandler().get_option_parser().parse_args(argv[1:])
    assert args == ["collective.gongwen.jobs.queue.huey"]
    config = ConsumerConfig(**{k: v for k, v in options.__dict__.items() if v is not None})
    config.validate()
    return huey.create_consumer(**config.values)


def test_worker_roles_no_periodic_flag_reaches_huey():
    huey = MemoryHuey("roles")
    assert consumer_of(huey, consumer_argv(2)).periodic is True
    assert consumer_of(huey, consumer_argv(2, periodic=False)).periodic is False
    assert "--workers=3" in consumer_argv(3)


def test_worker_roles_three_workers_queue_a_periodic_task_once(monkeypatch):
    huey = MemoryHuey("roles", immediate=False)

    @huey.periodic_task(crontab(minute="*"))
    def every_minute():
        return None

    consumers = [
        consumer_of(huey, consumer_argv(2)),
        consumer_of(huey, consumer_argv(2, periodic=False)),
        consumer_of(huey, consumer_argv(2, periodic=False)),
    ]
    for consumer in consumers:
        # The scheduler each consumer would run in its own process, one pass of its loop here.
        scheduler = consumer._create_scheduler()
        monkeypatch.setattr(scheduler, "sleep_for_interval", lambda *a: None)
        scheduler.loop()
    assert huey.pending_count() == 1


AUTOGROUPS = os.path.exists("/proc/self/autogroup")


def priority_of_a_worker(*argv):
    """What a ``gongwen-worker argv…`` started in a session of its own (as ``make start`` starts
    it) runs at: its nice value, and that of a tool it starts with ``tools.start_command``
    (relative to ours), whether the tool is in the worker's session, and that session's
    autogroup nice value (None without autogroups)."""
    code = (
        "import os, sys\n"
        "import huey.bin.huey_consumer as consumer\n"
        "from collective.gongwen.conversion.tools import start_command\n"
        "def started():\n"
        "    tool = start_command([sys.executable, '-c', 'import os; print(os.nice(0), "
        "os.getsid(0))'])\n"
        "    nice, session = tool.communicate()[0].split()\n"
        "    group = open('/proc/self/autogroup').read() if os.path.exists("
        "'/proc/self/autogroup') else 'nice None'\n"
        "    print(os.nice(0), int(nice), int(session) == os.getsid(0), "
        "group.split('nice')[1].strip())\n"
        "consumer.consumer_main = started\n"
        "from collective.gongwen.conversion.cli import worker_main\n"
        f"worker_main({list(argv)!r})\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,
    )
    assert done.returncode == 0, done.stderr
    worker, tool, same_session, group = done.stdout.split()
    ours = os.nice(0)
    group = None if group == "None" else int(group)  # a new session's group starts at 0
    return int(worker) - ours, int(tool) - ours, same_session == "True", group


def test_r_run1_worker_and_its_tools_yield_the_cpu_to_the_portal():
    expected_group = 10 if AUTOGROUPS else None
    assert priority_of_a_worker() == (10, 10, True, expected_group)
    assert priority_of_a_worker("--nice=5") == (5, 5, True, 5 if AUTOGROUPS else None)
    assert priority_of_a_worker("--nice=0") == (0, 0, True, 0 if AUTOGROUPS else None)
