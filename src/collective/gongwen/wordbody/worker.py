"""One Word 正文 job as a worker does it (R-D6): claim, fetch the versions, work, report.

Plain Python, no database: the worker asks the portal for the job
(``@@gongwen-wordbody-claim``, with the job's token), downloads the versions
it names (``@@gongwen-wordbody-source``), works here and posts the result
(``@@gongwen-wordbody-result``):

- analyse: the version as .docx (``office.to_docx`` for .wps/.odt), read
  (``docx.read_document``): its tracked changes with authors, its comments and
  the SHA-256 of its accepted text (``analysis_of``);
- compare: both versions read and compared (``compare.compare``), the rows as
  safe HTML (``compare.render_rows``);
- clean: LibreOffice accepts every change and drops every comment
  (``office.clean_docx``); the clean file, read again, must have none left; its
  analysis and the 套红 HTML (``official.official_body_html``) go with it.

A file that cannot be read, LibreOffice's failure or its time limit is
reported as the job's failed result with a reason code (never retried). A result
the portal refuses to store (a 清稿 overtaken by a newer version, ``put_body``'s
refusal) is the job's "failed", with the portal's reason in the worker's log. An
unreachable portal raises ``TransientError`` for the durable task to retry,
and the last attempt reports why it gave up. A job the portal no longer waits
for stops (``StaleJob``).
"""

import contextlib
import json
import logging
import os
import tempfile

from collective.gongwen.conversion import tools
from collective.gongwen.jobs.client import AlreadyDone
from collective.gongwen.jobs.client import JobClient
from collective.gongwen.jobs.client import StaleJob
from collective.gongwen.jobs.client import TransientError
from collective.gongwen.wordbody import office
from collective.gongwen.wordbody.compare import compare as compare_documents
from collective.gongwen.wordbody.compare import render_rows
from collective.gongwen.wordbody.docx import WordFileError
from collective.gongwen.wordbody.docx import read_document
from collective.gongwen.wordbody.official import official_body_html

logger = logging.getLogger("collective.gongwen.wordbody")

CLAIM_VIEW = "gongwen-wordbody-claim"
SOURCE_VIEW = "gongwen-wordbody-source"
RESULT_VIEW = "gongwen-wordbody-result"
# The tracked changes an analysis sends (the portal keeps as many: content.body.MAX_CHANGES).
MAX_CHANGES = 500
DOCX = ".docx"


class JobFailed(Exception):
    """The job cannot make its result: ``code`` (a reason of ``jobs.JOB_REASONS`` or
    ``reasons.REASONS``) and its ``mapping``."""

    def __init__(self, code, mapping=None):
        super().__init__(code, mapping or {})
        self.code = code
        self.mapping = mapping or {}


def analysis_of(document):
    """The analysis of a read ``WordDocument`` as ``content.body.set_analysis`` keeps it."""
    return {
        "state": "done",
        "revisions": len(document.changes),
        "comments": len(document.comments),
        "changes": [
            {key: str(change.get(key) or "") for key in ("author", "date", "kind", "text")}
            for change in document.changes[:MAX_CHANGES]
        ],
        "accepted_sha256": document.accepted_sha256(),
        "reason": "",
    }


def extension_of(filename):
    """The lower-case extension of ``filename`` (".docx" when it has none)."""
    return os.path.splitext(filename or "")[1].lower() or DOCX


def as_docx(path, filename, workdir, timeout):
    """The bytes of the file at ``path`` (named ``filename``) as a .docx."""
    extension = extension_of(filename)
    if extension != DOCX:
        path = office.to_docx(path, workdir, timeout, extension)
    with open(path, "rb") as source:
        return source.read()


def read(data):
    """``read_document(data)``; a file it cannot read fails the job with its reason."""
    try:
        return read_document(data)
    except WordFileError as error:
        raise JobFailed(error.code, error.mapping) from None


class Job:
    """One claimed job: its client, key and the portal's answer to the claim."""

    def __init__(self, client, key, claim, workdir):
        self.client = client
        self.key = key
        self.claim = claim
        self.workdir = workdir
        self.timeout = office.office_timeout()

    @property
    def versions(self):
        """``[(version, filename)]`` the job works on, as the portal named them."""
        return [(entry["version"], entry["filename"]) for entry in self.claim["versions"]]

    def fetch(self, version, filename):
        """Download ``version`` into the job's folder; its path."""
        folder = tempfile.mkdtemp(prefix=f"v{int(version)}-", dir=self.workdir)
        path = os.path.join(folder, f"source{extension_of(filename)}")
        response = self.client.post(SOURCE_VIEW, data={"key": self.key, "version": str(version)},
                                    stream=True)  # fmt: skip
        with open(path, "wb") as out:
            for chunk in response.iter_content(1 << 20):
                out.write(chunk)
        return path

    def document(self, version, filename):
        """The version read as a ``WordDocument``."""
        path = self.fetch(version, filename)
        return read(as_docx(path, filename, os.path.dirname(path), self.timeout))

    def post(self, data, files=None):
        """Post the job's result; the portal's answer (``{"result", "reason"}``)."""
        response = self.client.post(RESULT_VIEW, data={"key": self.key, **data}, files=files)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        return answer if isinstance(answer, dict) else {"reason": response.text[:200]}

    def report_failed(self, code, mapping=None):
        self.post({"state": "failed", "reason": code, "mapping": json.dumps(mapping or {})})


