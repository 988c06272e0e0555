"""The conversion tools' isolation (R-SEC5): its overhead on one conversion.

    .venv/bin/python bench/conversion_isolation.py [--pages 1] [--runs 7]

Makes a ``--pages``-page Chinese DOCX (LibreOffice, as the conversion tests
do) and converts it ``--runs`` times with ``conversion.tools.run`` — the
tools' child with LibreOffice, poppler and pdftotext, as a worker runs it —
alternating two modes in the same run:

- isolated: the sandbox this machine has (``sandbox.isolation()``: bwrap,
  else unshare), what workers do;
- not isolated: the same child started without it (the baseline).

Links are neutralised and LibreOffice's settings written in both modes.
Prints the median and range in seconds of each and the difference.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collective.gongwen.conversion import sandbox  # noqa: E402
from collective.gongwen.conversion import tools  # noqa: E402
from tests.support.long_documents import make_long_samples  # noqa: E402

SIZES = [["large", 1000], ["normal", 700], ["small", 180]]


def convert_once(docx, scratch):
    """Seconds one ``tools.run`` of ``docx`` took."""
    with tempfile.TemporaryDirectory(dir=scratch) as work:
        source = Path(work, "source")
        source.write_bytes(docx.read_bytes())
        output = Path(work, "out")
        output.mkdir()
        options = {
            "filename": "通知.docx",
            "sizes": SIZES,
            "format": "jpg",
            "ocr": False,
            "language": "chi_sim",
            "source": str(source),
            "output_dir": str(output),
        }
        start = time.perf_counter()
        tools.run(options, 300)
        return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7)
    arguments = parser.parse_args()
    kind = sandbox.isolation()
    modes = {kind: sandbox.isolation, "none": lambda: sandbox.NONE}
    times = {mode: [] for mode in modes}
    with tempfile.TemporaryDirectory() as scratch:
        docx = make_long_samples(Path(scratch), pages=arguments.pages, scan_pages=1)["docx"]
        convert_once(docx, scratch)  # LibreOffice's profile is made once per worker
        for _ in range(arguments.runs):
            for mode, isolation in modes.items():
                sandbox.isolation = isolation
                times[mode].append(convert_once(docx, scratch))
    print(f"{arguments.pages}-page DOCX, {arguments.runs} runs each, seconds (median, min–max)")
    for mode, values in times.items():
        print(f"  {mode:6} {statistics.median(values):6.2f}  {min(values):.2f}–{max(values):.2f}")
    difference = statistics.median(times[kind]) - statistics.median(times["none"])
    print(f"  overhead of {kind}: {difference * 1000:+.0f} ms")


if __name__ == "__main__":
    main()
