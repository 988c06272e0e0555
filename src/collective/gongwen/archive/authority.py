"""Who may archive what, and when (R-R1), in plain Python (no Zope; only the message factory).

``archive_refusal`` is the one answer to "may this document be archived now, by this
person?": ``filing.archive_document`` asks it before it takes a 件号 (single, batch, demo
and tests alike), the 归档 form asks it to show or refuse itself. The Zope side
(``filing.may_archive``) feeds it plain values: the document's type and workflow state,
whether it is archived already, whether the person is an archivist (档案员) of the
document's own unit, and the background work still under way on it.

* 发文 are archived once sent (``sent``), 收文 once done (``done``): finished documents only.
* Only the archivists of the document's unit archive it — not a Manager, not the archivists
  of another unit (三员分立: administrators do not do the archivist's work).
* Not while its 正式文件 or 处理单 is still being made: what is archived is what the
  checks saw, and nothing is written into an archived document afterwards.
"""

from collective.gongwen import _
from collective.gongwen.archive.rules import ArchiveError

OUTGOING_TYPE = "gongwen_outgoing"
INCOMING_TYPE = "gongwen_incoming"

# The workflow state in which each type is finished and may be archived.
FINISHED_STATES = {OUTGOING_TYPE: "sent", INCOMING_TYPE: "done"}
ARCHIVED_STATE = "archived"


def finished_state(portal_type):
    """The state in which a document of ``portal_type`` may be archived; None if never."""
    return FINISHED_STATES.get(portal_type)


def archive_refusal(portal_type, state, archived, is_archivist, pending=(), state_title=""):
    """The ``ArchiveError`` refusing to archive a document now; None if it may be archived.

    ``state`` is its workflow state (``state_title`` its Chinese name, for the message),
    ``archived`` whether it carries 归档章 data already, ``is_archivist`` whether the person
    is an archivist of the document's unit, ``pending`` the keys of background work under
    way on it (``content.progress.pending_work``).
    """
    wanted = finished_state(portal_type)
    if wanted is None:
        return ArchiveError(_("archive_refused_type", default="只有发文和收文可以归档。"))
    if archived or state == ARCHIVED_STATE:
        return ArchiveError(_("archive_refused_archived", default="本件已归档，不能再次归档。"))
    if not is_archivist:
        return ArchiveError(
            _("archive_refused_not_archivist", default="只有本单位的档案员可以归档本件。")
        )
    if state != wanted:
        if portal_type == OUTGOING_TYPE:
            message = _(
                "archive_refused_outgoing_state",
                default="发文须在「已发送」后归档（现为「${state}」）。",
                mapping={"state": state_title or state},
            )
        else:
            message = _(
                "archive_refused_incoming_state",
                default="收文须在办结（「结束」）后归档（现为「${state}」）。",
                mapping={"state": state_title or state},
            )
        return ArchiveError(message)
    if pending:
        return ArchiveError(
            _(
                "archive_refused_pending",
                default="正式文件或处理单仍在生成，请稍候片刻再归档。",
            )
        )
    return None
