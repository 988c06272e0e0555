"""Titles of the 收文 handling parts' stages (the panel); action titles are ``routing.titles``'."""

from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.incoming import rules

PART_TITLES = {
    rules.PART_RECEIVING: _("incoming_part_receiving", default="收文员接收"),
    rules.PART_INSTRUCTING: _("incoming_part_instructing", default="负责人批办中"),
    rules.PART_INSTRUCTED: _("incoming_part_instructed", default="已批办，收文员办理"),
    rules.PART_DONE: _("incoming_part_done", default="已办毕"),
}


def part_title(stage, request):
    """The title of a handling part's stage."""
    title = PART_TITLES.get(stage)
    return translate(title, context=request) if title is not None else stage
