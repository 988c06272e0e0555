"""What the GB/T 9704 frame prints is not printed twice (R-D6 套红); plain Python, no Zope.

A drafter's Word 正文 is usually the whole 公文 as it was typed: the title on top, the
主送机关 under it, the text, and at the end the 附件说明, the 发文机关署名 and the 成文日期.
The 正式文件 prints all of these from the 发文's own fields (7.3.1–7.3.5): taken over from
the file as well, each would appear twice. ``without_frame_repeats`` takes them out of the
body's HTML — only where they stand (the first two blocks, the last ones) and only when
they are what the frame prints: the title and the 主送 as the fields say them, a date
line, the 署名 as the field says it, and the 附件说明 when the 发文 has its own. Everything
else of the file stays as it is.
"""

import re

from lxml import html as lxml_html

BLOCKS = (
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "hr",
)
# 2026年3月1日, 2026年03月01日, 二〇二六年三月一日
DATE = re.compile(
    r"^(\d{4}|[〇零一二三四五六七八九]{4})年"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})日$"
)
RECIPIENT_SEPARATORS = re.compile(r"[、，,；;]")
ATTACHMENT_START = re.compile(r"^附件[：:]")
ATTACHMENT_ITEM = re.compile(r"^\d{1,2}[.．、]")


def _plain(value):
    """Text without any whitespace (full-width spaces included), for comparing."""
    return re.sub(r"\s+", "", value or "").replace("\u3000", "")


def _text(element):
    return _plain(element.text_content())


def _is_block(element):
    return isinstance(getattr(element, "tag", None), str) and element.tag in BLOCKS


def is_recipients_line(text, recipients):
    """True when ``text`` is the 主送 line of ``recipients`` (names, in order, and a colon)."""
    if not recipients or not text or text[-1] not in "：:":
        return False
    names = [_plain(name) for name in RECIPIENT_SEPARATORS.split(text[:-1]) if _plain(name)]
    return names == [_plain(name) for name in recipients if _plain(name)]


def without_frame_repeats(
    body_html, title="", recipients=(), signing_organ="", has_attachment_note=False
):
    """``body_html`` without the blocks that repeat what the frame prints (see the module)."""
    if not (body_html or "").strip():
        return body_html or ""
    try:
        parts = lxml_html.fragments_fromstring(body_html)
    except Exception:  # noqa: BLE001 - not HTML lxml can read: left as it is
        return body_html
    if parts and isinstance(parts[0], str):
        return body_html  # loose text before the first element: not a file's blocks
    blocks = list(parts)
    if not blocks or not all(_is_block(block) for block in blocks):
        return body_html

    start = 0
    if start < len(blocks) and title and _text(blocks[start]) == _plain(title):
        start += 1
    if start < len(blocks) and is_recipients_line(_text(blocks[start]), recipients):
        start += 1

    end = len(blocks)
    if end > start and DATE.match(_text(blocks[end - 1])):
        end -= 1
    if end > start and signing_organ and _text(blocks[end - 1]) == _plain(signing_organ):
        end -= 1
    if has_attachment_note:
        # 附件：1. … and the items under it, right before the 署名
        first = end
        while first > start and ATTACHMENT_ITEM.match(_text(blocks[first - 1])):
            first -= 1
        if first > start and ATTACHMENT_START.match(_text(blocks[first - 1])):
            end = first - 1

    if (start, end) == (0, len(blocks)):
        return body_html
    kept = blocks[start:end]
    return "".join(lxml_html.tostring(block, encoding="unicode") for block in kept)
