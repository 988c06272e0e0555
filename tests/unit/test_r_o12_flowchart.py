"""流程跟踪 (R-O12) as plain Python: ``steps.flowchart``'s model, text measuring and SVG, and
``routing.rules.path``."""

import re
from xml.etree import ElementTree

from collective.gongwen.routing import rules
from collective.gongwen.steps import flowchart

LABELS = {
    "passed": "已办",
    "current": "当前环节",
    "ahead": "待办",
    "holders": "办理人：",
    "expected": "拟办理人：",
    "deadline": "时限：",
    "overdue": "已超期",
}


def nodes(opinion="同意。"):
    record = flowchart.FlowRecord("王科长", "同意，送下一环节", "2026-12-06 09:05", opinion)
    return [
        flowchart.FlowNode("draft", "拟稿", flowchart.PASSED),
        flowchart.FlowNode("dept_review", "部门负责人核稿", flowchart.PASSED, records=(record,)),
        flowchart.FlowNode(
            "office_review",
            "办公室负责人把关",
            flowchart.CURRENT,
            people=("赵主任",),
            opened="未阅",
            deadline="2026年12月9日",
            overdue=True,
        ),
        flowchart.FlowNode("leader_sign", "主管局领导签发", flowchart.AHEAD, people=("李局长",)),
    ]


def test_r_o12_flow_marks_passed_current_ahead():
    assert [flowchart.node_status(i, 2) for i in range(4)] == [
        "passed",
        "passed",
        "current",
        "ahead",
    ]
    assert flowchart.node_status(3, None) == "passed"  # no current step (e.g. archived)
    svg = flowchart.render_svg(nodes(), LABELS, "流程跟踪：关于做好汛前检查的通知")
    root = ElementTree.fromstring(svg)  # well-formed XML
    groups = root.findall("{http://www.w3.org/2000/svg}g")
    assert [g.get("class").split()[-1] for g in groups] == [
        "gongwen-flow-passed",
        "gongwen-flow-passed",
        "gongwen-flow-current",
        "gongwen-flow-ahead",
    ]
    texts = "".join(root.itertext())
    for expected in ("办理人：赵主任", "未阅", "时限：2026年12月9日 已超期", "拟办理人：李局长"):
        assert expected in texts
    assert "王科长 · 同意，送下一环节 · 2026-12-06 09:05" in texts
    assert root.find("{http://www.w3.org/2000/svg}title").text.startswith("流程跟踪：")


def test_r_o12_flow_escapes_opinion_text():
    svg = flowchart.render_svg(nodes('<script>alert(1)</script> & "x"'), LABELS, "<b>")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&amp;" in svg
    ElementTree.fromstring(svg)


def test_r_o12_flow_svg_has_no_external_reference():
    svg = flowchart.render_svg(nodes("见 http://example.com"), LABELS, "t")
    assert "href" not in svg and "url(" not in svg and "<script" not in svg.lower()
    # the only address is the SVG namespace
    assert re.findall(r'"(https?://[^"]*)"', svg) == ["http://www.w3.org/2000/svg"]


def test_r_o12_flow_wraps_cjk_by_width():
    assert flowchart.text_width("公文", 10) == 20
    assert flowchart.text_width("ab", 10) == 11
    lines = flowchart.wrap("一二三四五六七八九十", 50, 10)  # five CJK characters a line
    assert lines == ["一二三四五", "六七八九十"]
    cut = flowchart.wrap("一" * 40, 50, 10, max_lines=2)
    assert len(cut) == 2 and cut[-1].endswith("…")
    assert all(flowchart.text_width(line, 10) <= 50 for line in cut)
    # a long opinion keeps the full text for hovering; the box grows with its lines
    short = flowchart.layout(nodes("同意。"), LABELS)[1]
    long = flowchart.layout(nodes("同意。" * 80), LABELS)[1]
    assert long > short
    assert "同意。" * 80 in flowchart.render_svg(nodes("同意。" * 80), LABELS, "t")


def test_r_o12_path_upward_and_downward_with_countersign():
    assert rules.path("upward") == (
        "draft",
        "dept_review",
        "office_review",
        "leader_review",
        "director_sign",
        "numbering",
        "secretary_check",
        "sent",
    )
    assert rules.path("downward", "office_review") == (
        "draft",
        "dept_review",
        "office_review",
        "countersign",
        "leader_sign",
        "numbering",
        "secretary_check",
        "sent",
    )
    assert rules.path("upward", "director_sign")[4:6] == ("director_sign", "countersign")
    assert "countersign" not in rules.path("downward", "leader_review")  # not on its path
