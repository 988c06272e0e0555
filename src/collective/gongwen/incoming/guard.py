"""``@@gongwen-incoming-guard``: the named predicates the 收文 workflow's guards call."""

from Acquisition import aq_base
from plone import api
from Products.Five.browser import BrowserView

from collective.gongwen.incoming import rules
from collective.gongwen.incoming.plan import stored
from collective.gongwen.steps.keeping import void_refused


class IncomingGuard(BrowserView):
    """Guard predicates on a 收文."""

    def has_readers(self):
        """R-I2: the 拟办 named the leaders to read."""
        return bool(stored(self.context, "reading_leaders", None))

    def more_readers_after_current(self):
        """R-I3: another leader reads after the current one (else back to the secretaries)."""
        return len(stored(self.context, "pending_readers")) > 1

    def has_departments(self):
        """R-I2: the 拟办 named the handling departments."""
        return bool(stored(self.context, "handling_departments", None))

    def more_parts_after_current(self):
        """R-I4: another department's part is still open after the one finishing now."""
        parts = stored(self.context, "handling_parts", {})
        return len(rules.open_parts(parts)) > 1

    def may_publish(self):
        """R-I6: done, not classified, not published yet."""
        document = aq_base(self.context)
        return getattr(document, "classification", "none") in (None, "", "none") and not getattr(
            document, "published_front", None
        )

    def may_void(self):
        """R-O13: a secretary of the unit, at 登记 or 送阅, not a 签收'd one (``keeping``)."""
        return void_refused(self.context, api.user.get_current().getId()) is None
