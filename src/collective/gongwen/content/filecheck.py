"""The upload type check's Chinese refusals, and file names cleaned where they are stored (R-SEC5).

``filetypes.py`` decides (plain Python); this module says it in Chinese
and hooks it into Zope: ``type_refusal`` for views that hold a
``FileUpload``, ``within_accepted_type`` for file fields (``limits.py``
puts it, with the size limit, on every field named by ``upload_limited``,
so add/edit forms and plone.restapi POST/PATCH — TUS included — check it
before storing).

File names are cleaned where they enter (``filetypes.clean_filename``):
``clean_upload_names`` cleans every uploaded file's name of a request as
publication starts (forms, ``@@fileUpload``, the files panel, package
import), before any widget makes a ``NamedBlobFile`` — whose ``filename``
refuses a line break, the 500 of a CR/LF name; ``CleanNamedFieldDeserializer``
does the same for plone.restapi's JSON and TUS uploads; ``files.py`` cleans
the names it is given; and ``clean_stored_name`` cleans, on every added or
modified attachment, whatever still got through.
"""

import io

from Acquisition import aq_base
from plone.dexterity.interfaces import IDexterityContent
from plone.namedfile.interfaces import INamedField
from plone.restapi.deserializer.dxfields import NamedFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from plone.restapi.services.content.tus import TUSUpload
from zope.component import adapter
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.i18nmessageid import Message
from zope.interface import implementer
from zope.schema import ValidationError
from ZPublisher.HTTPRequest import FileUpload
from ZPublisher.HTTPRequest import record

from collective.gongwen import _
from collective.gongwen.content.filetypes import clean_filename
from collective.gongwen.content.filetypes import type_problem
from collective.gongwen.interfaces import IGongwenLayer

MESSAGES = {
    "not_accepted": _(
        "upload_type_not_accepted",
        default="不接受扩展名为 ${extension} 的文件（「${name}」），未保存。"
        "可上传的格式：${accepted}。",
    ),
    "mismatch": _(
        "upload_type_mismatch",
        default="「${name}」的实际内容是${actual}，与扩展名 ${extension} 不符，未保存。"
        "请上传真实的文件。",
    ),
}


def type_refusal(file, filename):
    """A translatable refusal if ``file`` may not be stored as ``filename``, else None.

    ``file`` is a seekable binary file (a ``FileUpload``, an open blob, a
    ``BytesIO``); it is left at its start.
    """
    problem = type_problem(file, filename)
    if problem is None:
        return None
    code, mapping = problem
    message = MESSAGES[code]
    return Message(message, domain=message.domain, default=message.default, mapping=mapping)


class UploadRefused(ValidationError):
    """A file field's value may not be stored; ``doc()`` is the Chinese reason.

    z3c.form shows ``doc()`` on the field; plone.restapi returns it in its 400.
    """

    def doc(self):
        return translate(self.args[0], context=getRequest())


class UploadTypeRefused(UploadRefused):
    """A file field's content is not what its name says, or its kind is not accepted."""


def opened(value):
    """A seekable binary file of the named file ``value`` (blob or in-memory)."""
    if hasattr(aq_base(value), "_blob"):
        return value.open()
    return io.BytesIO(value.data or b"")


def within_accepted_type(value):
    """Field constraint: True, or raise ``UploadTypeRefused`` for a new file typed wrong.

    A file already stored (it has a ``_p_jar``) was checked when it came,
    as in ``limits.within_upload_limit``.
    """
    if value is None or getattr(value, "_p_jar", None) is not None:
        return True
    file = opened(value)
    try:
        problem = type_refusal(file, value.filename)
    finally:
        file.close()
    if problem is not None:
        raise UploadTypeRefused(problem)
    return True


def clean_stored_name(item, event=None):
    """Clean the name of the file of attachment ``item`` (subscriber: added, modified)."""
    file = getattr(aq_base(item), "file", None)
    if file is None or file.filename is None:
        return
    cleaned = clean_filename(file.filename)
    if cleaned != file.filename:
        file.filename = cleaned


def cleaned_upload(upload):
    """Clean the name of the ``FileUpload`` ``upload`` in place (an empty name stays empty)."""
    if getattr(upload, "filename", None):
        upload.filename = clean_filename(upload.filename)


def _uploads(value, depth=0):
    """The ``FileUpload`` objects in a form value (lists and records included)."""
    if depth > 3:
        return
    if isinstance(value, FileUpload):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _uploads(item, depth + 1)
    elif isinstance(value, record):
        for item in vars(value).values():
            yield from _uploads(item, depth + 1)


def clean_upload_names(event):
    """IPubStart: clean the names of the files uploaded with the request (R-SEC5)."""
    form = getattr(event.request, "form", None) or {}
    for value in list(form.values()):
        for upload in _uploads(value):
            cleaned_upload(upload)


@implementer(IFieldDeserializer)
@adapter(INamedField, IDexterityContent, IGongwenLayer)
class CleanNamedFieldDeserializer(NamedFieldDeserializer):
    """plone.restapi's file field deserializer, the file name cleaned first (JSON and TUS)."""

    def __call__(self, value):
        if isinstance(value, dict) and value.get("filename"):
            value = {**value, "filename": clean_filename(value["filename"])}
        elif isinstance(value, TUSUpload):
            metadata = value.metadata()
            if metadata.get("filename"):
                metadata["filename"] = clean_filename(metadata["filename"])
        return super().__call__(value)
