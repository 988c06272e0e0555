"""The portal side of every worker endpoint: the token check, exactly once, ``@@gongwen-ready``.

Workers authenticate with a job's token, not with a user: the token proves
the job was queued by this portal for this object (``tokens``). A
``WorkerEndpoint`` answers 405 to anything but POST, 403 to a bad token,
410 when the object is gone and 409 when the object no longer waits for
the job. An endpoint that files a job's result (``files_result``) records
the job id with the object once it did (``once``); any call of that job
afterwards — a worker's retry after a lost answer — is answered 200 "already
done" and changes nothing. ``Ready`` answers 200 to a worker's stamped
question once the site is up (``client.ensure_ready``).
"""

import json

from BTrees.OOBTree import OOBTree
from DateTime import DateTime
from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from zope.annotation.interfaces import IAnnotations
from zope.interface import alsoProvides

from collective.gongwen.content.annotations import annotation
from collective.gongwen.jobs import once
from collective.gongwen.jobs.client import READY_VIEW
from collective.gongwen.jobs.client import TOKEN_HEADER
from collective.gongwen.jobs.tokens import stamp_is_valid
from collective.gongwen.jobs.tokens import token_is_valid

LEDGER_KEY = "collective.gongwen.jobs.done"
MAX_FIELD = 200


def find_object(uid):
    """The object with ``uid``, whoever asks (the token stood in for a user); or None."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def job_is_done(obj, job_id):
    """True when the result of job ``job_id`` on ``obj`` was filed."""
    return once.is_done(IAnnotations(obj).get(LEDGER_KEY), job_id)


def record_done(obj, job_id):
    """File job ``job_id`` as done on ``obj`` (in the transaction that files its result)."""
    ledger = annotation(obj, LEDGER_KEY, OOBTree)
    once.remember(ledger, job_id, DateTime().ISO8601())


class JsonAnswer(BrowserView):
    """A view that answers workers in JSON."""

    def answer(self, status, **data):
        self.request.response.setStatus(status)
        self.request.response.setHeader("Content-Type", "application/json")
        self.request.response.setHeader("Cache-Control", "no-store")
        return json.dumps(data, ensure_ascii=False)


class WorkerEndpoint(JsonAnswer):
    """Base of the worker endpoints: method, token, object and job checks; exactly once."""

    # True for an endpoint whose success files the job's result.
    files_result = False

    def __call__(self):
        form = self.request.form
        uid, job_id = str(form.get("uid", ""))[:MAX_FIELD], str(form.get("job", ""))[:MAX_FIELD]
        if self.request.method != "POST":
            return self.answer(405, error="POST only")
        if not token_is_valid(uid, job_id, self.request.getHeader(TOKEN_HEADER)):
            return self.answer(403, error="bad token")
        obj = find_object(uid)
        if obj is None:
            return self.answer(410, error="object deleted")
        if job_is_done(obj, job_id):
            self.request.response.setHeader(once.ALREADY_DONE_HEADER, once.ALREADY_DONE)
            return self.answer(200, result=once.ALREADY_DONE)
        if not self.is_current(obj, job_id):
            return self.answer(409, error="stale job")
        # Authenticated by the job token, not a browser session: no CSRF.
        alsoProvides(self.request, IDisableCSRFProtection)
        body = self.handle(obj)
        if self.files_result and 200 <= self.request.response.getStatus() < 300:
            record_done(obj, job_id)
        return body

    def is_current(self, obj, job_id):
        """True while ``obj`` waits for job ``job_id``."""
        raise NotImplementedError

    def handle(self, obj):
        raise NotImplementedError


class Ready(JsonAnswer):
    """``@@gongwen-ready``: 200 to a worker's fresh stamp once the site answers; nothing else."""

    def __call__(self):
        if self.request.method != "POST":
            return self.answer(405, error="POST only")
        stamp = str(self.request.form.get("stamp", ""))[:MAX_FIELD]
        if not stamp_is_valid(READY_VIEW, stamp, self.request.getHeader(TOKEN_HEADER)):
            return self.answer(403, error="bad token")
        return self.answer(200, ready=True)
