"""The worker endpoints of the Word 正文's jobs (R-D6), on the site root, token-checked.

``@@gongwen-wordbody-claim`` starts a job (``wordbody.jobs``) and answers what
to work on: the task and the versions with their file names.
``@@gongwen-wordbody-source`` gives one of those versions' file (the stored
version, ``content.versions.stored_file``). ``@@gongwen-wordbody-result``
files the result:

- analyse → ``content.body.set_analysis`` of the version;
- compare → the pair's HTML kept on the document (``jobs.store_compare``);
- clean → the clean .docx stored as a new version of kind 清稿 in the name of
  who asked for it (``content.body.put_body``), its analysis and the 套红 HTML
  (``set_official_html``), in one transaction — unless the 正文 got a newer
  version meanwhile; ``events.BodyCleaned`` tells the audit trail.

A failure (the worker's reason code) is filed as the result too: a failed
analysis, a failed comparison, the 清稿's reason (``jobs.clean_failure``), in
Chinese. Called by workers with the job's token (``jobs.endpoint.WorkerEndpoint``):
405 but POST, 403 without the token, 409 for a job the document no longer waits
for, 400 for a malformed result. Exactly once comes from the job record (a
filed job is no longer waited for).
"""

import json
from contextlib import contextmanager
from contextlib import nullcontext

from plone import api
from zope.event import notify
from zope.i18n import translate

from collective.gongwen.content import body
from collective.gongwen.content.files import stream_file
from collective.gongwen.content.settings import site_language
from collective.gongwen.content.versions import stored_file
from collective.gongwen.interfaces import IGongwenDocument
from collective.gongwen.jobs import coalesce
from collective.gongwen.jobs.endpoint import WorkerEndpoint
from collective.gongwen.steps import titles
from collective.gongwen.wordbody import events
from collective.gongwen.wordbody import jobs

MAX_ANALYSIS_BYTES = 4 * 1024 * 1024
MAX_HTML_BYTES = 32 * 1024 * 1024
MAX_DOCX_BYTES = 256 * 1024 * 1024
MAX_TEXT = 300
SHA256_LENGTH = 64


class Malformed(ValueError):
    """The worker's result is not what the endpoint takes (400)."""


class WordBodyEndpoint(WorkerEndpoint):
    """A Word 正文 job's endpoint: the document, the job's key, its records."""

    def key(self, document):
        """The job's full key, or None when the form's key is not one."""
        parsed = jobs.parse_key(self.request.form.get("key"))
        if parsed is None:
            return None
        task, args = parsed
        return jobs.job_key(self.request.form["uid"], task, *args)

    def task(self):
        return jobs.parse_key(self.request.form.get("key"))[0]

    def is_current(self, obj, job_id):
        if not IGongwenDocument.providedBy(obj) or body.body_item(obj) is None:
            return False
        key, store = self.key(obj), jobs.job_store(create=False)
        return None not in (key, store) and self.current_job(store, key) == job_id

    def current_job(self, store, key):
        """The job of ``key`` this endpoint answers."""
        raise NotImplementedError

    def requested(self, document):
        """The fields the request for this job stored (versions, actor)."""
        return coalesce.requested_of(jobs.job_store(), self.key(document))

    def ran(self, document):
        """The fields the claim of this job stored (the versions claimed)."""
        return coalesce.ran_of(jobs.job_store(), self.key(document))


