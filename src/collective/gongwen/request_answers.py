"""Answers kept for the rest of one request.

A page asks some questions many times with the same answer: a person's name in every row of
a 处理笺, whether a bundle file is a package's, a bundle's expression, the bureau's name in the
header, the window title and the footer. Each asker keeps its answers on the request under its
own key, so they last exactly one request, as plone.memoize's request caches do; a new request
asks again and sees any change.
"""

from zope.globalrequest import getRequest


def kept(key):
    """The current request's dict of answers under ``key`` (a new one, kept nowhere, outside a
    request)."""
    other = getattr(getRequest(), "other", None)
    return other.setdefault(key, {}) if other is not None else {}


def object_key(obj):
    """``obj``'s key among the answers: its physical path (the same object reached through
    another acquisition chain has the same key), else the object itself by identity."""
    path = getattr(obj, "getPhysicalPath", None)
    return path() if path is not None else id(obj)
