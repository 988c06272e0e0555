"""登记 (R-I1): one register entry per delivery — the same 来文 (来文机关 and 来文字号)
is not registered twice in a unit, whether two secretaries type it in at once
or one registers it again later.

``registration_key`` normalises the pair: the 来文机关 without spaces, the 来文字号 in the
one normal form of a number however typed (``numbering.keys.number_key``: any brackets,
full or half width, with or without 第/号, leading zeros); the catalog's ``source_key``
index finds an earlier entry. Two registrations at the same moment both take a 收文编号
from the unit's series and so conflict in ZODB; the retried one then finds the other and
is refused.
An entry voided (作废, R-O13) is not the 来文's registration: the 来文 may be
registered again. A 收文 made by 签收 of another unit's delivery is marked
(``mark_signed_for``): its sender holds a receipt for it, so it is not voided.
"""

from Acquisition import aq_base
from plone import api
from z3c.form.validator import SimpleFieldValidator
from zExceptions import BadRequest
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import Invalid

from collective.gongwen import _
from collective.gongwen.incoming.rules import VOIDED
from collective.gongwen.numbering.keys import normal_text
from collective.gongwen.numbering.keys import number_key


def registration_key(source_organ, source_number):
    """The comparable form of a 来文, e.g. 「新乡河务局|新河/2026/30」: the 来文机关 without
    spaces (full-width letters made half, case folded) and the key of its 来文字号 (``None``
    unless both are given)."""
    organ = "".join(normal_text(source_organ).split())
    number = number_key(source_number)
    if not organ or not number:
        return None
    return f"{organ}|{number}"


def find_registered(context, source_organ, source_number, exclude_uid=None):
    """The catalog entry of the same 来文 already registered in ``context``'s unit, else None."""
    from collective.gongwen.org.units import find_unit

    key = registration_key(source_organ, source_number)
    unit = find_unit(context)
    if key is None or unit is None:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    if "source_key" not in catalog.indexes():
        return None  # before upgrade 1004: a query on a missing index would match everything
    for brain in catalog.unrestrictedSearchResults(
        portal_type="gongwen_incoming", source_key=key, path="/".join(unit.getPhysicalPath())
    ):
        uid = brain.UID
        if uid != exclude_uid and brain.review_state != VOIDED:
            return brain
    return None


def mark_signed_for(document, delivery_id):
    """R-X1: ``document`` was made by 签收 of delivery ``delivery_id`` (sender has a receipt)."""
    document.signed_delivery = delivery_id


def signed_for(document):
    """True when ``document`` was made by 签收 of another unit's delivery on this portal."""
    return bool(getattr(aq_base(document), "signed_delivery", None))


def duplicate_message(brain):
    """「该来文已登记为……」 naming the earlier entry."""
    return _(
        "error_incoming_registered_twice",
        default="该来文已登记为${number}（${title}），请勿重复登记。",
        mapping={"number": brain.receipt_number or "", "title": brain.Title},
    )


def refuse_duplicate(document):
    """Raise BadRequest (Chinese) when ``document`` repeats a registered 来文 of its unit."""
    found = find_registered(
        document,
        getattr(document, "source_organ", None),
        getattr(document, "source_number", None),
        exclude_uid=document.UID(),
    )
    if found is not None:
        raise BadRequest(translate(duplicate_message(found), context=getRequest()))


class SourceNumberValidator(SimpleFieldValidator):
    """The add/edit form's check of 来文字号: not registered in this unit already."""

    def validate(self, value):
        super().validate(value)
        organ = self.request.form.get("form.widgets.source_organ")
        own = (
            self.context.UID()
            if getattr(self.context, "portal_type", "") == ("gongwen_incoming")
            else None
        )
        found = find_registered(self.context, organ, value, exclude_uid=own)
        if found is not None:
            raise Invalid(translate(duplicate_message(found), context=self.request))
