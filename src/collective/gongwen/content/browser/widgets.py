"""The field widgets of our forms and pages (browser layer ``IGongwenLayer``).

Dates (issue 19, decision 7): a date field shown on a page reads
「2026年12月5日」 (``times.format_date``), a date-and-time field
「2026年12月5日 09:05」 (``times.minute_date_text``), never the Chinese
locale's short ``26-12-5`` that Plone's widgets use. A page asked for in
another language keeps that locale's long form ("December 5, 2026").
Input is the browser's date picker, whose value is ``2026-12-05``.

Selects: z3c.form's empty option reads 「空值」 ("No value"); ours reads
「请选择」. A required choice with nothing chosen yet (文种 on a new 发文 or
收文) offers that empty option too (z3c.form's ``prompt``) instead of showing
its first term as if it had been chosen: the drafter picks 文种, and sending
the form without one is refused as any missing required field is. A choice
with a default (紧急程度 普通, 密级 非密) or a stored value offers no empty
option.

Files: beside a file's name, Plone writes its type's English name from the MIME
registry ("归档记录.xml — XML document, 4 KB"); ours writes 「XML 文件」.
"""

from plone.app.z3cform.widgets.datetime import DatetimeWidget
from plone.app.z3cform.widgets.datetime import DateWidget
from plone.formwidget.namedfile.widget import NamedFileWidget
from plone.namedfile.interfaces import INamedFileField
from z3c.form.interfaces import IDataConverter
from z3c.form.interfaces import IFieldWidget
from z3c.form.interfaces import ISelectWidget
from z3c.form.widget import ComputedWidgetAttribute
from z3c.form.widget import FieldWidget
from zope.component import adapter
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import implementer
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime

from collective.gongwen import _
from collective.gongwen.content import times
from collective.gongwen.interfaces import IGongwenLayer

SELECT_PROMPT = _("select_prompt", default="请选择")


class _ChineseDisplay:
    """Display through ``content.times`` on a Chinese page, the locale's long form otherwise."""

    _formater_length = "long"
    chinese_text = None  # the ``times`` function writing the field's value

    def render(self):
        if self.mode != "display" or not self.value or not self._chinese():
            return super().render()
        converter = getMultiAdapter((self.field, self), IDataConverter)
        value = converter.toFieldValue(self.value)
        if value is self.field.missing_value:
            return ""
        return type(self).chinese_text(value)

    def _chinese(self):
        locale = getattr(self.request, "locale", None)
        language = getattr(getattr(locale, "id", None), "language", None)
        return language in (None, "zh")


class GongwenDateWidget(_ChineseDisplay, DateWidget):
    """Plone's date widget; shown as 2026年12月5日."""

    chinese_text = staticmethod(times.format_date)


class GongwenDatetimeWidget(_ChineseDisplay, DatetimeWidget):
    """Plone's date-and-time widget; shown as 2026年12月5日 09:05."""

    chinese_text = staticmethod(times.minute_date_text)


@adapter(IDate, IGongwenLayer)
@implementer(IFieldWidget)
def GongwenDateFieldWidget(field, request):
    """The widget of every date field on our layer."""
    return FieldWidget(field, GongwenDateWidget(request))


@adapter(IDatetime, IGongwenLayer)
@implementer(IFieldWidget)
def GongwenDatetimeFieldWidget(field, request):
    """The widget of every date-and-time field on our layer."""
    return FieldWidget(field, GongwenDatetimeWidget(request))


def _prompts(adapter_value):
    """A required choice offers 「请选择」 while nothing is chosen (no default, no stored value)."""
    return bool(adapter_value.field.required and not adapter_value.widget.value)


SelectNoValueMessage = ComputedWidgetAttribute(
    lambda adapter_value: SELECT_PROMPT,
    request=IGongwenLayer,
    field=IChoice,
    widget=ISelectWidget,
)
SelectPromptMessage = ComputedWidgetAttribute(
    lambda adapter_value: SELECT_PROMPT,
    request=IGongwenLayer,
    field=IChoice,
    widget=ISelectWidget,
)
SelectPrompt = ComputedWidgetAttribute(
    _prompts,
    request=IGongwenLayer,
    field=IChoice,
    widget=ISelectWidget,
)


class GongwenNamedFileWidget(NamedFileWidget):
    """Plone's file widget; the file's type named by its extension: 「XML 文件」, 「PDF 文件」."""

    @property
    def file_content_type(self):
        if not self.value:
            return ""
        _name, dot, extension = (getattr(self.value, "filename", None) or "").rpartition(".")
        if not dot or not extension.isascii() or not extension.isalnum() or len(extension) > 8:
            return translate(_("file_type_unknown", default="文件"), context=self.request)
        mapping = {"extension": extension.upper()}
        message = _("file_type", default="${extension} 文件", mapping=mapping)
        return translate(message, context=self.request)


@adapter(INamedFileField, IGongwenLayer)
@implementer(IFieldWidget)
def GongwenNamedFileFieldWidget(field, request):
    """The widget of every file field on our layer."""
    return FieldWidget(field, GongwenNamedFileWidget(request))
