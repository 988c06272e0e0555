"""R-O6: a substantive change after 签发 goes back to the signer before numbering.

签发 approves a text. If what it approved changes after it and before 发送
— at 文印室登记编号排版 or at 办公室秘书审核发送, whoever changes it, through
the edit form, REST, ``@@fileUpload``, the 添加附件/替换 forms or a new
version — the signature no longer covers what would be numbered and sent:
the document returns to the signing step, assigned to the signer alone, the
change is recorded among the opinions and the person who made it is told.
What counts as substantive is a plain rule (``rules.is_substantive_edit``,
``rules.is_substantive_file_change``): the 主体 of the 正式文件, its 文种
and 行文方向, and the 附件 files; not 附注, the 版记 or a file's title.

A Word 正文 (R-D6, ``content.body``) is remembered at 签发 (``mark_signed``); any
version stored after it is substantive (``rules.is_substantive_body_change``) unless it
is the print room's 清稿 of the signed text: the same text once every tracked change is
accepted (the analyses' ``accepted_sha256``). That is decided when the transaction
commits, once the 清稿's analysis is stored beside its version.

The hand-back runs once the change is complete, just before the
transaction commits — never inside it: an added file is only in place after
its add form's rename (plone.api, plone.restapi), which needs the rights
the hand-back takes away (the 500 CopyError the print room met at 排版).

A 文号 already issued (a change at 审核发送) stays with the document: it was
issued to it and is neither voided nor reissued; numbering again after the
new 签发 gives the same number back (``numbering.issue_number`` is
idempotent for its own document), the 正式文件 is typeset again, and no
number of the series is skipped or reused (R-O8).
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from zope.container.interfaces import IContainerModifiedEvent
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.lifecycleevent.interfaces import IObjectAddedEvent
from zope.lifecycleevent.interfaces import IObjectRemovedEvent

from collective.gongwen import _
from collective.gongwen.content import body
from collective.gongwen.content.commit import pending
from collective.gongwen.content.files import ATTACHMENT
from collective.gongwen.content.files import BODY
from collective.gongwen.content.files import role_of
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.routing import rules
from collective.gongwen.routing.plan import next_assignees
from collective.gongwen.routing.subscribers import full_name
from collective.gongwen.steps.opinions import last_signature
from collective.gongwen.steps.roles import ASSIGNEE_ROLE
from collective.gongwen.steps.roles import OUTGOING_WORKFLOW

RESIGN_NOTE = _(
    "opinion_resign_substantive_change",
    default="签发后正文或附件有实质修改，退回签发人重新签发。",
)
RESIGN_DONE = _(
    "message_resign_done",
    default="签发后正文或附件有实质修改，公文已退回${signer}重新签发，签发后再登记编号。",
)

# Key of a transaction's documents waiting to go back to their signer, in its data.
_PENDING = object()


def changed_fields(event):
    """Names of the fields an ``IObjectModifiedEvent`` says changed (empty if it does not say)."""
    names = set()
    for description in getattr(event, "descriptions", ()) or ():
        names.update(getattr(description, "attributes", ()) or ())
    return {name.split(".")[-1] for name in names}


def is_outgoing(document):
    """True for a 发文 routed by the 发文 workflow (not a classified one)."""
    if not IGongwenOutgoing.providedBy(document):
        return False
    return OUTGOING_WORKFLOW in api.portal.get_tool("portal_workflow").getChainFor(document)


def must_go_back(document):
    """R-O6: ``document`` is signed and not yet sent, so a substantive change goes back."""
    step = api.content.get_state(obj=document, default=None)
    return rules.must_go_back_to_signer(step, last_signature(document) is not None)


def body_changed(document, event):
    """Subscriber: an edit of a 发文 (its own fields; its files are ``attachment_changed``'s)."""
    if IContainerModifiedEvent.providedBy(event):
        return  # a file added or removed: told by the file's own event
    if rules.is_substantive_edit(changed_fields(event)):
        hand_back_when_done(document)


def attachment_changed(attachment, event):
    """Subscriber: a file of a 发文 added, removed, replaced or given another role."""
    old_parent = getattr(event, "oldParent", None)
    new_parent = getattr(event, "newParent", None)
    role = role_of(attachment)
    if role == BODY and word_body_stored(event):
        # R-D6: a new version of the Word 正文; whether it counts is known at commit
        document = aq_parent(aq_inner(attachment))
        if is_outgoing(document):
            hand_back_when_done(document, word_body_changed)
        return
    is_attachment = role == ATTACHMENT
    if IObjectAddedEvent.providedBy(event) or IObjectRemovedEvent.providedBy(event):
        substantive = rules.is_substantive_file_change(is_attachment)
        parents = (new_parent, old_parent)
    elif old_parent is not None or new_parent is not None:
        # moved: renamed in place changes nothing; out of one document into another, both
        if aq_base(old_parent) is aq_base(new_parent):
            return
        substantive = rules.is_substantive_file_change(is_attachment)
        parents = (old_parent, new_parent)
    else:
        substantive = rules.is_substantive_file_change(is_attachment, changed_fields(event))
        parents = (aq_parent(aq_inner(attachment)),)
    if not substantive:
        return
    for parent in parents:
        if parent is not None and is_outgoing(parent):
            hand_back_when_done(parent)


def word_body_stored(event):
    """True when ``event`` of the Word 正文's item stores a version: the item added, or its
    file replaced (not a rename, a removal or a title)."""
    if IObjectRemovedEvent.providedBy(event):
        return False
    if IObjectAddedEvent.providedBy(event):
        return True
    if getattr(event, "oldParent", None) is not None or getattr(event, "newParent", None):
        return False
    return "file" in changed_fields(event)


def word_body_changed(document):
    """R-O6: True when a Word 正文 version stored since 签发 changes what was signed."""
    records = body.body_records(document)
    signed = body.signed_record(document)
    versions = [record["version"] for record in records]
    if signed is not None and signed["version"] in versions:
        later = records[versions.index(signed["version"]) + 1 :]
    else:
        later = records  # no Word 正文 was signed: every version is new
    later = [(record["kind"] == body.KIND_CLEAN, accepted_digest(record)) for record in later]
    return rules.is_substantive_body_change(accepted_digest(signed), later)


def accepted_digest(record):
    """The SHA-256 of a 正文 version's text, every tracked change accepted; None when unknown."""
    analysis = (record or {}).get("analysis") or {}
    if analysis.get("state") != body.ANALYSIS_DONE:
        return None
    return analysis.get("accepted_sha256") or None


def remember_signed_body(document, event):
    """Subscriber: at 签发 the Word 正文's current version is the one signed (R-O6, 发文稿纸)."""
    if event.action == rules.SIGN:
        body.mark_signed(document)


def hand_back_when_done(document, substantive=None):
    """Send ``document`` back to its signer once the change is complete (before commit).

    ``substantive``: None when the change is substantive; else a predicate asked at
    commit, when the change is complete (the Word 正文's, ``word_body_changed``).
    Remembered with the user who made the change: the hand-back is theirs,
    whoever commits (a request, a worker, a script).
    """
    if not must_go_back(document):
        return
    waiting = pending(_PENDING, hand_back_pending)
    for entry in waiting:
        if aq_base(entry[0]) is aq_base(document):
            if substantive is None:
                entry[2] = None  # known to be substantive, whatever else changed
            return
    user = None if api.user.is_anonymous() else api.user.get_current()
    waiting.append([document, user, substantive])


def hand_back_pending(waiting):
    """Before commit: send each changed document of ``waiting`` ``[document, user,
    substantive]`` back (those whose ``substantive`` predicate, if any, holds)."""
    while waiting:
        document, user, substantive = waiting.pop(0)
        if substantive is not None and not substantive(document):
            continue
        if user is None:
            send_back_to_signer(document)
        else:
            with api.env.adopt_user(user=user):
                send_back_to_signer(document)


def resigning(document):
    """True while ``send_back_to_signer`` takes ``document`` back (the workflow's guard)."""
    return bool(getattr(aq_base(document), "_gongwen_resigning", False))


def send_back_to_signer(document):
    """Return ``document`` to its signing step, to the signer; True if it did (R-O6).

    Nothing happens if it is no longer signed and unsent (e.g. someone acted
    on it meanwhile in the same transaction).
    """
    if not must_go_back(document):
        return False
    signature = last_signature(document)
    direction = getattr(aq_base(document), "direction", None)
    transition = rules.resign_transition(direction)
    holders = rules.resign_holders(direction, signature.step, signature.signer_id)
    workflow = api.portal.get_tool("portal_workflow")
    step = workflow[OUTGOING_WORKFLOW].transitions[transition].new_state_id
    if holders is None:
        holders = next_assignees(document, step)
    request = getRequest()
    note = translate(RESIGN_NOTE, context=request)
    # A consequence of the change, not an action of the one who made it: taken
    # with the step role, recorded under their name; only this may take it (the guard).
    document._gongwen_resigning = True
    try:
        with api.env.adopt_roles([ASSIGNEE_ROLE]):
            workflow.doActionFor(document, transition, comment=note, assignees=holders)
    finally:
        del document._gongwen_resigning
    if request is not None and not api.user.is_anonymous():
        # told to whoever made the change (a browser shows it on the next page)
        signers = "、".join(full_name(p) for p in holders)
        message = _(RESIGN_DONE, default=RESIGN_DONE.default, mapping={"signer": signers})
        text = translate(message, context=request)
        api.portal.show_message(text, request=request, type="warning")
    return True
