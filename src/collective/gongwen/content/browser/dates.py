"""Dates on our pages as official documents write them: 2026年12月5日, not 26-12-5.

Plone shows a date field with the locale's *short* format, which for
Chinese is ``yy-M-d``; GB/T 9704 (7.3.5.4) writes 成文日期 in full, so on our
browser layer date fields display in the locale's *long* format (English:
"December 5, 2026"). Input is untouched: it stays the browser's date picker.
"""

from plone.app.z3cform.widgets.datetime import DateWidget
from z3c.form.interfaces import IFieldWidget
from z3c.form.widget import FieldWidget
from zope.component import adapter
from zope.interface import implementer
from zope.schema.interfaces import IDate

from collective.gongwen.interfaces import IGongwenLayer


class FullDateWidget(DateWidget):
    """Plone's date widget, displaying the full date."""

    _formater_length = "long"


@adapter(IDate, IGongwenLayer)
@implementer(IFieldWidget)
def FullDateFieldWidget(field, request):
    """The date widget of every date field on our layer."""
    return FieldWidget(field, FullDateWidget(request))
