"""流程跟踪 (R-O12, R-I3): a document's path drawn as an SVG, server-side, in plain Python.

The model is a list of ``FlowNode`` — the steps passed (with who did what, when, and the
opinion), the current step (its holders, whether they opened it, its deadline) and the
steps still ahead (who will hold them) — which each flow builds from its document
(``routing.browser.flow``, ``incoming.browser.flow``). ``render_svg`` lays the nodes out in
one column (it reads top-down on a desktop and on a phone; the SVG scales with its
``viewBox``) and draws them. Every text is escaped; the SVG names no external resource,
link or script (R-SEC5). Texts arrive translated (``labels``); nothing here knows a
language.
"""

import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape
from xml.sax.saxutils import quoteattr

PASSED = "passed"
CURRENT = "current"
AHEAD = "ahead"
STATUSES = (PASSED, CURRENT, AHEAD)


@dataclass(frozen=True)
class FlowRecord:
    """One move at a step: who (``actor``, a name), ``action`` (its title), ``time`` (text)
    and the opinion ``text`` ("" if none)."""

    actor: str
    action: str
    time: str
    text: str = ""


@dataclass(frozen=True)
class FlowNode:
    """One step of the path.

    ``people``: the names holding it (current) or who will (ahead), or a part's lines;
    ``records``: the moves made there in the current round; ``opened``: the current
    holders' read mark as text (「已阅：张三 12-06 09:12」/「未阅」); ``deadline``: its
    date text; ``overdue``: past it.
    """

    step: str
    title: str
    status: str
    people: tuple = ()
    records: tuple = ()
    opened: str = ""
    deadline: str = ""
    overdue: bool = False


def node_status(index, current_index):
    """PASSED before the current step's position, CURRENT at it, AHEAD after it."""
    if current_index is None or index < current_index:
        return PASSED
    return CURRENT if index == current_index else AHEAD


# --- text measuring -----------------------------------------------------------------------

WIDE = 1.0  # a CJK character is one em
NARROW = 0.55  # a Latin letter, digit or space, roughly


def text_width(text, size):
    """The width of ``text`` at font ``size`` px: East Asian wide/full-width characters one em,
    the others about half."""
    return size * sum(
        WIDE if unicodedata.east_asian_width(char) in ("W", "F") else NARROW for char in text
    )


def wrap(text, max_width, size, max_lines=3):
    """``text`` broken into lines of at most ``max_width`` px at ``size``, at most
    ``max_lines`` of them (the last ending in 「…」 when cut). Line breaks are kept."""
    lines = []
    for paragraph in (text or "").splitlines() or [""]:
        line = ""
        for char in paragraph:
            if text_width(line + char, size) > max_width:
                lines.append(line)
                line = char.lstrip() if char.isspace() else char
            else:
                line += char
        lines.append(line)
    lines = [line for line in lines if line.strip()] or [""]
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_width(last + "…", size) > max_width:
        last = last[:-1]
    kept[-1] = last + "…"
    return kept


# --- layout and drawing -------------------------------------------------------------------

WIDTH = 720  # the viewBox's width (a desktop's; ``NARROW_WIDTH`` for a phone)
NARROW_WIDTH = 300  # drawn at about its size on a phone: its text stays readable
MARGIN = 12
BADGE = 44  # the column of the step numbers
BOX_X = MARGIN + BADGE
PADDING = 10
TITLE_SIZE = 16
TEXT_SIZE = 13
LINE = 20  # px per line of text
GAP = 26  # between boxes (the arrow)
FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"

STYLE = {
    PASSED: {"fill": "#f2f8f2", "stroke": "#3c7d3c", "width": "1.5", "dash": ""},
    CURRENT: {"fill": "#e8f0fe", "stroke": "#1a56b0", "width": "3", "dash": ""},
    AHEAD: {"fill": "#ffffff", "stroke": "#8a8a8a", "width": "1.2", "dash": "6 4"},
}
TEXT_COLOUR = {PASSED: "#1f3d1f", CURRENT: "#0b2e66", AHEAD: "#555555"}
OVERDUE_COLOUR = "#b02a37"


@dataclass(frozen=True)
class Line:
    """One line of text in a box: its text, size, colour, weight, and the full text when cut."""

    text: str
    size: int = TEXT_SIZE
    colour: str = ""
    bold: bool = False
    full: str = ""


def box_width(width):
    """The width of the boxes in an SVG ``width`` wide."""
    return width - BOX_X - MARGIN


