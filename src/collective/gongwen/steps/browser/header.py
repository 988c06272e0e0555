"""``@@gongwen-slip-header``: the head of a 发文's or 收文's 处理笺 page — what the holder needs
first: the title, 文号 (发文) or 收文编号 with 来文机关/来文字号 (收文), the marks (文种,
紧急程度, 密级), the current step, its holders (and whether they opened it, R-O11), its
deadline with 已超期 (R-O12, R-I5) and the document's 办理时限.

It reads only what both flows keep (``assignees``, ``step_deadline``, the numbers, the
blocks' fields), so it serves both without importing either.
"""

from Acquisition import aq_base
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from collective.gongwen import _
from collective.gongwen.content import times
from collective.gongwen.content import vocabularies
from collective.gongwen.interfaces import IGongwenIncoming
from collective.gongwen.steps import deadlines
from collective.gongwen.steps import titles
from collective.gongwen.steps.opened import opened_by
from collective.gongwen.steps.people import principals_of
from collective.gongwen.steps.roles import current_assignees
from collective.gongwen.steps.rules import is_assignee

# The 紧急程度 and 密级 shown as marks (the ordinary ones are not), with their colours.
URGENCY_MARKS = {"urgent": "bg-warning text-dark", "very_urgent": "bg-danger"}
UNMARKED_CLASSIFICATION = "none"


def term_title(vocabulary, token):
    """The title of ``token`` in ``vocabulary``; None when it has none."""
    if not token:
        return None
    try:
        return vocabulary.getTerm(token).title
    except LookupError:
        return token


class SlipHeader(BrowserView):
    """The header of the 处理笺 (``content/browser/document.pt`` includes it first)."""

    template = ViewPageTemplateFile("header.pt")

    def __call__(self):
        self.update()
        return self.template()

    def update(self):
        document = self.context
        base = aq_base(document)
        request = self.request
        self.incoming = IGongwenIncoming.providedBy(document)
        self.title = document.Title()
        self.kind = term_title(vocabularies.doc_kinds(document), getattr(base, "doc_kind", None))
        urgency = getattr(base, "urgency", None)
        self.urgency = (
            {
                "title": term_title(vocabularies.urgencies(document), urgency),
                "class": URGENCY_MARKS[urgency],
            }
            if urgency in URGENCY_MARKS
            else None
        )
        classification = getattr(base, "classification", None)
        self.classification = (
            term_title(vocabularies.classifications(document), classification)
            if classification and classification != UNMARKED_CLASSIFICATION
            else None
        )
        self.numbers = self._numbers(base)
        step = api.content.get_state(obj=document, default="")
        self.step = titles.step_title(step, request, document.portal_type)
        holders = current_assignees(document)
        self.holders = [titles.principal_name(p) for p in holders]
        opened = opened_by(document) if holders else ()
        # news for the others (the sender, the office): whether a holder opened it yet
        me = None if api.user.is_anonymous() else api.user.get_current().getId()
        holding = bool(me) and is_assignee(principals_of(me), holders)
        self.opened = [titles.principal_name(p) for p in opened if p != me]
        self.unopened = bool(holders) and not opened and not holding
        step_deadline = deadlines.current_deadline(document) if holders else None
        self.step_deadline = times.format_date(step_deadline)
        self.overdue = bool(step_deadline) and deadlines.is_overdue(document)
        self.deadline = times.format_date(getattr(base, "deadline", None))

    def _numbers(self, base):
        """``[(label, value)]`` of the numbers the document is known by, those it has."""
        if self.incoming:
            found = (
                (_("label_header_receipt_number", default="收文编号"), "receipt_number"),
                (_("label_header_source_organ", default="来文机关"), "source_organ"),
                (_("label_header_source_number", default="来文字号"), "source_number"),
            )
        else:
            found = ((_("label_header_issue_number", default="发文字号"), "issue_number"),)
        return [
            {"label": label, "value": getattr(base, name, None)}
            for label, name in found
            if getattr(base, name, None)
        ]
