"""The PDFs we typeset, rendered with WeasyPrint: the official PDF of a 发文 (R-T1) from
``layout``'s HTML, the processing slips (R-T2) from ``slip_layout``'s.

WeasyPrint fetches through ``fetcher.SafeURLFetcher`` only (R-SEC5); the
document named in its log is ``fields["source"]`` when given. The fonts are
embedded as compact subsets (``compact_fonts``). In the portal
this runs in a child process (``child``), capped in pages and time.
"""

from collective.gongwen.typeset import layout
from collective.gongwen.typeset import rules
from collective.gongwen.typeset.attachment_pages import overlay
from collective.gongwen.typeset.caps import check_pages
from collective.gongwen.typeset.compact_fonts import write_pdf
from collective.gongwen.typeset.slip_layout import slip_html

MM_PER_PX = 25.4 / 96


def render_official_pdf(fields, fonts=None, max_pages=None):
    """PDF bytes of the official document for the plain dict ``fields`` (see ``layout``).

    The attachments' pages (``fields["attachment_pages"]``, 7.3.7) are placed
    into the boxes the layout left for them. Raises ``caps.TooManyPages``
    when it lays out to more than ``max_pages`` pages.
    """
    document = render_official(fields, fonts, max_pages)
    return place_attachments(write_pdf(document), document, fields)


def render_official(fields, fonts=None, max_pages=None):
    """The rendered WeasyPrint ``Document``, its 版记 on an even page.

    GB/T 9704 prints on both sides and puts the 版记 on the document's last
    face: when the first rendering leaves it on an odd page, the text is set
    again with the 版记 on the next page if the text ended on an odd page
    (its own back), else after a blank page — and then neither the blank
    page nor the 版记 page carries a number (8).

    The 附件说明 and the 署名 keep with the text: when they went over to a new
    page with the text's last lines, the text is set once more with their
    blank lines squeezed (7.3.5 特殊情况说明, ``layout.squeezed_css``), and that
    is kept if it brings the 署名 back a page.
    """
    squeezed = False
    document = _render(fields, fonts, layout.SAME)
    check_pages(len(document.pages), max_pages)
    if _went_over(document, fields):
        tighter = _render(fields, fonts, layout.SAME, squeezed=True)
        if page_of(tighter, layout.SIGNATURE_ID) < page_of(document, layout.SIGNATURE_ID):
            document, squeezed = tighter, True
    colophon = page_of(document, layout.COLOPHON_ID)
    if colophon is None or colophon % 2 == 0:
        return document
    body_end = page_of(document, layout.BODY_END_ID) or colophon
    placement = layout.NEXT if body_end % 2 else layout.AFTER_BLANK
    document = _render(fields, fonts, placement, squeezed)
    check_pages(len(document.pages), max_pages)
    return document


# A 署名 this close under the top of its page went over with the text's last
# lines and the 附件说明: one line won may bring it back.
_WENT_OVER_WITHIN = rules.TEXT_HEIGHT / 3


def _went_over(document, fields):
    """Whether the 署名 after a 附件说明 starts a page, under a few lines of the text."""
    if not rules.attachment_lines(fields.get("attachment_note")):
        return False
    found = _anchor(document, layout.SIGNATURE_ID)
    if found is None or found[0] == 0:
        return False
    _, (_x0, top, _x1, _y1) = found
    return top * MM_PER_PX - rules.TOP_MARGIN < _WENT_OVER_WITHIN


def page_of(document, anchor):
    """The number (from 1) of the page of ``document`` holding the element with id ``anchor``."""
    for number, page in enumerate(document.pages, 1):
        if anchor in page.anchors:
            return number
    return None


def _render(fields, fonts, colophon_page, squeezed=False):
    from weasyprint import HTML

    from collective.gongwen.typeset.fetcher import SafeURLFetcher

    html = layout.official_html(fields, fonts, colophon_page, squeezed)
    return HTML(string=html, url_fetcher=SafeURLFetcher(fields.get("source"))).render()


def place_attachments(data, document, fields):
    """``data`` (the PDF of ``document``) with each attachment's pages in their boxes.

    The boxes are found by their ids in the rendered ``document``; a box is
    kept inside the 版心.
    """
    placements = []
    for number, entry in enumerate(fields.get("attachment_pages") or (), 1):
        if not entry.get("pdf"):
            continue
        for page in range(1, int(entry.get("pages") or 1) + 1):
            found = _anchor(document, layout.attachment_page_id(number, page))
            if found is None:
                continue
            index, (x0, y0, x1, y1) = found
            box = (
                max(x0 * MM_PER_PX, rules.LEFT_MARGIN),
                max(y0 * MM_PER_PX, rules.TOP_MARGIN),
                min(x1 * MM_PER_PX, rules.LEFT_MARGIN + rules.TEXT_WIDTH),
                min(y1 * MM_PER_PX, rules.TEXT_BOTTOM),
            )
            placements.append((index, entry["pdf"], page - 1, box))
    return overlay(data, placements)


def _anchor(document, anchor):
    """``(page index, (x0, y0, x1, y1) in CSS px)`` of the element with id ``anchor``, or None."""
    for index, page in enumerate(document.pages):
        if anchor in page.anchors:
            return index, page.anchors[anchor]
    return None


def render_slip_pdf(fields, fonts=None, max_pages=None):
    """PDF bytes of the slip given as the plain dict ``fields`` (see ``slip_layout``).

    Fetches through ``fetcher.SafeURLFetcher`` only (R-SEC5); raises
    ``caps.TooManyPages`` over ``max_pages`` pages.
    """
    from weasyprint import HTML

    from collective.gongwen.typeset.fetcher import SafeURLFetcher

    fetcher = SafeURLFetcher(fields.get("source"))
    document = HTML(string=slip_html(fields, fonts), url_fetcher=fetcher).render()
    check_pages(len(document.pages), max_pages)
    return write_pdf(document)


def render_html_pdf(fields, fonts=None, max_pages=None):
    """PDF bytes of ``fields["html"]``, a page another package laid out (e.g. the archive's
    归档文件目录), fetched through ``fetcher.SafeURLFetcher`` only (R-SEC5) and capped at
    ``max_pages`` pages (``caps.TooManyPages``). ``fonts`` is unused: the HTML names them.
    """
    from weasyprint import HTML

    from collective.gongwen.typeset.fetcher import SafeURLFetcher

    fetcher = SafeURLFetcher(fields.get("source"))
    document = HTML(string=fields["html"], url_fetcher=fetcher).render()
    check_pages(len(document.pages), max_pages)
    return write_pdf(document)
