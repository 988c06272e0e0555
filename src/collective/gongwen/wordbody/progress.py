"""The Word 正文's work under way on the document page (R-D6, R-RUN1): 「正文分析中…」 and
「正文清稿中…」.

``BodyProgress`` is the Word 正文's ``content.progress.IDocumentProgress``: the analysis is
pending while a version's analysis has not been posted by the worker (``content.body``
``analysis_pending``), the 清稿 while a worker is to 清稿 it (``wordbody.jobs.clean_pending``).
One mechanism shows both: the 正文 panel, the 版本记录 page and the 办理 panel's 清稿 note
mark what they show as pending with ``data-progress-key`` (one of the keys here) and
``data-progress-url`` (``@@gongwen-progress``); ``browser/static/body-wait.js`` asks
``@@gongwen-progress`` and, once the key is no longer pending, reloads the marked region
(``data-refresh-url``) or the page.
"""

from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.content import body
from collective.gongwen.content.progress import PENDING
from collective.gongwen.content.progress import IDocumentProgress
from collective.gongwen.content.progress import Note
from collective.gongwen.wordbody import jobs

# The keys of the Word 正文's work among a document's pending work (``body-wait.js``).
ANALYSE_WORK = "body_analyse"
CLEAN_WORK = "body_clean"
ANALYSE_PROGRESS = _("body_analyse_progress", default="正文分析中…")
CLEAN_PROGRESS = _("body_clean_progress", default="正文清稿中…")


def analysing(document):
    """True while a version of the Word 正文 waits for the worker's analysis."""
    return any(body.analysis_pending(record) for record in body.body_records(document))


@implementer(IDocumentProgress)
class BodyProgress:
    """The analysis and 清稿 jobs of a 发文's Word 正文."""

    def __init__(self, document):
        self.document = document

    def notes(self):
        notes = []
        if analysing(self.document):
            notes.append(Note(ANALYSE_WORK, ANALYSE_PROGRESS, PENDING))
        if jobs.clean_pending(self.document):
            notes.append(Note(CLEAN_WORK, CLEAN_PROGRESS, PENDING))
        return notes
