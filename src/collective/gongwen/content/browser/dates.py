"""Dates and times on our pages.

Dates as official documents write them: 2026年12月5日, not 26-12-5. Plone
shows a date field with the locale's *short* format, which for Chinese is
``yy-M-d``; GB/T 9704 (7.3.5.4) writes 成文日期 in full, so on our browser
layer date fields display in the locale's *long* format (English: "December
5, 2026"). Input is untouched: it stays the browser's date picker.

Times in the portal's zone (R-RUN2): our views write them with
``content.times`` (``minute_text`` for the text, ``iso_text`` for
``<time datetime>``). Plone's toolbar writes the modification time with its
offset and lets the browser show it (``pat-display-time``) in the *browser's*
zone; ``ContentViewsViewlet`` has the browser read the wall-clock part only,
so a browser set to UTC shows the portal's time too.
"""

from plone.app.layout.viewlets import common
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


# The toolbar's modification time (plone.app.layout viewlets/menu.pt) and how we have it read.
PLONE_TIME_OPTIONS = 'data-pat-display-time="output-format: L LTS"'
PORTAL_TIME_OPTIONS = 'data-pat-display-time="output-format: L LTS; format: YYYY-MM-DDTHH:mm:ss"'


class ContentViewsViewlet(common.ContentViewsViewlet):
    """Plone's toolbar; its modification time shown as the portal's wall clock in any browser."""

    def menu_template(self, *args, **kwargs):
        html = common.ContentViewsViewlet.menu_template(self, *args, **kwargs)
        return html.replace(PLONE_TIME_OPTIONS, PORTAL_TIME_OPTIONS)
