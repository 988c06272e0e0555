"""The queue's own jobs: running records with heartbeats, and the sweep that redoes a killed
worker's job once (``jobs.sweeper``; the rule in ``jobs.redo``).

``requeue_dead_jobs`` runs every minute on the worker that runs periodic jobs
(``gongwen-worker`` without ``--no-periodic``). It needs no portal.
"""

from huey import crontab

from collective.gongwen.jobs import sweeper
from collective.gongwen.jobs.queue import huey

heartbeat = sweeper.install(huey)


@huey.periodic_task(crontab(minute="*"))
def requeue_dead_jobs():
    """Put back, once, the jobs whose worker died; give up those that killed two."""
    return sweeper.sweep(huey)
