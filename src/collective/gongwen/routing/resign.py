"""R-O6: a substantive change after 签发 goes back to the signer before numbering.

签发 approves a text. If the body, the 附件说明 or the attachments change
while the document waits at the print room, the signature no longer covers
what would be numbered and sent: the document returns to the signer's step,
assigned to the signer alone, and the change is recorded among the opinions.
Other edits (a typo in 附注, the file roles) do not count.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from zope.globalrequest import getRequest
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content.files import ATTACHMENT
from collective.gongwen.content.files import role_of
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.routing import rules
from collective.gongwen.routing.opinions import last_signature
from collective.gongwen.routing.roles import ASSIGNEE_ROLE
from collective.gongwen.routing.roles import OUTGOING_WORKFLOW

# What a 签发 approves: the body and the 附件说明 (the attachments themselves below).
SUBSTANTIVE_FIELDS = frozenset({"text", "attachment_note"})
RESIGN_NOTE = _(
    "opinion_resign_required",
    default="签发后正文或附件有实质修改，退回签发人重新签发（R-O6）。",
)


def changed_fields(event):
    """Names of the fields an ``IObjectModifiedEvent`` says changed (empty if it does not say)."""
    names = set()
    for description in getattr(event, "descriptions", ()) or ():
        names.update(getattr(description, "attributes", ()) or ())
    return {name.split(".")[-1] for name in names}


def send_back_to_signer(document):
    """Return ``document`` from ``numbering`` to its signer's step; True if it did."""
    if api.content.get_state(obj=document, default=None) != rules.NUMBERING:
        return False
    signature = last_signature(document)
    if signature is None:
        return False
    upward = rules.is_upward(getattr(aq_base(document), "direction", None))
    transition = "resign_director" if upward else "resign_leader"
    note = translate(RESIGN_NOTE, context=getRequest())
    workflow = api.portal.get_tool("portal_workflow")
    # A consequence of the edit, not an action of the editor: the system takes it.
    with api.env.adopt_roles([ASSIGNEE_ROLE]):
        workflow.doActionFor(document, transition, comment=note, assignees=(signature.signer_id,))
    return True


def body_changed(document, event):
    """Subscriber: an edit of the body or 附件说明 of a signed 发文."""
    if changed_fields(event) & SUBSTANTIVE_FIELDS:
        send_back_to_signer(document)


def attachment_changed(attachment, event):
    """Subscriber: an attachment of a signed 发文 added, removed or replaced."""
    if role_of(attachment) != ATTACHMENT:
        return
    fields = changed_fields(event)
    if fields and "file" not in fields:
        return  # its title or role only
    parents = {getattr(event, "oldParent", None), getattr(event, "newParent", None)}
    parents.discard(None)
    if not parents:
        parents = {aq_parent(aq_inner(attachment))}
    for parent in parents:
        if IGongwenOutgoing.providedBy(parent) and OUTGOING_WORKFLOW in api.portal.get_tool(
            "portal_workflow"
        ).getChainFor(parent):
            send_back_to_signer(parent)
