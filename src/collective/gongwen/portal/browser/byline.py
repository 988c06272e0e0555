"""The byline under a page's title: who published a notice or news item and when; nothing else.

Plone puts 「由 admin — 上次修改时间」 under every title: on units, departments and
folders that names the setup account, on a 公文 the last editor (the page shows its
拟稿人, 签发人 and 办理记录 in their own blocks), on our work pages (我的待办, a listing,
settings) the site or folder they are shown on. ``NoByline`` takes the byline's place on
our work pages; ``PublishedByline`` takes it everywhere else: for 通知公告 and 工作动态 it
says 「陈静 发布于 2026年12月5日」 from the publication workflow's record (R-P2), for
everything else nothing. No link to Plone's author page.
"""

from html import escape

from plone.app.layout.viewlets import ViewletBase
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content import times
from collective.gongwen.interfaces import IGongwenNews
from collective.gongwen.interfaces import IGongwenNotice
from collective.gongwen.steps.titles import principal_name

PUBLISH = "publish"


class NoByline(ViewletBase):
    """The document byline, left out."""

    def render(self):
        return ""


def last_publication(obj):
    """The workflow record of ``obj``'s last 发布 (a dict with ``actor`` and ``time``), or None."""
    history = getattr(obj, "workflow_history", None) or {}
    entries = [entry for records in history.values() for entry in records]
    published = [entry for entry in entries if entry.get("action") == PUBLISH]
    return max(published, key=lambda entry: entry["time"]) if published else None


class PublishedByline(ViewletBase):
    """「陈静 发布于 2026年12月5日」 on a published notice or news item; nothing elsewhere."""

    def text(self):
        context = self.context
        if not (IGongwenNotice.providedBy(context) or IGongwenNews.providedBy(context)):
            return ""
        entry = last_publication(context)
        if entry is None:
            return ""
        message = _(
            "byline_published",
            default="${name} 发布于 ${date}",
            mapping={
                "name": principal_name(entry.get("actor") or ""),
                "date": times.format_date(times.in_zone(entry["time"])),
            },
        )
        return translate(message, context=self.request)

    def render(self):
        text = self.text()
        if not text:
            return ""
        return (
            '<section id="section-byline" class="gongwen-byline text-muted">'
            f"{escape(text)}</section>"
        )
