"""PDF bytes per walked 发文 and render time, before and after issue 21's compact fonts.

    .venv/bin/python bench/pdf_bytes.py [--runs 7]

Renders, in this process, the PDFs a 下行文 通知 walked to 已发送 keeps (the walk of
``tests/integration/test_routing_outgoing.py`` DOWNWARD_PATH: 提交, two 审核, 签发,
登记编号, 发送) twice in the same run:

- before: fonts embedded as WeasyPrint 70 does (``compact_fonts.as_is``, glyph ids kept,
  an empty slot for every glyph up to the highest used) and the 稿纸 versioned as it was
  (a first version when the first opinion kept it, then at 登记编号 and at 发送);
- after: compact font subsets (``typeset.compact_fonts``) and the 稿纸 versioned at the
  milestones only (登记编号, 发送: R-T2, ``typeset.kept_slips``).

Prints each kept PDF's bytes and the sum per document, and the disk the PDFs of 100,000
and 1,000,000 such documents need. The model: every document keeps one 正式文件 and its
稿纸 at each kept version, each as its own blob (CMFEditions stores every version's file;
nothing is shared between documents); 附件 and the 收文 side are not counted, nor the
storage's own overhead. Then the render time of the 稿纸 and of a 正式文件 before and
after (median of ``--runs`` renders each, interleaved, after a warm-up): the compact
subset must not make a render slower than 1.2×. The integration test
``tests/integration/test_pdf_bytes_per_document.py`` measures the same walk in the portal.
"""

import argparse
import contextlib
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from collective.gongwen.typeset import compact_fonts  # noqa: E402
from collective.gongwen.typeset.pdf import render_official_pdf  # noqa: E402
from collective.gongwen.typeset.pdf import render_slip_pdf  # noqa: E402

START = datetime.datetime(2026, 3, 2, 8, 5)
ISSUE_NUMBER = "长河〔2026〕8号"
# (step, step title, action, action title, actor, opinion, minutes after START)
WALK = [
    ("draft", "拟稿", "submit", "提交", "何磊", "", 0),
    ("dept_review", "部门审核", "approve", "同意，送下一环节", "马涛", "同意。", 25),
    ("office_review", "办公室把关", "approve", "同意，送下一环节", "陈静", "请李局长签发。", 70),
    ("leader_sign", "主管局领导签发", "sign", "签发", "李明华", "同意印发。", 24 * 60),
    ("numbering", "编号", "number", "登记编号", "吴刚", "", 24 * 60 + 30),
    ("secretary_check", "秘书核发", "send", "发送", "孙丽", "", 24 * 60 + 75),
]
SUBMITTED, NUMBERED, SENT = 1, 5, 6  # opinions on the slip at each moment it is kept
TEXT = "为切实做好今年汛前检查工作，确保堤防工程安全度汛，现将有关事项通知如下。"


def opinion(step, step_title, action, action_title, actor, text, minutes):
    return {
        "step": step,
        "step_title": step_title,
        "action": action,
        "action_title": action_title,
        "actor": actor,
        "on_behalf_of": "",
        "text": text,
        "time": START + datetime.timedelta(minutes=minutes),
        "round": 1,
        "subject": None,
    }


def slip_fields(taken):
    """The 发文稿纸 after the first ``taken`` steps of the walk."""
    return {
        "kind": "outgoing",
        "unit_title": "长垣河务局",
        "drafting_department": "工程管理科",
        "drafter": "何磊",
        "issue_number": ISSUE_NUMBER if taken >= NUMBERED else "",
        "doc_kind": "通知",
        "classification": "非密",
        "urgency": "",
        "main_recipients": ["局属各科室"],
        "cc_recipients": ["新乡河务局", "局属各科室"],
        "title": "关于做好汛前检查的通知",
        "attachment_note": [],
        "opinions": [opinion(*step) for step in WALK[:taken]],
    }


OFFICIAL = {
    "issuer_mark": "长垣河务局文件",
    "issue_number": ISSUE_NUMBER,
    "direction": "downward",
    "doc_kind": "通知",
    "title": "关于做好汛前检查的通知",
    "main_recipients": ["局属各科室"],
    "text": f"<p>{TEXT * 4}</p><p>{TEXT * 3}</p>",
    "signing_organ": "长垣河务局",
    "written_date": datetime.date(2026, 3, 3),
    "cc_recipients": ["新乡河务局"],
    "printing_organ": "长垣河务局办公室",
    "printed_date": datetime.date(2026, 3, 3),
}
KEPT = {
    "before": [
        ("稿纸 v1 (first opinion)", SUBMITTED),
        ("稿纸 登记编号", NUMBERED),
        ("稿纸 发送", SENT),
    ],
    "after": [("稿纸 登记编号", NUMBERED), ("稿纸 发送", SENT)],
}


def kept_pdfs(label):
    """``[(name, bytes)]`` of the PDFs a walked 发文 keeps, ``label`` "before" or "after"."""
    pdfs = [(name, render_slip_pdf(slip_fields(taken))) for name, taken in KEPT[label]]
    return [*pdfs, ("正式文件", render_official_pdf(OFFICIAL))]


def as_of(label):
    """Fonts embedded as WeasyPrint does for "before", compact for "after"."""
    return compact_fonts.as_is() if label == "before" else contextlib.nullcontext()


def size_report():
    totals = {}
    for label in ("before", "after"):
        with as_of(label):
            pdfs = kept_pdfs(label)
        totals[label] = sum(len(data) for _, data in pdfs)
        print(f"{label}: " + ", ".join(f"{name} {len(data):,}" for name, data in pdfs))
        print(f"{label}: {totals[label]:,} bytes of PDFs per walked 发文")
    print(f"after / before: {totals['after'] / totals['before']:.3f}")
    for documents in (100_000, 1_000_000):
        row = ", ".join(
            f"{label} {totals[label] * documents / 1e9:,.1f} GB" for label in ("before", "after")
        )
        print(f"{documents:>9,} documents: {row}")


def render_times(runs):
    """Median milliseconds of each render before and after, interleaved."""
    kinds = {
        "稿纸 (发送)": lambda: render_slip_pdf(slip_fields(SENT)),
        "正式文件": lambda: render_official_pdf(OFFICIAL),
    }
    for name, render in kinds.items():
        times = {"before": [], "after": []}
        for label in times:  # warm-up: fonts, CSS
            with as_of(label):
                render()
        for _ in range(runs):
            for label in times:
                with as_of(label):
                    start = time.perf_counter()
                    render()
                    times[label].append((time.perf_counter() - start) * 1000)
        before, after = (statistics.median(times[label]) for label in ("before", "after"))
        print(
            f"render {name}: before {before:.0f} ms, after {after:.0f} ms "
            f"(median of {runs}), after / before {after / before:.2f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compact_fonts.install()
    size_report()
    render_times(max(1, args.runs))


if __name__ == "__main__":
    main()
