"""The named predicate the ``archive`` transition's guard calls (both workflows, R-R1).

``@@gongwen-archive-guard`` answers ``may_archive()``: True only while
``filing.archive_document`` is archiving this document with its 归档章 written — so the
transition is made by that one function and never by the 办理 panel, REST ``@workflow``
or ``api.content.transition``.
"""

from Products.Five.browser import BrowserView

from collective.gongwen.archive.filing import is_filing
from collective.gongwen.archive.record import is_archived


class ArchiveGuard(BrowserView):
    def may_archive(self):
        return is_filing(self.context) and is_archived(self.context)
