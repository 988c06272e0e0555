"""Permits of this thread for one object: "inside this block, this object may …".

The one mechanism behind the sanctioned exceptions to a refusing subscriber: the Word 正文
written by ``put_body`` (``content.bodyguard.writing``), an archived document changed by
its filing or disposal (``archive.readonly.lifted``, ``archive.filing``), a document on
record removed by an approved 销毁申请 (``steps.keeping.sanctioned_removal``). A permit
names an object by its physical path, holds for this thread only (another request is not
let through) and only for the time of the ``with`` block; blocks nest.

Plain Python: an object is anything with ``getPhysicalPath()``.
"""

import contextlib
import threading


class PathPermit:
    """A per-thread set of objects (by physical path) permitted for the time of a block."""

    def __init__(self):
        self._local = threading.local()

    def _paths(self):
        paths = getattr(self._local, "paths", None)
        if paths is None:
            paths = self._local.paths = []
        return paths

    @contextlib.contextmanager
    def granted(self, obj):
        """Inside the block ``obj`` is permitted (this thread only); yields ``obj``."""
        path = tuple(obj.getPhysicalPath())
        self._paths().append(path)
        try:
            yield obj
        finally:
            self._paths().remove(path)

    def permits(self, obj):
        """True inside ``granted(obj)`` on this thread; False for None."""
        return obj is not None and tuple(obj.getPhysicalPath()) in self._paths()
