"""The render jobs on the document page (R-RUN1): 「正式文件正在排版…」, 「处理单正在生成…」.

``RenderProgress`` is the typesetting's ``content.progress.IDocumentProgress``:
pending while a render of the 正式文件 or of the kept slip is queued or
running (``render_jobs.is_rendering``); once the 正式文件's typesetting has
finished, whoever may typeset it again is warned of what it lacks — the
render's refusal (R-SEC5) or the 附件 with their title page only.
"""

from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.content.progress import PENDING
from collective.gongwen.content.progress import WARNING
from collective.gongwen.content.progress import IDocumentProgress
from collective.gongwen.content.progress import Note
from collective.gongwen.typeset.child import OFFICIAL
from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.render_jobs import is_rendering
from collective.gongwen.typeset.rendered import missing_attachments_message
from collective.gongwen.typeset.views import may_retypeset

OFFICIAL_PROGRESS = _("render_progress_official", default="正式文件正在排版…")
SLIP_PROGRESS = _("render_progress_slip", default="处理单正在生成…")


@implementer(IDocumentProgress)
class RenderProgress:
    """The 正式文件's and the kept slip's render jobs of a document."""

    def __init__(self, document):
        self.document = document

    def notes(self):
        notes = []
        if is_rendering(self.document, OFFICIAL):
            notes.append(Note(OFFICIAL, OFFICIAL_PROGRESS, PENDING))
        elif may_retypeset(self.document):
            warning = missing_attachments_message(self.document)
            if warning is not None:
                notes.append(Note(OFFICIAL, warning, WARNING))
        if is_rendering(self.document, SLIP):
            notes.append(Note(SLIP, SLIP_PROGRESS, PENDING))
        return notes
