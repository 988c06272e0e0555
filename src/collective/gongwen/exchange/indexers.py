"""Catalog data of the exchange: which units a sent 发文 waits in the 待签收 list of."""

from plone.indexer import indexer

from collective.gongwen.exchange.deliveries import waiting_unit_uids
from collective.gongwen.interfaces import IGongwenOutgoing


@indexer(IGongwenOutgoing)
def delivery_units(obj):
    """UIDs of the units whose secretaries have it 待签收 (R-X1)."""
    return tuple(waiting_unit_uids(obj))
