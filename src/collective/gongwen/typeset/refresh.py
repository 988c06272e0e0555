"""``@@gongwen-slip-refresh``: a worker has a document's kept slip rendered again (R-T2).

Called by a conversion worker with the job's token, not by a user (see
``slip_jobs``), on the site root like the conversion endpoints. A refresh
that is no longer the document's current one — a newer opinion queued
another, or a milestone kept the slip meanwhile — is answered 409 and
dropped. A slip whose rendering its caps refused (R-SEC5) is answered
``refused``: the kept file stays as it was, the log says why.
"""

from contextlib import nullcontext

from plone import api

from collective.gongwen.conversion.views import WorkerEndpoint
from collective.gongwen.interfaces import IGongwenDocument
from collective.gongwen.typeset.kept_slips import keep_slip
from collective.gongwen.typeset.slip_jobs import is_current_slip_job


class SlipRefresh(WorkerEndpoint):
    """Render the slip as it is now into the document's 处理单 file, without a new version."""

    def is_current(self, obj, job_id):
        return IGongwenDocument.providedBy(obj) and is_current_slip_job(obj, job_id)

    def handle(self, document):
        # Made by the system for the document: in its owner's name, not anonymously.
        owner = document.getOwner()
        with api.env.adopt_user(user=owner) if owner is not None else nullcontext():
            item = keep_slip(document, version=False)
        if item is None:
            return self.answer(200, result="refused")
        return self.answer(200, result="done", size=item.file.getSize())
