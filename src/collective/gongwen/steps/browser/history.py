"""``@@gongwen-history``: a 发文's or 收文's 办理意见 (意见记录), oldest first — step, action,
who (with 代录, R-O9), when and the opinion — and the link to its slip (发文稿纸 or
来文处理单, R-T2). Shared by both flows: the page shows it after the files.
"""

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from collective.gongwen.content.containers import find_unit
from collective.gongwen.interfaces import IGongwenIncoming
from collective.gongwen.org.units import unit_departments
from collective.gongwen.steps import titles
from collective.gongwen.steps.browser import display
from collective.gongwen.steps.opinions import opinions


def subject_namer(document):
    """``name(subject)`` of what an action on ``document`` was about: a department of its
    unit by UID (a 收文's handling part), else a person's or group's name (a reader)."""
    unit = find_unit(document)
    departments = {d.UID(): d.Title() for d in (unit_departments(unit) if unit else ())}

    def name(subject):
        return departments.get(subject) or titles.principal_name(subject)

    return name


class History(BrowserView):
    """The opinion history of the document, for its page."""

    template = ViewPageTemplateFile("history.pt")

    def __call__(self):
        document = self.context
        self.incoming = IGongwenIncoming.providedBy(document)
        name = subject_namer(document)
        self.rows = [
            display.history_row(record, self.request, document.portal_type, name)
            for record in opinions(document)
        ]
        return self.template()
