"""R-A1: the page pipeline's own rules, and the real tools on a small PDF (no Zope)."""

import os
import subprocess

import pytest

from collective.gongwen.conversion import pages
from collective.gongwen.conversion import tools


def test_r_a1_pdftotext_output_is_cut_into_pages():
    assert pages.split_text("一\f二\f\f", 3) == ["一", "二", ""]
    # Fewer form feeds than pages (trailing blank pages): the rest are empty.
    assert pages.split_text("一", 3) == ["一", "", ""]


def test_r_a1_poppler_names_become_the_viewers(tmp_path):
    for name in ("dump-01.jpg", "dump-10.jpg", "dump-007.jpg"):
        (tmp_path / name).write_bytes(b"")
    pages.number_pages(tmp_path, "jpg")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "dump_1.jpg",
        "dump_10.jpg",
        "dump_7.jpg",
    ]


@pytest.mark.slow
def test_r_a1_pages_text_and_ocr_of_only_the_scanned_pages(tmp_path, sample_documents):
    # A PDF whose page 1 has text and page 2 is a scan.
    mixed = tmp_path / "mixed.pdf"
    pages.run(
        [
            "qpdf",
            "--empty",
            "--pages",
            str(sample_documents["pdf"]),
            str(sample_documents["scan"]),
            "--",
            str(mixed),
        ]
    )
    out = tmp_path / "out"
    out.mkdir()
    sizes = [("large", 1000), ("normal", 700), ("small", 180)]
    count = pages.convert_pdf(mixed, out, sizes, "jpg", ocr=True, language="chi_sim+eng")
    assert count == 2
    for name, _width in sizes:
        assert sorted(path.name for path in (out / name).iterdir()) == ["dump_1.jpg", "dump_2.jpg"]
    first = (out / "text" / "dump_1.txt").read_text("utf-8")
    second = (out / "text" / "dump_2.txt").read_text("utf-8").replace(" ", "")
    assert "确保黄河长垣段安全度汛" in first  # its own text, exact
    assert "防汛" in second  # read by OCR


def test_r_a1_tools_that_run_too_long_are_stopped_with_their_children(tmp_path):
    # gm waits forever on a named pipe nobody writes: a hung tool.
    fifo = tmp_path / "hung.png"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    out.mkdir()
    options = {
        "source": str(fifo),
        "filename": "hung.png",
        "output_dir": str(out),
        "sizes": [["large", 1000]],
        "format": "jpg",
        "ocr": False,
        "language": "eng",
    }
    with pytest.raises(tools.ToolsTimedOut):
        tools.run(options, timeout=3)
    left = subprocess.run(["pgrep", "-f", str(fifo)], capture_output=True, text=True)
    assert left.stdout == ""  # the whole process group was killed
