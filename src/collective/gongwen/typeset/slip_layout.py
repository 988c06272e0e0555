"""The HTML + CSS of the processing slips (R-T2): 发文稿纸 and 来文处理单; plain Python, no Zope.

``slip_html(fields)`` takes a slip as a plain dict (see ``slips.
slip_fields_outgoing`` / ``slip_fields_incoming``):

- ``kind``: ``"outgoing"`` (发文稿纸) or ``"incoming"`` (来文处理单);
- ``unit_title``: the unit, printed before the slip's name in the header;
- the document's fields (all text, lists of text or dates; missing keys print
  nothing): for a 发文 ``drafting_department``, ``drafter``,
  ``issue_number``, ``classification``, ``secrecy_period``, ``urgency``,
  ``main_recipients``, ``cc_recipients``, ``title``, ``attachment_note`` and
  ``word_body`` (the Word 正文's version, R-D6: ``{"number", "filename", "sha256",
  "signed"}`` — the version signed, else the current one; None for a rich-text 正文);
  for a 收文 ``source_organ``, ``source_number``, ``receipt_number``,
  ``received_date``, ``title``, ``urgency``, ``classification``,
  ``secrecy_period``, ``copies``, ``deadline``, ``proposal`` and
  ``departments`` (``[{"uid", "title"}]``, the 承办部门);
- ``opinions``: every opinion record, oldest first, as dicts with ``step``
  and ``action`` (ids), ``step_title``, ``action_title``, ``actor`` and
  ``on_behalf_of`` (names; 代录 when the latter is set), ``text``, ``time``
  (a datetime), ``round`` and ``subject`` (a department's UID for the
  handling records of a 收文).

The boxes of the form (签发, 会签, 审核; 拟办, 领导批示, 承办部门) show the
opinions of the latest round that belong there; the 办理记录 below lists every
record of every round in order, 退回 rows marked.
"""

import html

from collective.gongwen.content import times
from collective.gongwen.typeset import rules

OUTGOING = "outgoing"
INCOMING = "incoming"

SLIP_NAMES = {OUTGOING: "发文稿纸", INCOMING: "来文处理单"}

# 发文 actions and steps, as ``routing.rules`` names them.
_SIGN = "sign"
_COUNTERSIGN = "countersign"
_APPROVE = "approve"
_RETURNS = ("return", "resign")
_REVIEW_STEPS = ("dept_review", "office_review", "leader_review")
# 收文 actions, as ``incoming.rules`` names them.
_PROPOSE = "propose"
_READ = "read"
_PART_ACTIONS = ("ask_instruction", "instruct", "finish_part")

OPINION_HEADING = "办理记录"


def _e(value):
    return html.escape("" if value is None else str(value), quote=True)


def format_time(value):
    """An opinion's time: ``2026年1月5日 09:05`` (the standard's date, 24-hour clock)."""
    if value is None or value == "":
        return ""
    if hasattr(value, "hour"):  # a time: written in the portal's zone (R-RUN2)
        moment = times.in_zone(value)
        return f"{rules.format_date(moment)} {moment.hour:02d}:{moment.minute:02d}"
    return rules.format_date(value)


def person_text(opinion):
    """Who gave an opinion: 「张三」, or 「张三（李四代录）」 when 李四 typed it for 张三 (R-O9)."""
    actor = opinion.get("actor") or ""
    signer = opinion.get("on_behalf_of") or ""
    return f"{signer}（{actor}代录）" if signer else actor


def _latest_round(opinions):
    rounds = [o.get("round") or 1 for o in opinions]
    latest = max(rounds) if rounds else 1
    return [o for o in opinions if (o.get("round") or 1) == latest]


def _joined(values, sep="、"):
    if isinstance(values, str):
        return values
    return sep.join(v for v in values or () if v)


def _date_text(value):
    if value is None or value == "":
        return ""
    if isinstance(value, str) and not value[:4].isdigit():
        return value
    return rules.format_date(value)


def _secrecy(fields):
    return rules.secrecy_mark(fields.get("classification", ""), fields.get("secrecy_period", ""))


def _opinion_block(opinions, empty=""):
    """The opinions of a box: text, then the person and the time right-aligned under it."""
    if not opinions:
        return f'<div class="empty">{_e(empty)}</div>' if empty else ""
    parts = []
    for opinion in opinions:
        parts.append(
            '<div class="box-opinion">'
            f'<div class="box-text">{_e(opinion.get("text"))}</div>'
            f'<div class="box-sign">{_e(person_text(opinion))}'
            f'<span class="time">{_e(format_time(opinion.get("time")))}</span></div>'
            "</div>"
        )
    return "".join(parts)


