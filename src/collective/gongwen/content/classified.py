"""R-D3: classified documents (秘密/机密/绝密) are register entries only (第二条).

Three layers, so no path lets content in:

1. the invariants (``validation.r_d3_classified_is_register_only``) give the
   add/edit forms and plone.restapi a friendly Chinese message;
2. the subscribers here refuse, whatever the path (forms, REST POST/PATCH,
   ``@@fileUpload``/folder_contents upload, TUS, copy/paste, code), a body or
   file on a classified document and any item added or moved into one: they
   log a WARNING and raise ``BadRequest`` with the Chinese reason (a 400,
   and the transaction is aborted); ``upload.DocumentFileUpload`` refuses
   uploads (``@@fileUpload``, TUS) before any byte is stored;
3. ``classified_workflow_chain`` gives classified documents
   ``gongwen_classified_workflow``: one state, no publication, visible only
   to the unit's secretaries and leaders (local roles on the unit) and Manager.
"""

import logging

from Acquisition import aq_base
from plone import api
from plone.base.interfaces import IWorkflowChain
from Products.CMFCore.interfaces import IWorkflowTool
from Products.CMFPlone.workflow import ToolWorkflowChain
from zExceptions import BadRequest
from zope.component import adapter
from zope.container.interfaces import IContainerModifiedEvent
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.content import rules
from collective.gongwen.interfaces import IGongwenDocument

logger = logging.getLogger("collective.gongwen.classified")

CLASSIFIED_WORKFLOW = "gongwen_classified_workflow"


def is_classified_document(obj):
    """True if ``obj`` is a 公文 marked 秘密/机密/绝密."""
    return IGongwenDocument.providedBy(obj) and rules.is_classified(
        getattr(aq_base(obj), "classification", None)
    )


def _path(obj):
    try:
        return "/".join(obj.getPhysicalPath())
    except AttributeError:
        return repr(obj)


def log_refusal(obj, attempt):
    """Log (WARNING) who tried to put what on classified ``obj``; the audit log comes later."""
    user = "anonymous" if api.user.is_anonymous() else api.user.get_current().getId()
    logger.warning(
        "Refused classified content: user=%s object=%s attempt=%s", user, _path(obj), attempt
    )


def refusal_message():
    """The Chinese reason given for every refusal (translated for the current request)."""
    reason = _(
        "classified_content_refused",
        default="涉密公文不得在本系统存放正文、文件或附件（第二条），已拒绝并记录。",
    )
    return translate(reason, context=getRequest())


def refuse(obj, attempt):
    """Log the attempt and abort the request with the Chinese reason.

    A plain ``BadRequest``: Zope and plone.rest map it to 400 by its class
    name (a subclass would become a 500).
    """
    log_refusal(obj, attempt)
    raise BadRequest(refusal_message())


def content_on(document):
    """What content a classified ``document`` carries (body, original file, items inside)."""
    found = []
    text = getattr(aq_base(document), "text", None)
    if rules.plain_text(getattr(text, "raw", None) or ""):
        found.append("body")
    if getattr(aq_base(document), "original_file", None):
        found.append("original_file")
    if getattr(aq_base(document), "publish_to_front_page", False):
        found.append("publish")
    if document.objectIds():
        found.append("items:" + ",".join(document.objectIds()))
    return found


@adapter(IGongwenDocument, IWorkflowTool)
@implementer(IWorkflowChain)
def classified_workflow_chain(context, workflow_tool):
    """A classified document's workflow is gongwen_classified_workflow; others keep their type's."""
    if is_classified_document(context):
        return (CLASSIFIED_WORKFLOW,)
    return ToolWorkflowChain(context, workflow_tool)


def refuse_item_in_classified(obj, event):
    """Any item added, pasted or moved into a classified document is refused."""
    if event.newParent is not None and is_classified_document(event.newParent):
        refuse(event.newParent, f"add item {event.newName!r} ({getattr(obj, 'portal_type', '?')})")


def refuse_classified_content(document, event):
    """A classified document carrying content (however it got there) is refused."""
    if is_classified_document(document):
        found = content_on(document)
        if found:
            refuse(document, "+".join(found))


def check_added_document(document, event):
    """A new classified document carrying content is refused; remember its workflow chain."""
    refuse_classified_content(document, event)
    workflow_tool = api.portal.get_tool("portal_workflow")
    document._gongwen_chain = tuple(workflow_tool.getChainFor(document))


def follow_classification(document, event):
    """After an edit, refuse content on a classified document and move it to the right workflow.

    The chain adapter decides the workflow. When an edit changed the
    classification, the chain differs from the one recorded: the document
    gets the initial state of a workflow it has never been in, and its
    permissions follow the new workflow's mapping either way. An item added to or removed
    from the document (``IContainerModifiedEvent``) changes neither: an item added to a
    classified one is refused by ``refuse_item_in_classified``.
    """
    if IContainerModifiedEvent.providedBy(event):
        return
    refuse_classified_content(document, event)
    workflow_tool = api.portal.get_tool("portal_workflow")
    chain = tuple(workflow_tool.getChainFor(document))
    if getattr(aq_base(document), "_gongwen_chain", None) == chain:
        return
    for workflow in workflow_tool.getWorkflowsFor(document):
        if workflow_tool.getStatusOf(workflow.getId(), document) is None:
            workflow.notifyCreated(document)
        else:
            workflow.updateRoleMappingsFor(document)
    document._gongwen_chain = chain
    document.reindexObjectSecurity()
    document.reindexObject(idxs=["review_state"])
