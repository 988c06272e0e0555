"""The Word 正文 of 20 pages (R-D6): compare, 清稿 and 套红 as the workers do them.

    .venv/bin/python bench/bench_wordbody.py [--runs 5]

The 20-page 通知 of ``tests/support/wordfiles.twenty_pages`` (numbered headings,
two tables, a picture, 30 tracked changes by 3 authors, 3 comments) and its
next draft. Each is timed ``--runs`` times after one warm-up run, in the
worker's code path (``wordbody.worker``; no portal, no HTTP):

- compare — both versions read (``docx.read_document``) and compared into the
  page's HTML (``worker.compared_html``); target ≤ 3 s;
- 清稿 — ``worker.cleaned``: the file read, LibreOffice started in the
  sandbox, every change accepted, every comment out, the result stored and
  read again (soffice's start-up included); target ≤ 5 s;
- 套红 — the clean version's 套红 HTML (``official.official_body_html``) and
  the GB/T 9704 official PDF from it (``typeset.pdf.render_official_pdf``, what
  the render job runs); target ≤ 5 s.

The baseline, measured in the same run on the same machine: LibreOffice
converting the same .docx to PDF (``soffice --convert-to pdf`` through
``conversion.tools.office_convert``, as the viewer's conversion does). Prints
a table of medians and whether each target holds.
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from collective.gongwen.conversion import tools  # noqa: E402
from collective.gongwen.typeset.pdf import render_official_pdf  # noqa: E402
from collective.gongwen.wordbody import office  # noqa: E402
from collective.gongwen.wordbody import worker  # noqa: E402
from collective.gongwen.wordbody.docx import read_document  # noqa: E402
from collective.gongwen.wordbody.official import official_body_html  # noqa: E402
from tests.support import wordfiles  # noqa: E402

TARGETS = {"compare": 3.0, "清稿": 5.0, "套红": 5.0}


def fields(html):
    """The official document's fields with ``html`` as its 正文 (bench/typeset.py's 通知)."""
    return {
        "issuer_mark": "长垣河务局文件",
        "issue_number": "长河〔2027〕3号",
        "direction": "downward",
        "doc_kind": "通知",
        "title": wordfiles.TITLE,
        "main_recipients": ["各县（区）河务局", "局属各单位"],
        "text": html,
        "attachment_note": ["1. 2027年度防汛责任人名单"],
        "signing_organ": "黄河河务局",
        "written_date": datetime.date(2027, 3, 1),
        "cc_recipients": ["濮阳河务局"],
        "printing_organ": "黄河河务局办公室",
        "printed_date": datetime.date(2027, 3, 1),
    }


def timed(function, runs):
    """``function()`` once to warm up, then ``runs`` times: (median seconds, last result)."""
    result = function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    timeout = office.office_timeout()
    draft, revised = wordfiles.twenty_pages(), wordfiles.twenty_pages(revised=True)
    with tempfile.TemporaryDirectory(prefix="bench-wordbody-") as workdir:
        source = os.path.join(workdir, "twenty.docx")
        Path(source).write_bytes(draft)

        def baseline():
            folder = tempfile.mkdtemp(dir=workdir)
            target = os.path.join(folder, "twenty.pdf")
            tools.office_convert(source, "docx", target, tools.office_profile(), "pdf")
            return target

        def compare():
            return worker.compared_html(read_document(draft), read_document(revised))

        def clean():
            return worker.cleaned(source, "twenty.docx", tempfile.mkdtemp(dir=workdir), timeout)

        base, pdf_path = timed(baseline, args.runs)
        with pdfplumber.open(pdf_path) as pdf:
            source_pages = len(pdf.pages)
        compared, html = timed(compare, args.runs)
        cleaning, (clean_data, clean_document) = timed(clean, args.runs)
        typesetting, official = timed(
            lambda: render_official_pdf(fields(official_body_html(clean_document))), args.runs
        )
    with pdfplumber.open(io.BytesIO(official)) as pdf:
        official_pages = len(pdf.pages)
    print(
        f"20-page 通知: {len(draft) // 1024} KiB .docx, {source_pages} pages as LibreOffice lays "
        f"it out, {len(read_document(draft).changes)} tracked changes; "
        f"compare HTML {len(html) // 1024} KiB; clean .docx {len(clean_data) // 1024} KiB; "
        f"official PDF {official_pages} pages"
    )
    print(f"median of {args.runs} runs after a warm-up, seconds")
    print(f"{'':<10}{'median':>8}{'baseline':>10}{'ratio':>7}{'target':>8}  holds")
    baseline_label = "soffice --convert-to pdf of the same .docx"
    failed = False
    for name, seconds in (("compare", compared), ("清稿", cleaning), ("套红", typesetting)):
        target = TARGETS[name]
        holds = seconds <= target
        failed |= not holds
        label = name + " " * (10 - len(name) - sum(1 for c in name if ord(c) > 0x2E80))
        print(
            f"{label}{seconds:>8.2f}{base:>10.2f}{seconds / base:>7.2f}{target:>8.1f}  "
            f"{'yes' if holds else 'NO'}"
        )
    print(f"baseline: {baseline_label} ({base:.2f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
