"""Filing a worker's result on the file, with collective.documentviewer's own code.

``WorkerResult`` is the viewer's ``Converter`` whose conversion step reads
what the worker sent instead of running the tools here; indexing the text,
moving pages into blobs, the page count and the ``ConversionFinishedEvent``
(which reindexes the document's full text, R-A3) are the viewer's own.
The previous conversion is kept under its file version, so an earlier
version stays viewable after a replacement (R-A2).
"""

import re
import shutil
import tarfile
import tempfile

from BTrees.OOBTree import OOBTree
from collective.documentviewer.convert import Converter
from collective.documentviewer.settings import Settings
from persistent.mapping import PersistentMapping

from collective.gongwen.content.annotations import annotation
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.conversion.status import mark_done
from collective.gongwen.conversion.status import mark_failed

VERSIONS_KEY = "collective.gongwen.conversion.versions"
# What a result archive may contain: the viewer's file layout, nothing else.
RESULT_MEMBER = re.compile(
    r"^(?:(?:large|normal|small)(?:/dump_\d+\.(?:png|gif|jpg))?|text(?:/dump_\d+\.txt)?|dump\.pdf)$"
)


class BadResult(Exception):
    """The archive a worker sent is not a viewer conversion."""


def unpack_result(archive, target):
    """Extract the tar ``archive`` (a file object) into ``target`` after checking every member."""
    with tarfile.open(fileobj=archive, mode="r:") as tar:
        members = tar.getmembers()
        for member in members:
            if not RESULT_MEMBER.match(member.name) or not (member.isfile() or member.isdir()):
                raise BadResult(member.name)
        tar.extractall(target, members=members, filter="data")


class WorkerResult(Converter):
    """collective.documentviewer's Converter fed with a worker's output folder."""

    def __init__(self, context, output_dir, pages):
        self._output_dir = output_dir
        self._pages = pages
        super().__init__(context)

    def get_storage_dir(self):
        return self._output_dir

    def run_conversion(self):
        return self._pages


def keep_previous_conversion(obj):
    """Keep the current conversion under the version it was made from, before it is replaced."""
    settings = Settings(obj)
    version_id = settings.gongwen_version_id
    if version_id is None or not settings.successfully_converted or not settings.blob_files:
        return
    kept = annotation(obj, VERSIONS_KEY, OOBTree)
    kept[version_id] = PersistentMapping(
        blob_files=settings.blob_files,
        num_pages=settings.num_pages,
        pdf_image_format=settings.pdf_image_format,
    )


def store_result(obj, archive, pages):
    """File the worker's ``archive`` of ``pages`` pages on ``obj``; "success" or "failure"."""
    output_dir = tempfile.mkdtemp(prefix="gongwen-result-")
    try:
        unpack_result(archive, output_dir)
        version_id = conversion_status(obj).get("version_id")
        if version_id != Settings(obj).gongwen_version_id:
            keep_previous_conversion(obj)
        result = WorkerResult(obj, output_dir, pages)(asynchronous=False)
    finally:
        shutil.rmtree(output_dir, ignore_errors=True)
    if result == "success":
        Settings(obj).gongwen_version_id = version_id
        mark_done(obj, pages)
    else:
        last_line = (Settings(obj).exception_traceback or "").strip().splitlines()[-1:]
        mark_failed(obj, "tool_failed", {"detail": "".join(last_line)[-300:]})
    return result


def store_failure(obj, reason, mapping):
    """Record that ``obj`` cannot be converted, and stop the viewer saying "converting"."""
    settings = Settings(obj)
    settings.converting = False
    if conversion_status(obj).get("version_id") != settings.gongwen_version_id:
        # The pages shown so far are an earlier file's: keep them with that
        # version, and show the failure for this one.
        keep_previous_conversion(obj)
        settings.blob_files = None
        settings.successfully_converted = False
        settings.gongwen_version_id = None
    mark_failed(obj, reason, mapping)
    obj.reindexObject(idxs=["SearchableText"])
