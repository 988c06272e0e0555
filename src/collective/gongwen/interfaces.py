"""Marker interfaces shared by the whole package."""

from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IGongwenLayer(IDefaultBrowserLayer):
    """Browser layer active on sites where collective.gongwen is installed."""
