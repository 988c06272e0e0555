"""``@@gongwen-body-compare?a=&b=``: two versions of a 发文's Word 正文 side by side (R-D6).

``a`` and ``b`` are CMFEditions version ids of the 正文 (``content.body`` records'
``version``, as the 版本记录 page sends them); the older one is shown on the left. The
comparison is made by a worker from the files' text and structure (``wordbody.jobs``:
``queue_compare``, ``compare_result``): until it is there the page says 「正在比较…」 and
reloads itself; then the rows with the insertions and deletions marked, under both
versions' headers (who saved them, at which step, when). A parameter that is not a
version of this 正文 is answered 400 with a Chinese message. Whoever may see the document
may compare its versions (R-A2).
"""

from Acquisition import aq_inner
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.interface import alsoProvides

from collective.gongwen import _
from collective.gongwen.content import body
from collective.gongwen.content import times
from collective.gongwen.wordbody.browser.panel import analysis_text
from collective.gongwen.wordbody.browser.panel import kind_title
from collective.gongwen.wordbody.jobs import compare_result
from collective.gongwen.wordbody.jobs import queue_compare

# Seconds between the reloads of a page waiting for the worker.
REFRESH_SECONDS = 3
# A version id is a small non-negative integer; longer text is not one.
MAX_PARAMETER = 9


class VersionParameterError(ValueError):
    """A version parameter that names no version of the 正文; ``message`` is Chinese."""

    def __init__(self, name):
        self.message = _(
            "error_body_version_parameter",
            default="参数 ${name} 应为本文 Word 正文的一个版本。",
            mapping={"name": name},
        )
        super().__init__(name)


def version_record(document, form, name):
    """The record of the 正文 version the form's parameter ``name`` names.

    Raises ``VersionParameterError`` for anything else: missing, repeated, not digits,
    too long, or not a version of this document's 正文.
    """
    value = form.get(name)
    if not isinstance(value, str):
        raise VersionParameterError(name)
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > MAX_PARAMETER:
        raise VersionParameterError(name)
    record = body.record_of(document, int(value))
    if record is None:
        raise VersionParameterError(name)
    return record


def version_heading(record, request):
    """A version's header: 第N版, 上传/签入/清稿, who, at which step, when, its file."""
    return {
        "number": record["number"],
        "version": record["version"],
        "kind": kind_title(record, request),
        "actor": record.get("actor_name") or record.get("actor") or "",
        "step": record.get("step_title") or "",
        "time": times.minute_text(record.get("time")),
        "filename": record.get("filename") or "",
        "analysis": analysis_text(record, request),
    }


class BodyPage(BrowserView):
    """A page about versions of the Word 正文: a bad parameter is a 400 with its message."""

    error = None
    pending = False

    def __call__(self):
        try:
            self.update()
        except VersionParameterError as error:
            self.error = translate(error.message, context=self.request)
            self.request.response.setStatus(400)
        return self.index()

    def update(self):
        raise NotImplementedError

    def wait(self):
        """The worker's result is not there yet: say so, and reload the page shortly."""
        self.pending = True
        self.request.response.setHeader("Refresh", str(REFRESH_SECONDS))
        self.request.response.setHeader("Cache-Control", "no-store")

    def document_url(self):
        return aq_inner(self.context).absolute_url()

    def versions_url(self):
        return f"{self.document_url()}/@@gongwen-body-versions"


class BodyCompare(BodyPage):
    """Two versions side by side, insertions and deletions marked."""

    old = new = None
    html = None
    reason = None

    def update(self):
        document = aq_inner(self.context)
        old = version_record(document, self.request.form, "a")
        new = version_record(document, self.request.form, "b")
        if old["number"] > new["number"]:
            old, new = new, old
        self.old = version_heading(old, self.request)
        self.new = version_heading(new, self.request)
        if old["version"] == new["version"]:
            self.error = translate(
                _("error_body_compare_same", default="请选择两个不同的版本进行比较。"),
                context=self.request,
            )
            self.request.response.setStatus(400)
            return
        result = compare_result(document, old["version"], new["version"])
        if result is None:
            # A GET that asks a worker for the comparison: harmless, once per pair.
            alsoProvides(self.request, IDisableCSRFProtection)
            queue_compare(document, old["version"], new["version"])
            return self.wait()
        state = result.get("state")
        if state == "done":
            self.html = result.get("html") or ""
        elif state == "failed":
            self.reason = result.get("reason") or ""
        else:
            self.wait()
