"""``@@gongwen-exchange-guard``: the outgoing workflow's ``recall`` guard (R-X2)."""

from Products.Five.browser import BrowserView

from collective.gongwen.exchange.actions import recalling


class ExchangeGuard(BrowserView):
    """Named predicate for the workflow's guard expression."""

    def may_recall(self):
        """Only as part of recalling a delivery (``actions.recall_delivery``), never on its own."""
        return recalling(self.context)
