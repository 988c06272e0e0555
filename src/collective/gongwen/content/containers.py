"""Where a content object stands among the units and departments: plain traversal of the
portal's tree and the catalog, no function groups (those are org's, which uses these)."""

from Acquisition import aq_chain
from Acquisition import aq_inner
from plone import api

from collective.gongwen.content.department import IGongwenDepartment
from collective.gongwen.content.unit import IGongwenUnit

UNIT_TYPE = "gongwen_unit"


def find_unit(context):
    """The nearest ``gongwen_unit`` containing ``context`` (or ``context`` itself), else None."""
    for obj in aq_chain(aq_inner(context)):
        if IGongwenUnit.providedBy(obj):
            return obj
    return None


def find_department(context):
    """The nearest ``gongwen_department`` containing ``context`` (or itself), else None."""
    for obj in aq_chain(aq_inner(context)):
        if IGongwenDepartment.providedBy(obj):
            return obj
        if IGongwenUnit.providedBy(obj):
            return None
    return None


def all_units():
    """Every unit on the portal, whoever asks (units are few), sorted by title."""
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type=UNIT_TYPE, sort_on="sortable_title")
    return [brain._unrestrictedGetObject() for brain in brains]


def subordinate_units(unit):
    """The units whose superior is ``unit``, sorted by title."""
    uid = unit.UID()
    return [other for other in all_units() if getattr(other, "superior_unit", None) == uid]
