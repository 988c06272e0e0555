"""The caps on the rendering of any one PDF (R-SEC5): pages and seconds; plain Python.

A 正式文件 or slip longer than ``max_pages`` pages is refused once laid out;
one that takes longer than ``timeout`` seconds is killed (``child``).
Both come from 公文设置 (``render_max_pages``, ``render_timeout_seconds``;
``settings.render_caps``): a body is bounded at about 100 typeset pages and
the 附件's pages come on top, hence 300 pages; a 100-page 正式文件 lays out
in about 2.5 s, hence 60 s leaves room for a busy server and stops a
runaway within a minute.
"""

import dataclasses

from collective.gongwen import _


@dataclasses.dataclass(frozen=True)
class RenderCaps:
    """What one render may use: ``max_pages`` pages, ``timeout`` seconds."""

    max_pages: int
    timeout: float


class RenderRefused(Exception):
    """A PDF was not made; ``message`` says why, in Chinese (a translatable message)."""

    def __init__(self, message, detail=""):
        self.message = message
        super().__init__(detail or str(getattr(message, "default", message)))


class TooManyPages(RenderRefused):
    """The document laid out to more pages than the cap."""

    def __init__(self, pages, max_pages):
        self.pages, self.max_pages = pages, max_pages
        super().__init__(
            _(
                "error_render_too_many_pages",
                default="排版结果共${pages}页，超过单个文件${max}页的上限，未生成 PDF。"
                "请精简正文或将部分内容改为附件另行处理后重新排版。",
                mapping={"pages": pages, "max": max_pages},
            ),
            f"{pages} pages > {max_pages}",
        )


class RenderTimedOut(RenderRefused):
    """The rendering took longer than the cap and was stopped."""

    def __init__(self, timeout):
        self.timeout = timeout
        seconds = f"{timeout:g}"
        super().__init__(
            _(
                "error_render_timed_out",
                default="排版超过${seconds}秒仍未完成，已停止，未生成 PDF。"
                "请精简正文后重新排版，或联系系统管理员。",
                mapping={"seconds": seconds},
            ),
            f"stopped after {seconds} s",
        )


class RenderFailed(RenderRefused):
    """The rendering failed for another reason (logged with its details)."""

    def __init__(self, detail=""):
        super().__init__(
            _("error_render_failed", default="排版失败，未生成 PDF，请稍后重试或联系系统管理员。"),
            detail,
        )


def check_pages(pages, max_pages):
    """Raise ``TooManyPages`` when ``pages`` is over ``max_pages`` (None: no cap)."""
    if max_pages is not None and pages > max_pages:
        raise TooManyPages(pages, max_pages)
