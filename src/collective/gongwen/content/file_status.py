"""A file item's conversion as the 「文件」 panel and the viewer page show it (R-A1).

Converting files belongs to ``conversion``, above ``content``; it registers the
``IFileStatus`` adapter of the file items. The pages of ``content/browser``
ask it, never ``conversion`` itself.
"""

from zope.interface import Attribute
from zope.interface import Interface


class IFileStatus(Interface):
    """The conversion of the file item adapted, as far as its pages are concerned."""

    state = Attribute("None (no conversion recorded), 'queued', 'converting', 'done' or 'failed'")
    pending = Attribute("True while the file waits for or undergoes conversion")
    current = Attribute(
        "True unless a conversion of the file it holds now is waiting, running or failed: "
        "the viewer's pages, if any, are this file's"
    )

    def message(converted, pages=None):
        """The status as a translatable message (排队中, 失败：…).

        ``converted``: the viewer has this file's ``pages`` (``is_converted``); a
        file converted before conversions had a status of their own counts as done.
        """


def file_status(item):
    """The ``IFileStatus`` of the file ``item``."""
    return IFileStatus(item)
