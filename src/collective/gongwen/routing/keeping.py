"""R-O13 for a 发文 (``steps.keeping.IDocumentKeeping``): kept once submitted, files too;
voided only as a draft returned after review, by its drafter or an office head."""

from plone import api
from zope.component import adapter
from zope.interface import implementer

from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.routing import rules
from collective.gongwen.steps.keeping import IDocumentKeeping
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.people import principals_of
from collective.gongwen.steps.roles import current_assignees


@implementer(IDocumentKeeping)
@adapter(IGongwenOutgoing)
class OutgoingKeeping:
    """A 发文 is on record once submitted (``rules.was_submitted``)."""

    def __init__(self, document):
        self.document = document

    def _submitted(self):
        step = api.content.get_state(obj=self.document, default=None)
        return rules.was_submitted(step, len(opinions(self.document)))

    def deletion_refused(self):
        return rules.DeletionRefusedError() if self._submitted() else None

    def files_kept(self):
        return self._submitted()

    def void_refused(self, user_id):
        """Only a draft returned after review (a never-submitted one is deleted), by its
        holder (the drafter) or an office head of its unit."""
        document = self.document
        step = api.content.get_state(obj=document, default=None)
        if not rules.may_void(step, len(opinions(document))):
            return rules.VoidNotAllowedError()
        unit = find_unit(document)
        office_heads = function_holders(unit, "office_heads") if unit is not None else ()
        if not rules.may_void_as(principals_of(user_id), current_assignees(document), office_heads):
            return rules.NotAssigneeError()
        return None
