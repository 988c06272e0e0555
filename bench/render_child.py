"""Rendering in a child process (R-SEC5): the overhead against rendering in this process.

    .venv/bin/python bench/render_child.py [--pages 2] [--runs 9]

For a typical 正式文件 (``--pages`` of body, two-pass 版记 placement) and a
发文稿纸 with ten opinions, prints the median and range in milliseconds of:

- in-process: ``typeset.child.render`` here, fonts already loaded (the baseline);
- render server: ``typeset.child.render_in_child`` — a child forked per render
  from the warm server (what the portal does);
- ``python -m`` per render: a fresh interpreter importing WeasyPrint and
  loading the fonts each time (the alternative not taken).
"""

import argparse
import datetime
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from typeset import fields as official_fields  # noqa: E402

from collective.gongwen.typeset import child  # noqa: E402
from collective.gongwen.typeset.caps import RenderCaps  # noqa: E402
from collective.gongwen.typeset.slip_layout import OUTGOING  # noqa: E402

CAPS = RenderCaps(max_pages=300, timeout=60)
FRESH_CHILD = (
    "import pickle, sys\n"
    "from collective.gongwen.typeset.child import render\n"
    "job = pickle.load(sys.stdin.buffer)\n"
    "sys.stdout.buffer.write(render(**job))\n"
)


def slip_fields():
    opinion = {
        "step": "office_review",
        "step_title": "办公室审核",
        "action": "approve",
        "action_title": "同意",
        "actor": "王主任",
        "text": "同意，请领导签发。",
        "time": datetime.datetime(2026, 11, 25, 9, 30),
        "round": 1,
    }
    return {
        "kind": OUTGOING,
        "unit_title": "长垣河务局",
        "title": "关于做好汛前检查的通知",
        "issue_number": "长河〔2026〕8号",
        "main_recipients": ["局属各单位"],
        "opinions": [opinion] * 10,
    }


def timed(function, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def fresh_child(kind, fields):
    job = pickle.dumps({"kind": kind, "fields": fields})
    subprocess.run([sys.executable, "-c", FRESH_CHILD], input=job, capture_output=True, check=True)


def line(name, times, baseline=None):
    median = statistics.median(times)
    extra = f", +{median - baseline:.0f} ms" if baseline is not None else ""
    return (
        f"  {name:<22} median {median:6.0f} ms (min {min(times):.0f}, max {max(times):.0f}){extra}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    cases = [
        (f"正式文件 ({args.pages}-page body)", child.OFFICIAL, official_fields(args.pages)),
        ("发文稿纸 (10 opinions)", child.SLIP, slip_fields()),
    ]
    start = time.perf_counter()
    child.render_in_child(child.SLIP, slip_fields(), None, CAPS)  # starts the server
    print(
        f"render server start-up (once per process): {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    for title, kind, fields in cases:
        child.render(kind, fields)  # warm-up: WeasyPrint and the fonts in this process
        inline = timed(lambda kind=kind, fields=fields: child.render(kind, fields), args.runs)
        served = timed(
            lambda kind=kind, fields=fields: child.render_in_child(kind, fields, None, CAPS),
            args.runs,
        )
        fresh = timed(lambda kind=kind, fields=fields: fresh_child(kind, fields), args.runs)
        baseline = statistics.median(inline)
        print(f"{title}, n={args.runs} each:")
        print(line("in-process", inline))
        print(line("render server (fork)", served, baseline))
        print(line("python -m per render", fresh, baseline))


if __name__ == "__main__":
    main()
