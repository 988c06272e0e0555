"""R-O13: a 发文 or 收文 on record and its opinions are kept — never deleted, by anyone;
voided (作废) instead. One guard for both document types.

On record: a 发文 once submitted (``rules.was_submitted``); a 收文 once
registered with its 收文编号 (``incoming.rules.is_kept``). Their files (正文,
附件, 来文原件, 处理单, …) are kept from a 发文's submission and from a 收文's
first opinion record (送拟办) on: replaced as new versions, never removed.

The workflows grant "Delete objects" only where something may still go — the
drafter of a never-submitted 发文 (``GongwenDraftOwner``), the secretaries at
a 收文's 登记 (for a file uploaded by mistake). The subscribers here refuse,
whatever the path (REST ``DELETE``, folder_contents, ``@@delete_confirmation``,
``manage_delObjects`` on the folder or on any container above, cut and paste
elsewhere, code with Manager's rights), the removal of a kept document or file
or its move out of its folder. A rename in place, and the removal of the whole
site, are let through.

A document abandoned is voided: a 发文 returned after review by its drafter
or an office head (``routing.actions.act``), a 收文 registered by mistake by
its unit's secretaries (``incoming.plan``). ``void_refused`` says who may and
when, for both: the 办理 panels, the workflow guards, the plans and REST ask it.
"""

from Acquisition import aq_base
from plone import api
from plone.base.interfaces import IPloneSiteRoot
from zExceptions import Forbidden
from zope.globalrequest import getRequest
from zope.i18n import translate

from collective.gongwen.incoming import rules as incoming_rules
from collective.gongwen.incoming.registration import signed_for
from collective.gongwen.interfaces import IGongwenIncoming
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.routing import rules
from collective.gongwen.routing.opinions import opinions
from collective.gongwen.routing.people import principals_of
from collective.gongwen.routing.roles import current_assignees


def _step(document):
    return api.content.get_state(obj=document, default=None)


def _numbered(document):
    return bool(getattr(aq_base(document), "receipt_number", None))


def is_kept(document):
    """True once ``document`` is on record: from then on it is never deleted (R-O13)."""
    step, count = _step(document), len(opinions(document))
    if IGongwenIncoming.providedBy(document):
        return incoming_rules.is_kept(step, count, _numbered(document))
    return rules.was_submitted(step, count)


def files_kept(document):
    """True once nobody may remove a file of ``document`` any more (R-O13)."""
    step, count = _step(document), len(opinions(document))
    if IGongwenIncoming.providedBy(document):
        return incoming_rules.files_kept(step, count)
    return rules.was_submitted(step, count)


def deletion_refused(document):
    """The error refusing to delete ``document``; None while it is not on record."""
    if not is_kept(document):
        return None
    if IGongwenIncoming.providedBy(document):
        return incoming_rules.DeletionRefusedError()
    return rules.DeletionRefusedError()


def file_removal_refused(document):
    """The error refusing to remove a file of ``document``; None while files may go."""
    if not files_kept(document):
        return None
    return rules.FileRemovalRefusedError()


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
    if _leaves_its_folder(event):
        _refuse(deletion_refused(document))


def refuse_file_removal(item, event):
    """Refuse removing a kept file from its 发文 or 收文, or moving it out (R-O13).

    Only the file's own removal is judged here: when the document (or a
    folder above it) goes, ``refuse_removal`` on the document decides.
    """
    if aq_base(event.object) is not aq_base(item) or not _leaves_its_folder(event):
        return
    document = event.oldParent
    if IGongwenOutgoing.providedBy(document) or IGongwenIncoming.providedBy(document):
        _refuse(file_removal_refused(document))


def void_refused(document, user_id):
    """R-O13: the ``RoutingError`` refusing ``user_id`` to void ``document``; None if allowed.

    A 发文: only a draft returned after review (a never-submitted one is
    deleted), by its holder (the drafter) or an office head of its unit. A
    收文: at 登记 or 送阅, before any leader has read it, by one of its unit's
    secretaries; never one made by 签收 (``incoming.rules.void_refusal``).
    """
    unit = find_unit(document)
    if IGongwenIncoming.providedBy(document):
        refused = incoming_rules.void_refusal(_step(document), signed_for(document))
        if refused is not None:
            return refused
        secretaries = function_holders(unit, "secretaries") if unit is not None else ()
        if not incoming_rules.may_void_as(principals_of(user_id), secretaries):
            return rules.NotAssigneeError()
        return None
    if not rules.may_void(_step(document), len(opinions(document))):
        return rules.VoidNotAllowedError()
    office_heads = function_holders(unit, "office_heads") if unit is not None else ()
    if not rules.may_void_as(principals_of(user_id), current_assignees(document), office_heads):
        return rules.NotAssigneeError()
    return None
