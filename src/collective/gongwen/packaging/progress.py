"""The package job on the 发文's page (R-RUN1): 「交换包正在生成，请稍后下载。」.

``PackageProgress`` is packaging's ``content.progress.IDocumentProgress``:
pending while a package job of the 发文 is queued or running; afterwards
the package of its current files, ready to download, or — while none is
kept — why the last job built none.
"""

from zope.interface import implementer

from collective.gongwen.content.progress import PENDING
from collective.gongwen.content.progress import READY
from collective.gongwen.content.progress import WARNING
from collective.gongwen.content.progress import IDocumentProgress
from collective.gongwen.content.progress import Note
from collective.gongwen.packaging.messages import BUILDING
from collective.gongwen.packaging.messages import READY_TO_DOWNLOAD
from collective.gongwen.packaging.messages import last_refusal
from collective.gongwen.packaging.store import fresh_package
from collective.gongwen.packaging.store import is_building
from collective.gongwen.packaging.store import package_record

KEY = "package"


@implementer(IDocumentProgress)
class PackageProgress:
    """The exchange package job of a 发文."""

    def __init__(self, document):
        self.document = document

    def notes(self):
        if is_building(self.document):
            return [Note(KEY, BUILDING, PENDING)]
        record = package_record(self.document)
        if not record:
            return []  # never asked for
        if fresh_package(self.document) is not None:
            link = f"{self.document.absolute_url()}/@@gongwen-exchange-package"
            return [Note(KEY, READY_TO_DOWNLOAD, READY, link)]
        refusal = last_refusal(record)
        return [Note(KEY, refusal, WARNING)] if refusal is not None else []
