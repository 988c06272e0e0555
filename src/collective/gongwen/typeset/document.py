"""Plone glue: a 发文, its unit's 发文机关标志 and seal, read into the dict ``layout`` takes.

The body is the rich-text 正文, or — for a Word 正文 (R-D6) — the HTML its 清稿 made of
the version it holds now (``content.body.official_html``, 套红), without the title, 主送,
附件说明, 署名 and date the frame prints from the fields (``body_frame``); without that HTML
the 正式文件 is refused (``WordBodyNotTypeset``), never typeset with an empty body.
"""

import base64

from collective.gongwen import _
from collective.gongwen.content import body
from collective.gongwen.content.richtext import clean_body_html
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.org.units import find_unit
from collective.gongwen.typeset import rules
from collective.gongwen.typeset.body_frame import without_frame_repeats
from collective.gongwen.typeset.caps import RenderRefused


def _html(value):
    if value is None:
        return ""
    output = getattr(value, "output", None)
    return output if output is not None else str(value)


def image_uri(unit, name):
    """The unit's image field ``name`` (seal, signature stamp) as a ``data:`` URI; "" if none."""
    image = getattr(unit, name, None) if unit is not None else None
    if image is None or not image.size:
        return ""
    encoded = base64.b64encode(image.data).decode("ascii")
    return f"data:{image.contentType or 'image/png'};base64,{encoded}"


class WordBodyNotTypeset(RenderRefused):
    """R-D6: the Word 正文 has no 清稿 of the version it holds now to typeset."""

    def __init__(self):
        super().__init__(
            _(
                "error_render_word_body_not_clean",
                default="Word 正文的当前版本尚未清稿，未生成正式文件。请文印室先清稿，再重新排版。",
            ),
            "no official HTML of the current Word body",
        )


def body_html(document):
    """The 正文 the 正式文件 is typeset from, cleaned (R-SEC5): the Word 正文's 清稿 HTML, else
    the rich text. Raises ``WordBodyNotTypeset`` for a Word 正文 not 清稿'd as it is now."""
    if body.has_word_body(document):
        html = body.official_html(document)
        if html is None:
            raise WordBodyNotTypeset()
        # the file's own title, 主送, 附件说明, 署名 and date: the frame prints them
        html = without_frame_repeats(
            html,
            title=getattr(document, "title", "") or "",
            recipients=tuple(getattr(document, "main_recipients", None) or ()),
            signing_organ=getattr(document, "signing_organ", "") or "",
            has_attachment_note=bool(getattr(document, "attachment_note", None)),
        )
        return clean_body_html(html)
    # Stored clean (R-SEC5); cleaned again for bodies stored before the rule.
    return clean_body_html(_html(getattr(document, "text", None)))


def official_fields(document):
    """The fields of the official PDF of the 发文 ``document`` (see ``typeset.layout``).

    Raises ``WordBodyNotTypeset`` (``body_html``) when its Word 正文 is not 清稿'd.
    """
    unit = find_unit(document)

    def get(name, default=None):
        value = getattr(document, name, default)
        return default if value is None else value

    return {
        "issuer_mark": (getattr(unit, "issuer_mark", "") or "") if unit is not None else "",
        "format": rules.doc_kind_format(get("doc_kind", "")),
        "issue_number": get("issue_number", ""),
        "direction": get("direction", "downward"),
        "doc_kind": title_of("doc_kind", get("doc_kind", "")),
        "signer": get("signer", ""),
        "signer_title": get("signer_title", ""),
        "copy_number": get("copy_number", ""),
        "classification": title_of("classification", get("classification", "none")),
        "secrecy_period": get("secrecy_period", ""),
        "urgency": title_of("urgency", get("urgency", "normal")),
        "title": get("title", ""),
        "main_recipients": list(get("main_recipients", ())),
        "text": body_html(document),
        "attachment_note": list(get("attachment_note", ())),
        "signing_organ": get("signing_organ", ""),
        "written_date": get("written_date"),
        "sealed": bool(get("sealed", True)),
        "seal_image": image_uri(unit, "seal_image"),
        "signature_stamp": image_uri(unit, "signature_stamp"),
        "seal_diameter": getattr(unit, "seal_diameter", None) or rules.SEAL_DIAMETER,
        "remarks": get("remarks", ""),
        "cc_recipients": list(get("cc_recipients", ())),
        "printing_organ": get("printing_organ", ""),
        "printed_date": get("printed_date"),
        "attendees": list(get("attendees", ())),
        "absent": list(get("absent", ())),
        "observers": list(get("observers", ())),
    }


def fill_colophon(document, today):
    """At 登记编号 the document goes to print: its 印发日期 is today (7.4.2) if not set.

    An empty 印发机关 becomes the unit's office (「长垣河务局办公室」), the organ
    that prints a bureau's documents.
    """
    if getattr(document, "printed_date", None) is None:
        document.printed_date = today
    if not (getattr(document, "printing_organ", None) or "").strip():
        unit = find_unit(document)
        if unit is not None:
            document.printing_organ = rules.default_printing_organ(unit.Title())
