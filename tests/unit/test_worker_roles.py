"""Worker roles (issue 21): ``gongwen-worker --no-periodic`` runs huey without its scheduler's
periodic work, so N workers on one Redis queue each periodic task once per interval, not N times."""

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