def _row(label, value_html, label2=None, value2_html=None):
    if label2 is None:
        return f'<tr><th>{_e(label)}</th><td colspan="3">{value_html}</td></tr>'
    return (
        f"<tr><th>{_e(label)}</th><td>{value_html}</td>"
        f"<th>{_e(label2)}</th><td>{value2_html}</td></tr>"
    )


def word_body_text(version):
    """The Word 正文 version a 发文稿纸 names (R-D6, R-O6): 「第3版（签发时）· 正文.docx · SHA-256
    3f2a9c0d1e2b」 (the first 12 hex digits); "" for a rich-text 正文."""
    if not version:
        return ""
    when = "签发时" if version.get("signed") else "当前"
    digest = str(version.get("sha256") or "")[:12]
    return (
        f"第{version.get('number')}版（{when}）· {version.get('filename') or ''} · SHA-256 {digest}"
    )


def _outgoing_form(fields):
    current = _latest_round(fields.get("opinions") or ())
    signatures = [o for o in current if o.get("action") == _SIGN]
    countersignatures = [o for o in current if o.get("action") == _COUNTERSIGN]
    reviews = [o for o in current if o.get("action") == _APPROVE and o.get("step") in _REVIEW_STEPS]
    attachments = [text for _label, text in rules.attachment_lines(fields.get("attachment_note"))]
    rows = [
        _row("签发", _opinion_block(signatures)),
        _row("会签", _opinion_block(countersignatures)),
        _row("审核", _opinion_block(reviews)),
        _row(
            "拟稿部门",
            _e(fields.get("drafting_department")),
            "拟稿人",
            _e(fields.get("drafter")),
        ),
        _row("文号", _e(fields.get("issue_number")), "密级", _e(_secrecy(fields))),
        _row("紧急程度", _e(fields.get("urgency")), "文种", _e(fields.get("doc_kind"))),
        _row("主送", _e(_joined(fields.get("main_recipients")))),
        _row("抄送", _e(_joined(fields.get("cc_recipients"), "，"))),
        _row("标题", f'<span class="title">{_e(fields.get("title"))}</span>'),
    ]
    if fields.get("word_body"):
        rows.append(_row("正文", _e(word_body_text(fields["word_body"]))))
    rows.append(_row("附件", "<br>".join(_e(a) for a in attachments)))
    return rows


def _incoming_form(fields):
    opinions = list(fields.get("opinions") or ())
    current = _latest_round(opinions)
    proposals = [o for o in current if o.get("action") == _PROPOSE]
    proposal_html = _opinion_block(proposals)
    if not proposals and fields.get("proposal"):
        proposal_html = f'<div class="box-text">{_e(fields["proposal"])}</div>'
    readings = [o for o in current if o.get("action") == _READ]
    departments = []
    for department in fields.get("departments") or ():
        records = [
            o
            for o in current
            if o.get("subject") == department.get("uid") and o.get("action") in _PART_ACTIONS
        ]
        lines = [
            '<div class="box-opinion">'
            f'<div class="box-text"><span class="what">{_e(o.get("action_title"))}</span>'
            f"{'：' if o.get('text') else ''}{_e(o.get('text'))}</div>"
            f'<div class="box-sign">{_e(person_text(o))}'
            f'<span class="time">{_e(format_time(o.get("time")))}</span></div>'
            "</div>"
            for o in records
        ]
        departments.append(
            f'<div class="department"><div class="dept-name">{_e(department.get("title"))}</div>'
            + "".join(lines)
            + "</div>"
        )
    copies = fields.get("copies")
    rows = [
        _row(
            "来文机关", _e(fields.get("source_organ")), "来文字号", _e(fields.get("source_number"))
        ),
        _row(
            "收文编号",
            _e(fields.get("receipt_number")),
            "收文日期",
            _e(_date_text(fields.get("received_date"))),
        ),
        _row("标题", f'<span class="title">{_e(fields.get("title"))}</span>'),
        _row("紧急程度", _e(fields.get("urgency")), "密级", _e(_secrecy(fields))),
        _row(
            "份数",
            _e(copies if copies not in (None, "") else ""),
            "办理时限",
            _e(_date_text(fields.get("deadline"))),
        ),
        _row("拟办意见", proposal_html),
        _row("领导批示", _opinion_block(readings)),
        _row("承办部门", "".join(departments)),
    ]
    return rows