class Claim(WordBodyEndpoint):
    """The worker starts the job: the task and the versions to fetch (JSON)."""

    def current_job(self, store, key):
        return coalesce.waiting(store, key)

    def handle(self, document):
        task = self.task()
        if task == jobs.CLEAN:
            record = body.current_record(document)
            versions = [record["version"]] if record else []
        else:
            versions = list(self.requested(document).get("versions") or ())
        entries = []
        for version in versions:
            record = body.record_of(document, version)
            if record is None:
                return self.answer(409, error="no such version")
            entries.append({"version": version, "filename": record["filename"]})
        store, key = jobs.job_store(), self.key(document)
        claimed = coalesce.claim(
            store, key, self.request.form["job"], limit=jobs.CLAIM_LIMIT, versions=versions
        )
        if not claimed:
            if coalesce.blocked(store, key, self.request.form["job"], limit=jobs.CLAIM_LIMIT):
                return self.answer(429, error="an earlier job is running")
            return self.answer(409, error="stale job")
        return self.answer(200, task=task, versions=entries)


class Source(WordBodyEndpoint):
    """The file of one of the claimed versions."""

    def current_job(self, store, key):
        return coalesce.running(store, key)

    def handle(self, document):
        try:
            version = int(str(self.request.form.get("version", ""))[:9])
        except ValueError:
            return self.answer(400, error="bad version")
        if version not in (self.ran(document).get("versions") or ()):
            return self.answer(404, error="not a version of this job")
        named = stored_file(body.body_item(document), version)
        if named is None:
            return self.answer(410, error="version gone")
        response = self.request.response
        response.setHeader("Content-Type", "application/octet-stream")
        response.setHeader("Content-Length", str(named.getSize()))
        response.setHeader("Cache-Control", "no-store")
        return stream_file(named)


def _upload(form, name, limit):
    """The bytes of the uploaded field ``name`` (at most ``limit``); None when absent."""
    upload = form.get(name)
    if upload is None or not hasattr(upload, "read"):
        return None
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise Malformed(f"{name} too large")
    return data


def _text(value, limit=MAX_TEXT):
    return str(value or "")[:limit]


def analysis_from(value):
    """The worker's analysis (JSON text) checked and bounded; raises ``Malformed``."""
    if not isinstance(value, str) or len(value) > MAX_ANALYSIS_BYTES:
        raise Malformed("analysis")
    try:
        analysis = json.loads(value)
        revisions, comments = int(analysis["revisions"]), int(analysis["comments"])
        changes = [
            {key: _text(change.get(key)) for key in ("author", "date", "kind", "text")}
            for change in analysis["changes"][: body.MAX_CHANGES]
        ]
        digest = str(analysis["accepted_sha256"])
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise Malformed("analysis") from None
    if len(digest) != SHA256_LENGTH or revisions < 0 or comments < 0:
        raise Malformed("analysis")
    return {
        "state": body.ANALYSIS_DONE,
        "revisions": revisions,
        "comments": comments,
        "changes": changes,
        "accepted_sha256": digest,
        "reason": "",
    }


def failed_analysis(reason):
    """The analysis of a version that could not be read: ``reason`` (Chinese text)."""
    return {
        "state": body.ANALYSIS_FAILED,
        "revisions": 0,
        "comments": 0,
        "changes": [],
        "accepted_sha256": "",
        "reason": reason,
    }


