"""The attachments' own pages in the official PDF (R-T1, GB/T 9704-2012 §7.3.7); plain Python.

An attachment starts on a new page with its label (「附件1」) and title; the
layout leaves an empty box for each of its pages, the first below the title,
the others filling the 版心. ``attachment_entries`` says how many boxes each
attachment needs (its PDF's page count; one, the title page only, when the
PDF is missing or unreadable); after rendering, ``overlay`` scales each source
page into its box: the same scale both ways, centred, at the box's top.
"""

import io
import logging

from pypdf import PdfReader
from pypdf import PdfWriter
from pypdf import Transformation

from collective.gongwen.typeset import rules

logger = logging.getLogger(__name__)

PT_PER_MM = 72 / 25.4


def _reader(data):
    """A ``PdfReader`` of ``data`` with at least one page, or None (missing, broken, locked)."""
    if not data:
        return None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        if not len(reader.pages):
            return None
        reader.pages[0].mediabox  # noqa: B018 - the first page must at least parse
    except Exception:  # noqa: BLE001 - whatever a broken file raises, it is unavailable
        logger.info("attachment PDF unreadable", exc_info=True)
        return None
    return reader


def page_count(data):
    """The number of pages of the PDF ``data``; 0 if it is missing, broken or encrypted."""
    reader = _reader(data)
    return len(reader.pages) if reader is not None else 0


def attachment_label(number, count):
    """「附件」 alone for a single attachment, else 「附件1」, 「附件2」…"""
    return "附件" if count == 1 else f"附件{number}"


def within_bytes(attachments, max_bytes):
    """``[(title, pdf bytes or None)]`` with the PDFs beyond ``max_bytes`` in all taken away.

    The PDFs are taken in order while they fit; one that does not fit gets
    its title page only, as one not converted yet (a render's input is
    bounded, R-SEC5).
    """
    kept, used = [], 0
    for title, data in attachments:
        if data and used + len(data) > max_bytes:
            data = None
        used += len(data or b"")
        kept.append((title, data))
    return kept


def attachment_entries(attachments):
    """``fields["attachment_pages"]`` for ``[(title, pdf bytes or None)]``; and the missing titles.

    Each entry is ``{"label", "title", "pages", "pdf"}``; ``pdf`` is None for an
    attachment whose PDF is missing or unreadable, which gets its title page only.
    """
    entries, missing = [], []
    for number, (title, data) in enumerate(attachments, 1):
        title = rules.attachment_name(title)
        pages = page_count(data)
        if not pages:
            missing.append(title)
        entries.append(
            {
                "label": attachment_label(number, len(attachments)),
                "title": title,
                "pages": pages or 1,
                "pdf": data if pages else None,
            }
        )
    return entries, missing


def _fit(source, box, page_height):
    """The transformation that puts ``source`` into ``box`` (x0, top, x1, bottom in pt, top-down).

    The page as it is shown (its ``/Rotate`` applied), at one scale both ways
    and never enlarged; centred horizontally, aligned to the top.
    """
    view = source.cropbox
    left, bottom = float(view.left), float(view.bottom)
    width, height = float(view.width), float(view.height)
    rotation = (source.rotation or 0) % 360
    upright = Transformation().translate(-left, -bottom)
    if rotation == 90:
        upright = upright.rotate(-90).translate(0, width)
    elif rotation == 180:
        upright = upright.rotate(180).translate(width, height)
    elif rotation == 270:
        upright = upright.rotate(90).translate(height, 0)
    if rotation in (90, 270):
        width, height = height, width
    x0, top, x1, box_bottom = box
    scale = min((x1 - x0) / width, (box_bottom - top) / height, 1.0)
    x = x0 + ((x1 - x0) - width * scale) / 2
    y = page_height - top - height * scale
    return upright.scale(scale, scale).translate(x, y)


def overlay(body, placements):
    """``body`` (PDF bytes) with source pages merged onto its pages; PDF bytes.

    ``placements``: ``[(page_index, source_pdf, source_page_index, box)]``, the
    box in mm from the paper's top-left corner as ``(x0, top, x1, bottom)``.
    A source that cannot be read or merged leaves its box empty.
    """
    if not placements:
        return body
    writer = PdfWriter(clone_from=io.BytesIO(body))
    readers = {}
    for index, source, source_index, box in placements:
        key = id(source)
        if key not in readers:
            readers[key] = _reader(source)
        reader = readers[key]
        if reader is None or not 0 <= index < len(writer.pages):
            continue
        target = writer.pages[index]
        try:
            page = reader.pages[source_index]
            box_pt = tuple(v * PT_PER_MM for v in box)
            transform = _fit(page, box_pt, float(target.mediabox.height))
            target.merge_transformed_page(page, transform)
        except Exception:  # noqa: BLE001 - a bad page must not stop the typesetting
            logger.warning("attachment page %s not placed", source_index + 1, exc_info=True)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
