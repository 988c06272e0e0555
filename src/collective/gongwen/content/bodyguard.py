"""R-D6: the Word 正文's file changes only through its own actions, whatever the path.

The 正文 item (id ``body.BODY_ID``, role ``files.BODY``) is written by ``body.put_body``
alone — the one store behind ``wordbody.actions`` (上传, 签入) and the 清稿 worker's result
endpoint — and ``put_body`` writes inside ``writing(document)``. Outside it, the
subscribers here refuse, as R-D3's ``classified.py`` and R-R1's ``archive/readonly.py``
do, whatever the path (the generic add and edit forms, REST POST/PATCH/DELETE,
``@@fileUpload``, folder_contents rename/delete, cut/copy and paste, code):

- adding a file of role 正文, or any file under the id ``zhengwen``;
- changing the 正文 item, or turning another file into one (role 正文);
- removing, moving or renaming the 正文 item itself, or renaming a file to ``zhengwen``;
- reverting it to an older version (no event is sent for that: ``seal`` takes the
  permission from everyone on the item).

The document moved, copied or removed as a whole takes its 正文 with it: allowed. A
refusal raises ``BadRequest`` with the Chinese reason (a 400 on REST and in the panels,
and the transaction is aborted).
"""

from AccessControl.Permission import Permission
from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from zExceptions import BadRequest
from zope.globalrequest import getRequest
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content import body  # body.py imports this module: read at call time
from collective.gongwen.content import files
from collective.gongwen.content.permits import PathPermit

REFUSED = _(
    "error_body_item_guarded",
    default="Word 正文只能在处理笺的「正文」处上传、签出编辑、签入或清稿，"
    "不能直接添加、修改、替换、改名、移动或删除，已拒绝。",
)

_writing = PathPermit()


def writing(document):
    """Inside the block the Word 正文 of ``document`` may be added or changed.

    For ``body.put_body`` only (its callers checked who may). This thread only, this
    document only; blocks nest.
    """
    return _writing.granted(document)


# CMFEditions' revert (classic ``@@revertversion``, REST ``@history`` PATCH) swaps the file
# without any event: nobody is given it on the 正文 item (its versions are kept, R-A2).
REVERT_PERMISSION = "CMFEditions: Revert to previous versions"


def seal(item):
    """Take CMFEditions' revert from everyone on the 正文 ``item`` (``put_body`` adds it so)."""
    # (``manage_permission`` knows only the permissions of the item's class: set it as
    # DCWorkflow does, a tuple meaning "not acquired")
    Permission(REVERT_PERMISSION, (), item).setRoles(())


def is_writing(document):
    """True inside ``writing(document)`` (this thread only)."""
    return _writing.permits(document)


def is_body_like(item, name=None):
    """True for a file that is (or claims to be) a Word 正文: role 正文 or id ``zhengwen``."""
    name = name if name is not None else getattr(aq_base(item), "id", None)
    return files.role_of(item) == files.BODY or name == body.BODY_ID


def refusal_text():
    """The Chinese reason, translated for the current request."""
    return translate(REFUSED, context=getRequest())


def refuse():
    """Abort with the Chinese reason: a plain ``BadRequest`` (a 400 on every path)."""
    raise BadRequest(refusal_text())


def _document_of(item):
    return aq_parent(aq_inner(item))


def refuse_moved(item, event):
    """Subscriber (``IObjectWillBeMovedEvent``, additions included): before a 正文-like file
    is added, or the 正文 removed, moved or renamed by itself, or another file renamed (or
    moved) to ``zhengwen`` — outside ``put_body``. Refused before anything is stored.

    ``event.object`` is what is added or moved: a document (or a folder above) added,
    pasted, removed or moved as a whole takes its 正文 along — allowed.
    """
    if event.object is not item:
        return
    if event.oldParent is None:  # being added: by put_body only
        if is_body_like(item, event.newName) and not is_writing(event.newParent):
            refuse()
        return
    if is_writing(event.oldParent):
        return
    if files.role_of(item) == files.BODY or event.newName == body.BODY_ID:
        refuse()


def refuse_modified(item, event):
    """Subscriber (``IObjectModifiedEvent``): the 正文 (or a file turned into one) changed."""
    if is_body_like(item) and not is_writing(_document_of(item)):
        refuse()