def analyse(job):
    """Analyse the job's version."""
    ((version, filename),) = job.versions
    analysis = analysis_of(job.document(version, filename))
    return job.post({"state": "done", "analysis": json.dumps(analysis, ensure_ascii=False)})


def compared_html(old, new):
    """The rows of two read versions side by side, as safe HTML (what the page shows)."""
    return render_rows(compare_documents(old, new))


def compare(job):
    """Compare the job's two versions; post the rows as HTML."""
    (old, old_name), (new, new_name) = job.versions
    html = compared_html(job.document(old, old_name), job.document(new, new_name))
    return job.post({"state": "done"}, files={"html": ("compare.html", html.encode("utf-8"))})


def cleaned(path, filename, workdir, timeout):
    """清稿 of the file at ``path`` (named ``filename``): ``(clean .docx bytes, its
    WordDocument)``; fails the job when the file cannot be read or is not clean after."""
    data = as_docx(path, filename, workdir, timeout)
    read(data)  # what LibreOffice gets is a Word file read safely (sizes, entities, macros)
    source = os.path.join(tempfile.mkdtemp(prefix="clean-in-", dir=workdir), "source.docx")
    with open(source, "wb") as out:
        out.write(data)
    target = os.path.join(tempfile.mkdtemp(prefix="clean-", dir=workdir), "clean.docx")
    office.clean_docx(source, target, timeout)
    with open(target, "rb") as result:
        data = result.read()
    document = read(data)
    if document.changes or document.comments:
        raise JobFailed(
            "not_clean", {"revisions": len(document.changes), "comments": len(document.comments)}
        )
    return data, document


def clean(job):
    """清稿 the job's version: the clean .docx, its analysis and its 套红 HTML."""
    ((version, filename),) = job.versions
    path = job.fetch(version, filename)
    data, document = cleaned(path, filename, os.path.dirname(path), job.timeout)
    analysis = analysis_of(document)
    html = official_body_html(document)
    return job.post(
        {"state": "done", "version": str(version),
         "analysis": json.dumps(analysis, ensure_ascii=False)},
        files={
            "docx": ("clean.docx", data, "application/octet-stream"),
            "html": ("official.html", html.encode("utf-8"), "text/html"),
        },
    )  # fmt: skip


WORK = {"analyse": analyse, "compare": compare, "clean": clean}


def filed(payload, answer):
    """What the portal did with a result it was sent: "done" when it stored it; else
    "failed", with the portal's reason in the worker's log."""
    if answer.get("result") == "done":
        return "done"
    logger.warning(
        "word body job %s: %s: the portal did not store the result (%s): %s",
        payload["job_id"],
        payload["key"],
        answer.get("result") or "no answer",
        answer.get("reason") or "",
    )
    return "failed"


def run_job(payload, last_attempt=False, client=None):
    """Do the job ``payload`` (uid, job_id, key, site_url); "done", "failed" or "stale"."""
    client = client or JobClient.for_payload(payload)
    key = payload["key"]
    job = None
    try:
        claim = client.post(CLAIM_VIEW, data={"key": key}).json()
        with tempfile.TemporaryDirectory(prefix="gongwen-wordbody-") as workdir:
            job = Job(client, key, claim, workdir)
            try:
                return filed(payload, WORK[claim["task"]](job))
            except JobFailed as error:
                job.report_failed(error.code, error.mapping)
            except tools.ToolsTimedOut as error:
                job.report_failed("timeout", {"seconds": error.args[0]})
            except tools.ToolsFailed as error:
                job.report_failed("tool_failed", {"detail": str(error.args[0])[:300]})
            except (StaleJob, AlreadyDone, TransientError):
                raise
            except Exception as error:  # noqa: BLE001 - a file no reader foresaw: a result too
                # Never "分析中…" for ever: the page shows why, and the log has the rest.
                logger.exception("word body job %s: %s failed", payload["job_id"], key)
                job.report_failed("unreadable", {"detail": type(error).__name__})
            return "failed"
    except (StaleJob, AlreadyDone) as error:
        logger.info("word body job %s dropped: %r", payload["job_id"], error)
        return "stale"
    except TransientError as error:
        if last_attempt:
            with contextlib.suppress(TransientError, StaleJob, AlreadyDone):
                Job(client, key, {}, None).report_failed(
                    "retries_exhausted", {"detail": str(error)[:200]}
                )
        raise
