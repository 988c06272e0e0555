"""The 清稿 under way on the document page (R-D6, R-RUN1): 「正文清稿中…」.

``CleanProgress`` is the 清稿's ``content.progress.IDocumentProgress``: pending while the
worker is to 清稿 the Word 正文 (``wordbody.jobs.clean_pending``). The 办理 panel's 清稿
note (``browser/clean_button.pt``) asks ``@@gongwen-progress`` for it and reloads the page
once it is done.
"""

from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.content.progress import PENDING
from collective.gongwen.content.progress import IDocumentProgress
from collective.gongwen.content.progress import Note
from collective.gongwen.wordbody import jobs

# The key of the 清稿 among a document's pending work (``browser/static/clean-wait.js``).
CLEAN_WORK = "body_clean"
CLEAN_PROGRESS = _("body_clean_progress", default="正文清稿中…")


@implementer(IDocumentProgress)
class CleanProgress:
    """The 清稿 job of a 发文's Word 正文."""

    def __init__(self, document):
        self.document = document

    def notes(self):
        if jobs.clean_pending(self.document):
            return [Note(CLEAN_WORK, CLEAN_PROGRESS, PENDING)]
        return []
