"""What stands in the way of submitting a 发文 (R-D4, R-D5, and the form rules again).

R-D5 is met by the rich-text 正文 or by a Word 正文 (``content.body``, R-D6).

``submission_problems(document)`` is the one function the 发文 workflow's
submit and send guards and ``routing.actions.act`` call;
``submission_refusal`` is its one message, naming every problem, whatever
the path (办理 panel, REST ``@workflow``). The viewlet below shows the same
problems on the document as 「提交前需处理」, to whoever may edit it, so the
drafter sees them while drafting.

R-D4 (第十一条) at add time: ``body_copy_problems`` says whether a 附件
added to a 发文 is its body; the subscriber ``refuse_body_as_attachment``
refuses it on every path (REST, ``@@fileUpload``, the files panel, code)
with a ``BadRequest`` carrying the Chinese reason (a 400); the add form asks
first and the upload views turn the refusal into their own answer.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import BadRequest
from zope.globalrequest import getRequest
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content import files
from collective.gongwen.content import rules
from collective.gongwen.content.body import has_word_body
from collective.gongwen.content.classified import is_classified_document
from collective.gongwen.content.validation import message
from collective.gongwen.content.validation import subordinate_unit_names
from collective.gongwen.interfaces import IGongwenOutgoing

# Text files small enough to read are compared with the body (R-D4 heuristic);
# other formats get their text once R-A3's extraction exists.
READABLE_TYPES = ("text/plain", "text/html")
READABLE_LIMIT = 1_000_000


def attachment_text(attachment):
    """The readable text of a small text/HTML attachment, else ""."""
    file = getattr(aq_base(attachment), "file", None)
    if file is None or file.contentType not in READABLE_TYPES or file.size > READABLE_LIMIT:
        return ""
    return file.data.decode("utf-8", errors="replace")


def attachments_of(document):
    """``(name, text)`` of the document's 附件, in their order.

    Only files whose role is 附件 count: the 来文原件, 正式文件 and 处理单
    are not listed in the 附件说明 (and the 正式文件 is the body itself).
    """
    return [(item.Title(), attachment_text(item)) for item in files.attachments_of(document)]


def submission_problems(document):
    """Every ``rules.Problem`` that blocks submitting ``document``; [] when it may go."""
    if is_classified_document(document):
        return rules.classified_not_submitted()
    body = getattr(getattr(aq_base(document), "text", None), "raw", "") or ""
    # R-D5: the rich-text 正文 or the Word 正文 (R-D6), either one
    problems = [] if has_word_body(document) else rules.body_problems(body)
    problems += rules.attachment_note_problems(
        getattr(document, "attachment_note", None) or [],
        attachments_of(document),
        document.Title(),
        body,
    )
    problems += rules.request_recipient_problems(
        getattr(document, "doc_kind", None), getattr(document, "main_recipients", None)
    )
    direction = getattr(document, "direction", None)
    cc_recipients = getattr(document, "cc_recipients", None)
    # The subordinate units only where they count: their catalog search would index the
    # document half way through its step (and again at the commit), every 提交 and 发送.
    subordinates = (
        subordinate_unit_names(document) if direction == rules.UPWARD and cc_recipients else ()
    )
    problems += rules.upward_cc_problems(direction, cc_recipients, subordinates)
    problems += rules.urgency_deadline_problems(
        getattr(document, "urgency", None), getattr(document, "deadline", None)
    )
    return problems


def problems_text(problems):
    """The problems' messages, translated for the current request, one after the other."""
    request = getRequest()
    return "".join(translate(message(problem), context=request) for problem in problems)


def submission_refusal(problems):
    """The one message refusing 提交/发送 for ``problems``: every one of them, named (R-D4)."""
    return _(
        "error_submission_problems",
        default="请先处理以下问题：${problems}",
        mapping={"problems": problems_text(problems)},
    )


def body_copy_problems(document, attachment):
    """R-D4: ``[Problem]`` when ``attachment`` (added to ``document`` or about to be) is its body.

    Only a 附件 of a 发文 counts; the heuristic is ``rules.is_body_copy``
    (named like the document or like a body, or the same text), as at submission.
    """
    if not IGongwenOutgoing.providedBy(document) or files.role_of(attachment) != files.ATTACHMENT:
        return []
    body = getattr(getattr(aq_base(document), "text", None), "raw", "") or ""
    return rules.body_copy_problems(
        attachment.Title(), document.Title(), body, attachment_text(attachment)
    )


def refuse_body_as_attachment(attachment, event):
    """Refuse a 附件 that is the body of its 发文, however it was added or changed (R-D4).

    A plain ``BadRequest`` with the Chinese reason: a 400 (plone.rest maps
    exceptions to statuses by class name), and the transaction is aborted.
    """
    document = getattr(event, "newParent", None) or aq_parent(aq_inner(attachment))
    if document is None:
        return
    problems = body_copy_problems(document, attachment)
    if problems:
        raise BadRequest(problems_text(problems))


class SubmissionProblemsViewlet(ViewletBase):
    """The 「提交前需处理」 box on a 发文, for those who may edit it."""

    index = ViewPageTemplateFile("templates/submission_problems.pt")

    def update(self):
        super().update()
        self.problems = []
        if api.user.has_permission("Modify portal content", obj=self.context):
            self.problems = submission_problems(self.context)

    def messages(self):
        """The problems as i18n messages, for the template."""
        return [message(problem) for problem in self.problems]
