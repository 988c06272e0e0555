"""R-O13 for a 收文 (``steps.keeping.IDocumentKeeping``): kept once registered, its files
from 送拟办 on; voided at 登记 or 送阅, before any leader read it, by its unit's secretaries."""

from Acquisition import aq_base
from plone import api
from zope.component import adapter
from zope.interface import implementer

from collective.gongwen.incoming import rules
from collective.gongwen.incoming.registration import signed_for
from collective.gongwen.interfaces import IGongwenIncoming
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.steps.keeping import IDocumentKeeping
from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.people import principals_of


@implementer(IDocumentKeeping)
@adapter(IGongwenIncoming)
class IncomingKeeping:
    """A 收文 is on record once it holds its 收文编号 (``rules.is_kept``)."""

    def __init__(self, document):
        self.document = document

    def _step(self):
        return api.content.get_state(obj=self.document, default=None)

    def deletion_refused(self):
        numbered = bool(getattr(aq_base(self.document), "receipt_number", None))
        if rules.is_kept(self._step(), len(opinions(self.document)), numbered):
            return rules.DeletionRefusedError()
        return None

    def files_kept(self):
        return rules.files_kept(self._step(), len(opinions(self.document)))

    def void_refused(self, user_id):
        """Never one made by 签收 (``rules.void_refusal``)."""
        document = self.document
        refused = rules.void_refusal(self._step(), signed_for(document))
        if refused is not None:
            return refused
        unit = find_unit(document)
        secretaries = function_holders(unit, "secretaries") if unit is not None else ()
        if not rules.may_void_as(principals_of(user_id), secretaries):
            return rules.NotAssigneeError()
        return None
