"""R-R1: an archived document and its files are read-only for everyone, Manager and Zope's
own administrator included, whatever the path.

Two layers. The workflows' ``archived`` state gives nobody — not even Manager — the
permissions to modify, add, delete, version, share or re-permission the document; its files
acquire them (``profiles/default/workflows/*/definition.xml``). The subscribers here refuse
what permissions do not cover (code with Manager's rights, ZMI methods that check other
permissions, a removal made from a folder above): any modification, addition, removal,
move, rename, sharing change or workflow transition of an archived document or of a file
in it raises ``Forbidden`` with a Chinese message, so the transaction is aborted (4xx on
REST).

Two ways through, both for code of this package only:

* ``filing`` writes the 归档章 and makes the ``archive`` transition inside ``lifted``;
* the disposal of an item after an approved 销毁申请 (R-R2) removes it inside
  ``lifted(document)`` (and R-O13's ``steps.keeping`` exception).

A copy of an archived document is an ordinary document: it loses the 归档章 data.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from plone.base.interfaces import IPloneSiteRoot
from zExceptions import Forbidden
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.archive.record import ANNOTATION_KEY
from collective.gongwen.archive.record import is_archived
from collective.gongwen.content.permits import PathPermit
from collective.gongwen.interfaces import IGongwenDocument

REFUSED = _(
    "archive_readonly_refused",
    default="已归档的公文及其文件只读，任何人（包括管理员）都不能修改、添加、删除、移动、"
    "改名或调整共享。",
)

_lifted = PathPermit()


def is_lifted(document):
    """True inside ``lifted(document)`` (this thread only)."""
    return _lifted.permits(document)


def lifted(document):
    """Inside the block ``document`` and its files may be changed or removed.

    For ``filing`` (archiving it) and the disposal of an approved 销毁申请 only: the caller
    has checked its authority. This thread only, this document only; blocks nest.
    """
    return _lifted.granted(document)


def document_of(obj):
    """The 发文 or 收文 ``obj`` is, or is a file of; None for anything else."""
    if IGongwenDocument.providedBy(obj):
        return obj
    parent = aq_parent(aq_inner(obj))
    if parent is not None and IGongwenDocument.providedBy(parent):
        return parent
    return None


def is_read_only(obj):
    """True if ``obj`` is an archived document or a file of one, and not ``lifted``."""
    document = document_of(obj)
    return document is not None and is_archived(document) and not is_lifted(document)


def refuse():
    """Raise the Chinese ``Forbidden`` of R-R1."""
    raise Forbidden(translate(REFUSED, context=getRequest()))


def refuse_change(obj, event):
    """Subscriber: a modification of (or addition to) an archived document or its files."""
    if is_read_only(obj):
        refuse()


def refuse_move(obj, event):
    """Subscriber: removal, move or rename of an archived document or of a file in it, or
    an addition to an archived document.

    ``IObjectWillBeMovedEvent`` reaches the document and its files whatever is removed:
    the document itself, a file of it or a folder above it.
    """
    if IPloneSiteRoot.providedBy(event.object):
        return  # the site removed
    if event.oldParent is None:
        # being added: into an archived document, refused here as well as by the document's
        # modification, which a file the system adds does not send (``content.files.add_file``)
        if event.newParent is not None and is_read_only(event.newParent):
            refuse()
        return
    if is_read_only(obj):
        refuse()


def refuse_transition(obj, event):
    """Subscriber: no workflow transition of an archived document, except by ``lifted`` code."""
    if event.transition is not None and is_read_only(obj):
        refuse()


def forget_archive_on_copy(obj, event):
    """Subscriber: a copy of an archived document carries no 归档章 data (it is not archived)."""
    annotations = IAnnotations(obj, None)
    if annotations is not None and ANNOTATION_KEY in annotations:
        del annotations[ANNOTATION_KEY]
