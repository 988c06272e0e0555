"""``@@gongwen-to-sign``: 待签收 of a unit's secretaries or a department's receivers (R-X1).

The deliveries are found by the catalog (index ``delivery_units``) and read
with the system's rights: the secretaries may not see the sending documents
themselves, only what was delivered to them.
"""

from AccessControl import Unauthorized
from plone import api
from Products.CMFCore.interfaces import ISiteRoot
from Products.Five.browser import BrowserView
from zope.interface import implementer

from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.exchange import deliveries
from collective.gongwen.exchange.actions import signs_for
from collective.gongwen.exchange.browser import display
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.org.units import all_units
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import unit_departments


def may_sign_for(recipient):
    """True when the current user signs for deliveries to ``recipient`` (``actions.signs_for``)."""
    user = None if api.user.is_anonymous() else api.user.get_current()
    return user is not None and signs_for(recipient, user.getId())


def require_secretary(recipient):
    """Raise Unauthorized unless the current user signs for ``recipient``'s deliveries."""
    if recipient is None or not may_sign_for(recipient):
        raise Unauthorized("only the recipient's secretaries or receivers sign for deliveries")


def waiting_deliveries(unit):
    """``[(document, delivery)]`` waiting in the 待签收 list of ``unit`` (or a department)."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="gongwen_outgoing",
        delivery_units=unit.UID(),
        sort_on="modified",
        sort_order="descending",
    )
    found = []
    for brain in brains:
        document = brain._unrestrictedGetObject()
        for record in deliveries.waiting_for(document, unit.UID()):
            found.append((document, record))
    return found


def waiting_count(unit):
    """How many deliveries wait in the 待签收 list of ``unit`` (or a department), from the
    catalog alone: no document is loaded, so the unit menu costs the same with 10 or 1,000
    waiting. One per document: ``deliveries.create_deliveries`` gives a recipient at most one
    waiting delivery of a document."""
    catalog = api.portal.get_tool("portal_catalog")
    return len(
        catalog.unrestrictedSearchResults(portal_type="gongwen_outgoing", delivery_units=unit.UID())
    )


@implementer(IGongwenPageView)
class ToSign(BrowserView):
    """The 待签收 list: sender, 文号, 标题, urgency, sent and opened, with a link to each.

    On a unit: that unit's (its secretaries only). On the site (the
    navigation tab): those of every unit the user is a secretary of.
    """

    def __call__(self):
        if not ISiteRoot.providedBy(self.context):
            require_secretary(self.context)
        return self.index()

    def units(self):
        """The units and departments whose list this is."""
        if not ISiteRoot.providedBy(self.context):
            return [self.context]
        found = []
        for unit in all_units():
            if may_sign_for(unit):
                found.append(unit)
            found.extend(d for d in unit_departments(unit) if may_sign_for(d))
        return found

    def items(self):
        return [row for unit in self.units() for row in self.unit_items(unit)]

    def unit_items(self, unit):
        request = self.request
        unit_url = unit.absolute_url()
        rows = []
        for document, record in waiting_deliveries(unit):
            sender = find_unit(document)
            sent = display.first(record, "sent") or {}
            rows.append(
                {
                    "url": f"{unit_url}/@@gongwen-delivery?document={document.UID()}"
                    f"&delivery={record['id']}",
                    "sender": sender.Title() if sender is not None else "",
                    "number": getattr(document, "issue_number", "") or "",
                    "title": document.Title(),
                    "kind": display.text(display.KIND_TITLES[record["kind"]], request),
                    "urgency": title_of("urgency", getattr(document, "urgency", "normal")),
                    "urgent": getattr(document, "urgency", "normal") != "normal",
                    "sent": display.when(sent.get("time")),
                    "state": display.text(display.STATE_TITLES[record["state"]], request),
                    "opened": record["state"] != deliveries.SENT,
                }
            )
        return rows
