"""Multi-page Chinese documents (DOCX, PDF, scanned PDF) for conversion tests and benchmarks.

Every page carries its own numbered paragraphs; ``phrase`` appears on
``marked_page`` only, so a search for it proves the text of that very page
(and, in the scan, its OCR) was read.
"""

from pathlib import Path
from xml.sax.saxutils import escape

from tests.support.documents import FLAT_ODT
from tests.support.documents import run
from tests.support.documents import soffice_convert

LINES_PER_PAGE = 8
PAGE_BREAK_STYLE = """\
  <style:style style:name="PageStart" style:family="paragraph"
   style:parent-style-name="Body">
   <style:paragraph-properties fo:break-before="page" fo:margin-bottom="6pt"/>
   <style:text-properties style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="18pt"
    fo:font-size="18pt"/>
  </style:style>
 </office:automatic-styles>"""


def page_paragraphs(page, phrase=None):
    """The paragraphs of page ``page`` (1-based), with ``phrase`` when given."""
    lines = [
        f"第{page}页：黄河防汛工作第{page}项安排，第{line}条要求。"
        for line in range(1, LINES_PER_PAGE)
    ]
    if phrase:
        lines.insert(1, phrase)
    return lines


def make_long_document(outdir: Path, name, pages, marked_page=None, phrase=None):
    """Write ``name``.fodt with ``pages`` pages; return its path."""
    outdir.mkdir(parents=True, exist_ok=True)
    paragraphs = []
    for page in range(1, pages + 1):
        for number, text in enumerate(
            page_paragraphs(page, phrase if page == marked_page else None)
        ):
            style = "PageStart" if number == 0 and page > 1 else "Body"
            paragraphs.append(f'  <text:p text:style-name="{style}">{escape(text)}</text:p>')
    source = outdir / f"{name}.fodt"
    template = FLAT_ODT.replace(" </office:automatic-styles>", PAGE_BREAK_STYLE)
    source.write_text(
        template.format(title=escape(f"{name}（共{pages}页）"), paragraphs="\n".join(paragraphs)),
        "utf-8",
    )
    return source


def scan_pdf(pdf: Path, target: Path, dpi=200):
    """Every page of ``pdf`` as a greyscale image, wrapped into ``target``: no text layer."""
    frames = target.parent / f"{target.stem}-pages"
    frames.mkdir(exist_ok=True)
    run("pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(frames / "page"))
    images = sorted(frames.glob("page-*.png"))
    run("gm", "convert", "-density", str(dpi), *map(str, images), str(target))
    return target


def make_long_samples(
    outdir: Path, pages=20, scan_pages=8, marked_page=7, phrase="堤防巡查责任到人"
):
    """A ``pages``-page DOCX and PDF, a one-page DOCX, and a ``scan_pages``-page scan.

    Only page ``marked_page`` of the scan carries ``phrase``.
    """
    body = make_long_document(outdir, "long", pages)
    short = make_long_document(outdir, "short", 1)
    marked = make_long_document(outdir, "marked", scan_pages, marked_page, phrase)
    marked_pdf = soffice_convert(marked, "pdf", outdir)
    return {
        "docx": soffice_convert(body, "docx", outdir),
        "short_docx": soffice_convert(short, "docx", outdir),
        "pdf": soffice_convert(body, "pdf", outdir),
        "scan": scan_pdf(marked_pdf, outdir / "marked-scan.pdf"),
        "phrase": phrase,
        "marked_page": marked_page,
    }
