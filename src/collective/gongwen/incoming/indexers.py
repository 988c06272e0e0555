"""The 收文's own catalog index: ``source_key``, one register entry per 来文 (R-I1)."""

from Acquisition import aq_base
from plone.indexer import indexer

from collective.gongwen.incoming.registration import registration_key
from collective.gongwen.interfaces import IGongwenIncoming


@indexer(IGongwenIncoming)
def source_key(obj):
    """来文机关 and 来文字号 normalised (``registration_key``); None unless both are given."""
    obj = aq_base(obj)
    return registration_key(getattr(obj, "source_organ", None), getattr(obj, "source_number", None))
