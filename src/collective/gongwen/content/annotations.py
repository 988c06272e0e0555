"""What the package keeps in an object's annotations: the value under a key, made on first use.

``annotation(obj, key, factory)`` is the one way to read a record kept in annotations and,
when it is to be written, to create it (``PersistentList``, ``PersistentMapping``, ``OOBTree``,
``Length`` …). Reading never writes: an object without the record stays untouched.
"""

from zope.annotation.interfaces import IAnnotations


def annotation(obj, key, factory=None):
    """The value under annotation ``key`` of ``obj``; None when there is none — unless a
    ``factory`` is given: then ``factory()`` is stored under ``key`` and returned."""
    annotations = IAnnotations(obj)
    value = annotations.get(key)
    if value is None and factory is not None:
        value = annotations[key] = factory()
    return value
