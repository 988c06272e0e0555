"""The huey tasks workers run: ``huey_consumer collective.gongwen.conversion.tasks.huey``.

``convert_file`` converts a file for the viewer; ``refresh_slip`` has the
portal render a document's kept slip again after an opinion (R-T2). The
other capabilities' tasks (notify's periodic ``send_reminders``, SPEC §15)
live in their own ``tasks.py`` and are loaded here for the workers by
``queue.load_capability_tasks``; nothing here imports a capability above
conversion.

Retries with back-off (``queue.RETRY_POLICY``) when the portal is unreachable
or busy; a bad file is a result, not an error, and is not retried.
"""

from collective.gongwen.conversion.queue import RETRY_POLICY
from collective.gongwen.conversion.queue import huey
from collective.gongwen.conversion.queue import load_capability_tasks
from collective.gongwen.conversion.worker import run_job
from collective.gongwen.conversion.worker import run_slip_refresh


@huey.task(context=True, **RETRY_POLICY)
def convert_file(payload, task=None):
    """Convert the file of ``payload`` (uid, job_id, site_url)."""
    return run_job(payload, last_attempt=task is not None and task.retries == 0)


@huey.task(**RETRY_POLICY)
def refresh_slip(payload):
    """Render the kept slip of the document of ``payload`` (uid, job_id, site_url) again."""
    return run_slip_refresh(payload)


load_capability_tasks()

__all__ = ["convert_file", "huey", "refresh_slip"]
