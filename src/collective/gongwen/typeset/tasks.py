"""The typesetting tasks workers run (R-RUN1): ``render_document`` (found by the queue)."""

from collective.gongwen.jobs.queue import durable_task
from collective.gongwen.typeset.worker import run_render


@durable_task()
def render_document(payload):
    """Render the document of ``payload`` (uid, job_id, kind, site_url) as its kind, and file it."""
    return run_render(payload)
