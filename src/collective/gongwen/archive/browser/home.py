"""``@@gongwen-archive-home``: 档案管理, the default view of a unit's 档案 folder (R-R1, R-R2).

For the unit's archivists (``collective.gongwen: Archive documents``). Per 年度: finished
documents not yet archived, archived by 保管期限, expired and on hold (``overview``); the
archivist's screens for the chosen year — 批量归档, 归档文件目录, 四性检测, 到期鉴定, 销毁申请,
销毁清册, 移交 — linked by name, a screen not (yet) installed shown without a link; and the
year's archived items by 档号, a page at a time. Catalog only; nothing is written.
"""

from plone.batching import Batch
from Products.Five.browser import BrowserView
from zope.component import queryMultiAdapter
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.archive import overview
from collective.gongwen.archive.browser.catalogue import archive_unit
from collective.gongwen.archive.browser.catalogue import requested_year
from collective.gongwen.content import times
from collective.gongwen.content.vocabularies import RETENTIONS
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.interfaces import IGongwenPageView

# (view name, title, description, takes the year): the archivist's screens, in working order.
SCREENS = (
    (
        "gongwen-archive-year",
        _("archive_home_batch", default="批量归档"),
        _("archive_home_batch_help", default="把本年度已办结的公文一次归档，附进度。"),
        True,
    ),
    (
        "gongwen-archive-catalogue",
        _("archive_home_catalogue", default="归档文件目录"),
        _(
            "archive_home_catalogue_help",
            default="按保管期限和机构生成目录，PDF 打印、Excel 下载。",
        ),
        True,
    ),
    (
        "gongwen-archive-checks",
        _("archive_home_checks", default="四性检测"),
        _("archive_home_checks_help", default="真实性、完整性、可用性、安全性检测及报告。"),
        True,
    ),
    (
        "gongwen-appraisal",
        _("archive_home_appraisal", default="到期鉴定"),
        _("archive_home_appraisal_help", default="保管期限已满的档案，逐件鉴定。"),
        False,
    ),
    (
        "gongwen-destruction",
        _("archive_home_destruction", default="销毁申请"),
        _("archive_home_destruction_help", default="申请、审批和执行销毁。"),
        False,
    ),
    (
        "gongwen-destruction-register",
        _("archive_home_register", default="销毁清册"),
        _("archive_home_register_help", default="已销毁档案的登记，永久保存。"),
        False,
    ),
    (
        "gongwen-transfer",
        _("archive_home_transfer", default="移交"),
        _("archive_home_transfer_help", default="导出年度移交包，导入并校验。"),
        True,
    ),
)


@implementer(IGongwenPageView)
class ArchiveHome(BrowserView):
    """档案管理 of one unit."""

    def __call__(self):
        self.unit = archive_unit(self.context)
        self.today = times.today()
        self.year = requested_year(self.request)
        self.years = overview.unit_years(self.unit, self.today)
        if self.year not in self.years:
            self.years = sorted({*self.years, self.year}, reverse=True)
        self.start = self._start()
        entries = overview.archived_page(self.unit, self.year, self.start)
        self.batch = Batch(entries, overview.PAGE_SIZE, start=self.start)
        return self.index()

    def _start(self):
        try:
            return max(0, min(int(str(self.request.form.get("b_start", 0))[:9]), 10**8))
        except (TypeError, ValueError):
            return 0

    def _t(self, message):
        return translate(message, context=self.request)

    def year_rows(self):
        """One row per year: counts and the link choosing it."""
        rows = []
        for year in self.years:
            counts = overview.year_counts(self.unit, year, self.today)
            rows.append(
                dict(
                    counts,
                    year=year,
                    url=f"{self.context.absolute_url()}?year={year}",
                    finished_url=self.finished_url(year) if counts["finished"] else "",
                    chosen=year == self.year,
                    retentions=[
                        (title, counts["by_retention"][token]) for token, title in RETENTIONS
                    ],
                )
            )
        return rows

    def finished_url(self, year):
        """公文检索 of the unit narrowed to ``year``'s finished documents (发文 已发送, 收文
        办结): where the archivist finds those waiting for 归档 and opens one to archive it."""
        states = "".join(f"&state={state}" for state in overview.FINISHED_STATES)
        return f"{self.unit.absolute_url()}/@@gongwen-search?year={year}{states}"

    def retention_titles(self):
        return [title_of("retention", token) for token, _title in RETENTIONS]

    def screens(self):
        """``[{name, title, help, url or None}]``: a screen that is not installed has no URL."""
        found = []
        for name, title, help_text, by_year in SCREENS:
            view = queryMultiAdapter((self.context, self.request), name=name)
            url = None
            if view is not None:
                url = f"{self.context.absolute_url()}/@@{name}"
                if by_year:
                    url += f"?year={self.year}"
            found.append(
                {"name": name, "title": self._t(title), "help": self._t(help_text), "url": url}
            )
        return found

    def rows(self):
        """The page of archived items: 档号, 件号, 题名, 保管期限, hold; from the catalog."""
        rows = []
        for brain in self.batch:
            retention = overview.brain_value("retention", brain)
            rows.append(
                {
                    "url": brain.getURL(),
                    "title": brain.Title,
                    "archival_code": overview.brain_value("archival_code", brain) or "",
                    "item_number": overview.brain_value("item_number", brain) or "",
                    "retention": title_of("retention", retention) if retention else "",
                    "hold": bool(overview.brain_value("legal_hold", brain)),
                }
            )
        return rows
