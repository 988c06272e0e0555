"""R-O13: a 发文 or 收文 on record and its opinions are kept — never deleted, by anyone;
voided (作废) instead. One guard for both document types.

Each type says when it is on record, when its files are kept and who may void
it, through its ``IDocumentKeeping`` adapter (``routing.keeping`` for 发文,
``incoming.keeping`` for 收文). The workflows grant "Delete objects" only where
something may still go. The subscribers here refuse, whatever the path (REST
``DELETE``, folder_contents, ``@@delete_confirmation``, ``manage_delObjects``
on the folder or on any container above, cut and paste elsewhere, code with
Manager's rights), the removal of a kept document or file or its move out of
its folder. A rename in place, and the removal of the whole site, are let
through. ``void_refused`` says who may void a document and when: the 办理
panels, the workflow guards, the plans and REST ask it. The one removal let through is
the 销毁 of an archived document under an approved request (R-R2): ``archive.purge``
removes it inside ``sanctioned_removal``.
"""

from Acquisition import aq_base
from plone.base.interfaces import IPloneSiteRoot
from zExceptions import Forbidden
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import Interface

from collective.gongwen.content.permits import PathPermit
from collective.gongwen.interfaces import IGongwenDocument
from collective.gongwen.steps.rules import FileRemovalRefusedError


class IDocumentKeeping(Interface):
    """What R-O13 keeps of one document type (an adapter of the document)."""

    def deletion_refused():
        """The ``StepError`` refusing to delete the document; None while it may go."""

    def files_kept():
        """True once nobody may remove a file of the document any more."""

    def void_refused(user_id):
        """The ``StepError`` refusing ``user_id`` to void the document; None if allowed."""


def deletion_refused(document):
    """The error refusing to delete ``document``; None while it is not on record."""
    return IDocumentKeeping(document).deletion_refused()


def files_kept(document):
    """True once nobody may remove a file of ``document`` any more (R-O13)."""
    return IDocumentKeeping(document).files_kept()


def file_removal_refused(document):
    """The error refusing to remove a file of ``document``; None while files may go."""
    return FileRemovalRefusedError() if files_kept(document) else None


def void_refused(document, user_id):
    """R-O13: the ``StepError`` refusing ``user_id`` to void ``document``; None if allowed."""
    return IDocumentKeeping(document).void_refused(user_id)


_sanctioned = PathPermit()


def sanctioned_removal(document):
    """Within this block ``document`` and its files may be removed (销毁, R-R2): the caller
    (``archive.purge``) has checked the approved request."""
    return _sanctioned.granted(document)


def _is_sanctioned(document):
    return _sanctioned.permits(document)


def _leaves_its_folder(event):
    """True when ``event`` takes its object out of its folder (removal or move elsewhere)."""
    if event.oldParent is None:
        return False  # being added
    if event.newParent is not None and aq_base(event.newParent) is aq_base(event.oldParent):
        return False  # renamed in its folder
    return not IPloneSiteRoot.providedBy(event.object)


def _refuse(refused):
    if refused is not None:
        raise Forbidden(translate(refused.message, context=getRequest()))


def refuse_removal(document, event):
    """Refuse removing a 发文 or 收文 on record, or moving it to another folder (R-O13).

    ``IObjectWillBeMovedEvent`` (removals included) reaches the document
    whatever is removed: the document itself or a folder above it.
    """
    if _leaves_its_folder(event) and not _is_sanctioned(document):
        _refuse(deletion_refused(document))


def refuse_file_removal(item, event):
    """Refuse removing a kept file from its 发文 or 收文, or moving it out (R-O13).

    Only the file's own removal is judged here: when the document (or a
    folder above it) goes, ``refuse_removal`` on the document decides.
    """
    if aq_base(event.object) is not aq_base(item) or not _leaves_its_folder(event):
        return
    document = event.oldParent
    if IGongwenDocument.providedBy(document) and not _is_sanctioned(document):
        _refuse(file_removal_refused(document))
