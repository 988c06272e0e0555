"""R-O13: a submitted 发文 and its opinions are kept — never deleted, by anyone; voided instead.

The workflow grants "Delete objects" to the drafter of a never-submitted
draft only (``GongwenDraftOwner``, ``subscribers.follow_transition``); the
subscriber here refuses, whatever the path (REST ``DELETE``, folder_contents,
``@@delete_confirmation``, ``manage_delObjects`` on the folder or on any
container above, cut and paste elsewhere, code with Manager's rights), the
removal of a submitted document or its move out of its folder. Only the
removal of the whole site is let through. A draft returned after review is
abandoned with ``rules.VOID`` (作废, ``actions.act``), whose checks are
``void_refused`` here: the panel, the workflow guard and ``act`` ask it.
"""

from Acquisition import aq_base
from plone import api
from plone.base.interfaces import IPloneSiteRoot
from zExceptions import Forbidden
from zope.globalrequest import getRequest
from zope.i18n import translate

from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.routing import rules
from collective.gongwen.routing.opinions import opinions
from collective.gongwen.routing.people import principals_of
from collective.gongwen.routing.roles import current_assignees


def _step(document):
    return api.content.get_state(obj=document, default=None)


def is_kept(document):
    """True once ``document`` has been submitted: from then on it is never deleted (R-O13)."""
    return rules.was_submitted(_step(document), len(opinions(document)))


def deletion_refused(document):
    """The ``DeletionRefusedError`` for deleting ``document``; None for a never-submitted draft."""
    if rules.may_delete(_step(document), len(opinions(document))):
        return None
    return rules.DeletionRefusedError()


def refuse_removal(document, event):
    """Refuse removing a submitted 发文, or moving it to another folder (R-O13).

    ``IObjectWillBeMovedEvent`` (removals included) reaches the document
    whatever is removed: the document itself or a folder above it. A rename
    in place is a move within the same folder and is let through; so is the
    removal of the whole site (``event.object`` is the site root).
    """
    if event.oldParent is None:
        return  # being added
    if event.newParent is not None and aq_base(event.newParent) is aq_base(event.oldParent):
        return  # renamed in its folder
    if IPloneSiteRoot.providedBy(event.object):
        return
    refused = deletion_refused(document)
    if refused is not None:
        raise Forbidden(translate(refused.message, context=getRequest()))


def void_refused(document, user_id):
    """R-O13: the ``RoutingError`` refusing ``user_id`` to void ``document``; None if allowed.

    Only a draft returned after review is voided (a never-submitted one is
    deleted), by its holder (the drafter) or an office head of its unit.
    """
    if not rules.may_void(_step(document), len(opinions(document))):
        return rules.VoidNotAllowedError()
    unit = find_unit(document)
    office_heads = function_holders(unit, "office_heads") if unit is not None else ()
    if not rules.may_void_as(principals_of(user_id), current_assignees(document), office_heads):
        return rules.NotAssigneeError()
    return None