class Result(WordBodyEndpoint):
    """The worker's result, or why there is none, filed on the document."""

    def current_job(self, store, key):
        # The job claimed; or, for a worker giving up before any claim, the job waited for.
        return coalesce.running(store, key) or coalesce.waiting(store, key)

    def reason(self):
        """The failure's Chinese text from the worker's reason code and mapping."""
        form = self.request.form
        try:
            mapping = json.loads(_text(form.get("mapping") or "{}", 2000))
            mapping = {_text(key, 40): _text(value) for key, value in dict(mapping).items()}
        except (ValueError, TypeError, AttributeError, RecursionError):
            mapping = {}
        return in_site_language(jobs.job_message(_text(form.get("reason"), 40), mapping))

    def handle(self, document):
        form = self.request.form
        state = form.get("state")
        if state not in (jobs.DONE, jobs.FAILED):
            return self.answer(400, error="bad state")
        store, key, job_id = jobs.job_store(), self.key(document), form["job"]
        if coalesce.running(store, key) != job_id:
            coalesce.claim(store, key, job_id, limit=jobs.CLAIM_LIMIT, versions=[])
        # The versions claimed; a job given up before its claim: the ones asked for.
        versions = self.ran(document).get("versions") or self.requested(document).get("versions")
        versions = list(versions or ())
        try:
            outcome, reason = getattr(self, f"file_{self.task()}")(document, state, versions)
        except Malformed as error:
            return self.answer(400, error=f"malformed result: {error}")
        if not coalesce.finish(store, key, job_id, outcome=outcome, reason=reason):
            return self.answer(409, error="stale job")
        # What was filed, and why not when refused (the worker logs it: ``worker.filed``).
        return self.answer(200, result=outcome, reason=reason)

    def file_analyse(self, document, state, versions):
        if not versions:
            return jobs.FAILED, self.reason()
        if state == jobs.FAILED:
            reason = self.reason()
            body.set_analysis(document, versions[0], failed_analysis(reason))
            return jobs.FAILED, reason
        body.set_analysis(document, versions[0], analysis_from(self.request.form.get("analysis")))
        return jobs.DONE, ""

    def file_compare(self, document, state, versions):
        _task, (a, b) = jobs.parse_key(self.request.form.get("key"))
        if state == jobs.FAILED:
            reason = self.reason()
            jobs.store_compare(document, a, b, jobs.FAILED, reason=reason)
            return jobs.FAILED, reason
        html = _upload(self.request.form, "html", MAX_HTML_BYTES)
        if html is None:
            raise Malformed("html")
        jobs.store_compare(document, a, b, jobs.DONE, html=html.decode("utf-8", "replace"))
        return jobs.DONE, ""

    def file_clean(self, document, state, versions):
        if state == jobs.FAILED or not versions:
            return jobs.FAILED, self.reason()
        form = self.request.form
        data = _upload(form, "docx", MAX_DOCX_BYTES)
        html = _upload(form, "html", MAX_HTML_BYTES)
        if data is None or html is None:
            raise Malformed("docx and html")
        analysis = analysis_from(form.get("analysis"))
        current = body.current_record(document)
        if current is None or current["version"] != versions[0]:
            message = jobs.job_message(
                "body_changed", {"number": current["number"] if current else ""}
            )
            return jobs.FAILED, in_site_language(message)
        actor = self.requested(document).get("actor") or ""
        step = api.content.get_state(document)
        with self.as_user(actor):
            try:
                record = body.put_body(
                    document,
                    data,
                    clean_filename(current["filename"]),
                    body.KIND_CLEAN,
                    actor,
                    step,
                    titles.step_title(step, self.request, document.portal_type, site_language()),
                    actor_name=titles.principal_name(actor),
                )
            except body.BodyError as error:
                return jobs.FAILED, in_site_language(error.message)
            body.set_analysis(document, record["version"], analysis)
            body.set_official_html(document, record["version"], html.decode("utf-8", "replace"))
            # the audit trail's 「清稿」, in the name of who asked for it (as the version is)
            notify(events.BodyCleaned(document, actor, body.current_record(document)))
        return jobs.DONE, ""

    @contextmanager
    def as_user(self, user_id):
        """The version is saved in the name of who asked for the 清稿 (CMFEditions' principal),
        with the system's rights: who may 清稿 was decided when it was asked for
        (``wordbody.actions.request_clean``), and the step may have moved on since."""
        user = api.user.get(userid=user_id) if user_id else None
        adopted = api.env.adopt_user(user=user) if user is not None else nullcontext()
        with adopted, api.env.adopt_roles(["Manager"]):
            yield


def in_site_language(message):
    """``message`` as text in the site's language: a reason is kept for every reader, and
    the worker's request has no language of its own."""
    return translate(message, target_language=site_language())


def clean_filename(filename):
    """The clean version's file name: the same name as .docx (清稿 stores Word 2007 XML)."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return f"{stem}.docx"