def node_lines(node, labels, width=WIDTH):
    """The lines of text a node's box shows (after its title line)."""
    inner = box_width(width) - 2 * PADDING
    lines = []
    if node.people:
        prefix = labels["holders"] if node.status != AHEAD else labels["expected"]
        for text in wrap(prefix + "、".join(node.people), inner, TEXT_SIZE, 2):
            lines.append(Line(text))
    if node.status == CURRENT and node.opened:
        lines.append(Line(node.opened))
    if node.deadline:
        text = labels["deadline"] + node.deadline
        if node.overdue:
            lines.append(Line(text + " " + labels["overdue"], colour=OVERDUE_COLOUR, bold=True))
        else:
            lines.append(Line(text))
    for record in node.records:
        head = " · ".join(part for part in (record.actor, record.action, record.time) if part)
        for text in wrap(head, inner, TEXT_SIZE, 2):
            lines.append(Line(text, bold=True, full=head))
        if record.text:
            shown = wrap(record.text, inner - TEXT_SIZE, TEXT_SIZE, 3)
            for text in shown:
                lines.append(Line("  " + text, full=record.text if len(shown) > 1 else ""))
    return lines


@dataclass(frozen=True)
class Box:
    node: FlowNode
    number: int
    y: int
    height: int
    lines: tuple


def layout(nodes, labels, width=WIDTH):
    """The boxes of ``nodes`` top-down in an SVG ``width`` wide, and the total height."""
    boxes = []
    y = MARGIN
    for number, node in enumerate(nodes, 1):
        lines = tuple(node_lines(node, labels, width))
        height = PADDING * 2 + LINE + LINE * len(lines)
        boxes.append(Box(node, number, y, height, lines))
        y += height + GAP
    return boxes, max(y - GAP + MARGIN, 2 * MARGIN)


def _text(x, y, text, size, colour, bold=False, anchor="start", full=""):
    weight = ' font-weight="bold"' if bold else ""
    hover = f"<title>{escape(full)}</title>" if full else ""
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" fill="{colour}"{weight}'
        f' text-anchor="{anchor}">{hover}{escape(text)}</text>'
    )


def _box(box, labels, width):
    node = box.node
    box_w = box_width(width)
    style = STYLE[node.status]
    colour = TEXT_COLOUR[node.status]
    dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
    stroke = OVERDUE_COLOUR if node.overdue and node.status == CURRENT else style["stroke"]
    parts = [
        f'<g class="gongwen-flow-node gongwen-flow-{node.status}"'
        f" data-step={quoteattr(node.step)}>",
        f'<rect x="{BOX_X}" y="{box.y}" width="{box_w}" height="{box.height}" rx="8"'
        f' fill="{style["fill"]}" stroke="{stroke}" stroke-width="{style["width"]}"{dash}/>',
    ]
    # the step's number (a tick once passed) in a circle left of the box
    cx, cy = MARGIN + BADGE // 2 - 4, box.y + PADDING + LINE // 2 + 2
    parts.append(
        f'<circle cx="{cx}" cy="{cy}" r="13" fill="{style["stroke"]}"'
        f' fill-opacity="{1 if node.status != AHEAD else 0.35}"/>'
    )
    mark = "✓" if node.status == PASSED else str(box.number)
    parts.append(_text(cx, cy + 5, mark, 13, "#ffffff", bold=True, anchor="middle"))
    top = box.y + PADDING + TITLE_SIZE
    parts.append(_text(BOX_X + PADDING, top, node.title, TITLE_SIZE, colour, bold=True))
    parts.append(
        _text(
            BOX_X + box_w - PADDING,
            top,
            labels[node.status],
            TEXT_SIZE,
            stroke,
            bold=node.status == CURRENT,
            anchor="end",
        )
    )
    y = box.y + PADDING + LINE
    for line in box.lines:
        y += LINE
        parts.append(
            _text(
                BOX_X + PADDING,
                y - 5,
                line.text,
                line.size,
                line.colour or colour,
                bold=line.bold,
                full=line.full,
            )
        )
    parts.append("</g>")
    return "".join(parts)


def _arrow(top, bottom):
    x = BOX_X + 28
    return (
        f'<line x1="{x}" y1="{top + 2}" x2="{x}" y2="{bottom - 8}" stroke="#8a8a8a"'
        f' stroke-width="2"/>'
        f'<polygon points="{x - 6},{bottom - 10} {x + 6},{bottom - 10} {x},{bottom - 1}"'
        f' fill="#8a8a8a"/>'
    )


def render_svg(nodes, labels, title, width=WIDTH):
    """The SVG (a string) of ``nodes``, ``width`` wide; ``title`` names it for screen readers.

    ``labels``: translated texts — ``passed``, ``current``, ``ahead`` (a node's status),
    ``holders`` and ``expected`` (before the people, e.g. 「办理人：」/「拟办理人：」),
    ``deadline`` (「时限：」) and ``overdue`` (「已超期」).
    """
    boxes, height = layout(nodes, labels, width)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gongwen-flow-svg" role="img"'
        f' viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet"'
        f' font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for before, after in zip(boxes, boxes[1:], strict=False):
        parts.append(_arrow(before.y + before.height, after.y))
    parts += [_box(box, labels, width) for box in boxes]
    parts.append("</svg>")
    return "".join(parts)
