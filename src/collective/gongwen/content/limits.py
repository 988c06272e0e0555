"""What every upload must pass: the size limit (公文设置 → 上传文件大小上限) and its type.

Every way a file enters the site asks ``upload_limit_problem`` — and
``filecheck.type_refusal``, the type by content (R-SEC5), through
``upload_refusal`` or ``acceptable_upload`` — before anything is stored:
``@@fileUpload`` directly, the document page's own views, and — through
``acceptable_upload``, a constraint on our file fields — the
add/edit forms of attachments and 收文 and plone.restapi POST/PATCH (its
file deserializer validates the field, TUS uploads included). Schemas name
their limited fields with the ``upload_limited`` directive, which puts
``acceptable_upload`` (size, then type) on them. ``UploadLimitValidator``
keeps a refused upload out of the form's re-display.
"""

from plone.formwidget.namedfile.validator import NamedFileWidgetValidator
from plone.namedfile.interfaces import INamedField
from plone.supermodel.directives import ListCheckerPlugin
from plone.supermodel.directives import MetadataListDirective
from plone.supermodel.interfaces import ISchema
from plone.supermodel.interfaces import ISchemaPlugin
from z3c.form.interfaces import IDataManager
from z3c.form.validator import WidgetValidatorDiscriminators
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.content.filecheck import UploadRefused
from collective.gongwen.content.filecheck import type_refusal
from collective.gongwen.content.filecheck import within_accepted_type
from collective.gongwen.content.filetypes import clean_filename
from collective.gongwen.content.settings import setting
from collective.gongwen.interfaces import IGongwenLayer

MB = 1024 * 1024
UPLOAD_LIMITED_KEY = "collective.gongwen.upload_limited"

# The schema default; used when the record is missing (add-on not yet
# installed or its registry step not yet run) so uploads are never unlimited.
# 公文设置's default too (org.settings).
DEFAULT_UPLOAD_MAX_MB = 50


def upload_max_mb():
    """The configured upload limit in MB."""
    return setting("upload_max_mb") or DEFAULT_UPLOAD_MAX_MB


def upload_max_bytes():
    """The configured upload limit in bytes."""
    return upload_max_mb() * MB


def format_mb(size_in_bytes):
    """``size_in_bytes`` as MB with one decimal, e.g. ``60.5 MB``."""
    return f"{size_in_bytes / MB:.1f} MB"


def upload_limit_problem(size_in_bytes):
    """A translatable refusal if ``size_in_bytes`` exceeds the limit, else None."""
    if size_in_bytes is None or size_in_bytes <= upload_max_bytes():
        return None
    return _(
        "upload_too_large",
        default="文件大小为 ${size}，超过上传上限 ${limit} MB，未保存。请压缩或拆分后重新上传。",
        mapping={"size": format_mb(size_in_bytes), "limit": upload_max_mb()},
    )


class UploadTooLarge(UploadRefused):
    """A file field's value is over the upload limit; ``doc()`` is the Chinese reason."""


def within_upload_limit(value):
    """Field constraint: True, or raise ``UploadTooLarge`` for a new file over the limit.

    A file already stored (it has a ``_p_jar``) passed the limit of its day:
    an edit form left on 「保留现有文件」 or a PATCH echoing the GET
    representation hands it back, and lowering the limit must not make such
    documents uneditable.
    """
    if value is None or getattr(value, "_p_jar", None) is not None:
        return True
    problem = upload_limit_problem(value.getSize())
    if problem is not None:
        raise UploadTooLarge(problem)
    return True


def acceptable_upload(value):
    """Field constraint: the upload limit, then the type by content (``filecheck.py``)."""
    return within_upload_limit(value) and within_accepted_type(value)


def upload_size(upload):
    """The size in bytes of a request's ``FileUpload``, without reading it."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size


def upload_refusal(upload):
    """A translatable refusal for the request's ``FileUpload``, else None: size, then type."""
    problem = upload_limit_problem(upload_size(upload))
    if problem is None:
        problem = type_refusal(upload, clean_filename(upload.filename))
    return problem


class upload_limited(MetadataListDirective):
    """Schema directive: the named file fields take ``acceptable_upload`` (size and type).

    A directive, not a change made after the class statement: a supermodel
    schema only gets its fields from the XML when plone.supermodel finalizes
    it, at the end of the ZCML configuration.
    """

    key = UPLOAD_LIMITED_KEY

    def factory(self, *names):
        return list(names)


@adapter(ISchema)
@implementer(ISchemaPlugin)
class UploadLimitPlugin(ListCheckerPlugin):
    """Puts ``acceptable_upload`` on the fields named by ``upload_limited``."""

    key = UPLOAD_LIMITED_KEY
    order = 1000  # after plone.supermodel.load (-1000) has made the fields

    def __call__(self):
        for name in self.check():
            self.schema[name].constraint = acceptable_upload


class UploadLimitValidator(NamedFileWidgetValidator):
    """File widgets' validator on our layer: a refused upload is dropped from the form.

    Re-displaying a form with errors, plone.formwidget.namedfile parks the
    uploaded data in the ZODB so it need not be sent again; a file refused
    for its size or type must not be stored at all. The widget shows what is stored
    instead (nothing on an add form).
    """

    def validate(self, value, force=False):
        try:
            return super().validate(value, force)
        except UploadRefused:
            self.widget.value = stored_value(self.widget)
            raise


WidgetValidatorDiscriminators(UploadLimitValidator, request=IGongwenLayer, field=INamedField)


def stored_value(widget):
    """The value ``widget``'s field has on the object being edited; None on add forms."""
    if widget.ignoreContext:
        return None
    return getMultiAdapter((widget.context, widget.field), IDataManager).query()
