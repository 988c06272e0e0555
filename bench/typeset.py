"""Typesetting speed (R-T1): a 10-page 发文 to the GB/T 9704 official PDF.

    .venv/bin/python bench/typeset.py [--pages 10] [--runs 5]

Renders a 下行文 通知 whose body fills ``--pages`` pages (plain Chinese text,
22 lines of 28 characters a page) with ``typeset.pdf.render_official_pdf``
(WeasyPrint, in this process) ``--runs`` times after one warm-up run that
loads the fonts, and prints the page count and the times in milliseconds.
The issue's target: a 10-page document in ≤ 2 s.
"""

import argparse
import datetime
import io
import statistics
import sys
import time
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from collective.gongwen.typeset.pdf import render_official_pdf  # noqa: E402

SENTENCE = "为切实做好今年汛前检查工作确保堤防工程安全度汛现将有关事项通知如下各单位要高度重视"
CHARS_PER_PAGE = 22 * 28


def fields(pages):
    """A 下行文 通知 whose body is about ``pages`` pages of text."""
    paragraph = SENTENCE * 6  # about 8 lines
    count = max(1, round(pages * CHARS_PER_PAGE / len(paragraph)))
    return {
        "issuer_mark": "长垣河务局文件",
        "issue_number": "长河〔2026〕8号",
        "direction": "downward",
        "doc_kind": "通知",
        "title": "关于做好汛前检查的通知",
        "main_recipients": ["局属各单位"],
        "text": "".join(f"<p>{paragraph}</p>" for _ in range(count)),
        "attachment_note": ["1. 防汛物资清单", "2. 工程量表"],
        "signing_organ": "长垣河务局",
        "written_date": datetime.date(2026, 11, 25),
        "cc_recipients": ["濮阳河务局"],
        "printing_organ": "长垣河务局办公室",
        "printed_date": datetime.date(2026, 11, 25),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    values = fields(args.pages)
    pdf = render_official_pdf(values)  # warm-up: fonts, CSS
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        render_official_pdf(values)
        times.append((time.perf_counter() - start) * 1000)
    print(f"official PDF: {pages} pages, {len(pdf) // 1024} KiB")
    print(
        f"render_official_pdf: n={len(times)} median {statistics.median(times):.0f} ms, "
        f"min {min(times):.0f} ms, max {max(times):.0f} ms (target ≤ 2000 ms for 10 pages)"
    )


if __name__ == "__main__":
    main()
