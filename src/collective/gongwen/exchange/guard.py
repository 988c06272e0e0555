"""``@@gongwen-exchange-guard``: guards the workflow's ``recall`` and ``delivery_returned``."""

from Products.Five.browser import BrowserView

from collective.gongwen.exchange.subscribers import taking_back


class ExchangeGuard(BrowserView):
    """Named predicate for the workflow's guard expressions."""

    def may_take_back(self):
        """Only while a recall or a 退回 takes the document back, never on its own (R-X1, R-X2)."""
        return taking_back(self.context)