def _opinion_table(opinions):
    """The 办理记录: per record a row of 环节, 操作, 办理人, 日期 and one of its 意见."""
    rows = []
    last_round = None
    for number, opinion in enumerate(opinions, 1):
        round_ = opinion.get("round") or 1
        if last_round is not None and round_ != last_round:
            rows.append(f'<tr class="round"><td colspan="5">第{round_}轮</td></tr>')
        last_round = round_
        returned = opinion.get("action") in _RETURNS
        action = _e(opinion.get("action_title"))
        if returned:
            action = f'<span class="mark">【退回】</span>{action}'
        time = format_time(opinion.get("time"))
        date, _sep, clock = time.partition(" ")
        kind = "returned" if returned else "record"
        rows.append(
            f'<tr class="{kind}">'
            f'<td class="n">{number}</td>'
            f"<td>{_e(opinion.get('step_title'))}</td>"
            f"<td>{action}</td>"
            f"<td>{_e(person_text(opinion))}</td>"
            f'<td class="time"><span>{_e(date)}</span> <span>{_e(clock)}</span></td>'
            "</tr>"
        )
        if opinion.get("text"):
            rows.append(
                f'<tr class="{kind} opinion"><td></td>'
                f'<td colspan="4" class="text">意见：{_e(opinion["text"])}</td></tr>'
            )
    if not rows:
        rows.append('<tr><td colspan="5" class="empty">（无）</td></tr>')
    return (
        f'<h2>{OPINION_HEADING}</h2><table class="records"><thead><tr>'
        "<th>序号</th><th>环节</th><th>操作</th><th>办理人</th><th>日期</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def slip_css(fonts=None):
    fonts = fonts or rules.Fonts()
    return f"""
@page {{
  size: A4;
  margin: 20mm 18mm 20mm 18mm;
  @bottom-center {{
    content: "第 " counter(page) " 页 共 " counter(pages) " 页";
    font-family: {fonts.page_number};
    font-size: 9pt;
  }}
}}
html {{ font-family: {fonts.body}; font-size: 11pt; line-height: 1.45; color: #000; }}
h1 {{
  font-family: {fonts.title}; font-size: 20pt; font-weight: normal; text-align: center;
  color: {rules.RED}; margin: 0 0 4mm 0; letter-spacing: 0.1em;
}}
h2 {{ font-family: {fonts.heading}; font-size: 12pt; margin: 6mm 0 2mm 0; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
table.form {{ border: 0.6mm solid {rules.RED}; }}
table.form th, table.form td {{
  border: 0.3mm solid {rules.RED}; padding: 1.5mm 2mm; vertical-align: top;
}}
table.form th {{
  width: 22mm; font-family: {fonts.heading}; font-weight: normal; color: {rules.RED};
  text-align: center;
}}
table.form td {{ min-height: 8mm; }}
.title {{ font-family: {fonts.heading}; }}
.box-opinion {{ margin-bottom: 1.5mm; }}
.box-text {{ font-family: {fonts.kai}; }}
.box-sign {{ text-align: right; }}
.box-sign .time {{ margin-left: 3mm; white-space: nowrap; }}
.department {{ margin-bottom: 2mm; }}
.dept-name {{ font-family: {fonts.heading}; }}
table.records {{ font-size: 9pt; border: 0.4mm solid #000; }}
table.records th, table.records td {{
  border: 0.2mm solid #000; padding: 1mm 1.2mm; vertical-align: top;
}}
table.records th {{ font-family: {fonts.heading}; font-weight: normal; }}
table.records th:nth-child(1) {{ width: 10mm; }}
table.records th:nth-child(2) {{ width: 36mm; }}
table.records th:nth-child(3) {{ width: 36mm; }}
table.records th:nth-child(4) {{ width: 44mm; }}
table.records td.n {{ text-align: center; }}
table.records td.time span {{ white-space: nowrap; }}
tr.returned td {{ background: #eeeeee; }}
.mark {{ display: block; font-family: {fonts.heading}; }}
tr.round td {{ font-family: {fonts.heading}; text-align: center; background: #f6f6f6; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; }}
tr.record td, tr.returned td {{ border-bottom-style: dotted; }}
tr.opinion td {{ border-top: none; }}
td.text {{ font-family: {fonts.kai}; }}
"""


def slip_header(fields):
    """The slip's header: 「长垣河务局发文稿纸」 / 「长垣河务局来文处理单」."""
    kind = fields.get("kind") or OUTGOING
    return f"{fields.get('unit_title') or ''}{SLIP_NAMES[kind]}"


def slip_html(fields, fonts=None):
    """The complete HTML document of the slip ``fields`` (see the module docstring)."""
    kind = fields.get("kind") or OUTGOING
    rows = _incoming_form(fields) if kind == INCOMING else _outgoing_form(fields)
    header = slip_header(fields)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(header)}</title><style>{slip_css(fonts)}</style></head><body>"
        f"<h1>{_e(header)}</h1>"
        '<table class="form"><colgroup><col style="width:22mm"><col><col style="width:22mm">'
        "<col></colgroup>"
        + "".join(rows)
        + "</table>"
        + _opinion_table(list(fields.get("opinions") or ()))
        + "</body></html>"
    )
