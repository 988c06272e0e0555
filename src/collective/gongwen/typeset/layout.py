"""The HTML + CSS (paged media) of a 发文's official PDF, GB/T 9704-2012; plain Python, no Zope.

``official_html(fields)`` takes the 发文 as a plain dict (see ``document.
official_fields``): ``issuer_mark``, ``issue_number``, ``direction``,
``signer``, ``copy_number``, ``classification`` / ``urgency`` (titles),
``secrecy_period``, ``title``, ``main_recipients``, ``text`` (safe HTML),
``attachment_note``, ``signing_organ``, ``written_date``, ``sealed`` (with
``seal_image``, a URL or ``data:`` URI, and ``seal_diameter`` in mm),
``remarks``, ``cc_recipients``, ``printing_organ``, ``printed_date``; for the
special formats ``format``, ``signer_title``, ``signature_stamp`` (the 签名章
image of a 命令), ``attendees``, ``absent``, ``observers``. Missing keys print
nothing.

Every line sits on the 22-line grid of the 版心: the page's top margin is
the 天头 less the distance from a line box's top to its characters' top
edge, so that the first line's characters start exactly 37 mm down.
"""

import html
import math

from collective.gongwen.typeset import rules

# The content box is a hair taller than 22 lines so that rounding never
# pushes the 22nd line onto the next page (a 23rd line needs 10 mm more).
_SLACK = 0.3
_RULE_THICKNESS = 0.5

# Where the 版记 goes (7.4, 8): at the foot of the page the text ends on
# (``SAME``), alone on the next page (``NEXT``), or on the next even page
# after a blank one (``AFTER_BLANK``; neither of them numbered). ``pdf``
# picks one so that the 版记 is always on an even page, the sheet's back.
SAME, NEXT, AFTER_BLANK = "same", "next", "after_blank"
BODY_END_ID = "gongwen-body-end"
COLOPHON_ID = "gongwen-colophon"
SIGNATURE_ID = "gongwen-signature"
BODY_END = f'<div id="{BODY_END_ID}"></div>'


def _f(value):
    return f"{value:.3f}mm"


class Geometry:
    """Where the parts of the page go, in mm, for the body font's metrics."""

    def __init__(self, fonts=None, mark_size=rules.ISSUER_MARK_SIZE, fmt="document"):
        self.fonts = fonts or rules.Fonts()
        self.format = fmt
        metrics = self.fonts.metrics
        self.line = rules.LINE_PITCH
        self.char = rules.CHAR_PITCH
        self.body_size = rules.mm(rules.BODY_SIZE_PT)
        # Line box top → characters' top edge: the page margin gives it back.
        self.shift = rules.em_top_in_line(self.line, self.body_size, metrics)
        self.margin_top = rules.TOP_MARGIN - self.shift
        self.margin_bottom = rules.PAGE_HEIGHT - self.margin_top - rules.TEXT_HEIGHT - _SLACK
        # 版头, in the coordinates of the page's content box (first page).
        self.mark_size = mark_size
        mark_em = rules.em_top_in_line(mark_size, mark_size, metrics)
        self.rule_y = 0.0  # the red rule under the 文号 (文件 and 纪要 formats only)
        if fmt == "letter":
            self._letter(mark_em)
        else:
            below_text_top = rules.ORDER_MARK_TOP if fmt == "order" else rules.ISSUER_MARK_TOP
            self.mark_top = self.shift + below_text_top - mark_em
            number_em_top = (
                self.shift + below_text_top + mark_size + rules.ISSUE_NUMBER_BLANK_LINES * self.line
            )
            self.number_top = number_em_top - self.shift
            self.number_baseline = self.number_top + rules.baseline_in_line(
                self.line, self.body_size, metrics
            )
            if fmt == "order":
                # No red rule: the text two blank lines below the 令号.
                first_free = math.ceil((self.number_top + self.line) / self.line - 0.01)
                self.masthead_height = (first_free + rules.ORDER_TEXT_BLANK_LINES) * self.line
            else:
                self.rule_y = self.number_baseline + rules.RULE_BELOW_ISSUE_NUMBER
                first_free = math.ceil(self.rule_y / self.line)
                self.masthead_height = (first_free + rules.TITLE_BLANK_LINES) * self.line
        # Page numbers: the characters' top edge 7 mm below the 版心.
        pn_size = rules.mm(rules.PAGE_NUMBER_SIZE_PT)
        self.page_number_size = pn_size
        area_top = self.margin_top + rules.TEXT_HEIGHT + _SLACK
        self.page_number_padding = (
            rules.TEXT_BOTTOM
            + rules.PAGE_NUMBER_BELOW_TEXT
            - area_top
            - rules.em_top_in_line(pn_size, pn_size, metrics)
        )
        # The 版记's last rule on the 版心's bottom edge.
        self.colophon_drop = rules.TEXT_BOTTOM - (self.margin_top + rules.TEXT_HEIGHT + _SLACK)
        # 7.3.5.1: the middle of the 署名 and date lines, from the top of the 署名's line box.
        self.signature_pair_centre = self.shift + (self.line + self.body_size) / 2

    def _page_y(self, y):
        """A distance from the paper's top edge in the first page's content box coordinates."""
        return y - self.margin_top

    def _letter(self, mark_em):
        """10.1 信函格式: mark 30 mm from the top, double lines, marks and 文号 under the line."""
        double = rules.LETTER_RULE_THICK + rules.LETTER_RULE_GAP + rules.LETTER_RULE_THIN
        self.double_rule_height = double
        margin = (rules.PAGE_WIDTH - rules.LETTER_RULE_LENGTH) / 2
        self.double_rule_left = margin - rules.LEFT_MARGIN
        self.mark_top = self._page_y(rules.LETTER_MARK_TOP) - mark_em
        rule_top = rules.LETTER_MARK_TOP + self.mark_size + rules.LETTER_RULE_BELOW_MARK
        self.top_rule_y = self._page_y(rule_top)
        bottom_rule_bottom = rules.PAGE_HEIGHT - rules.LETTER_BOTTOM_RULE_ABOVE_EDGE
        self.bottom_rule_y = self._page_y(bottom_rule_bottom - double)
        # 份号 … (left) and 发文字号 (right): the first line's top edge 7/8 of a 3号
        # character below the double line.
        first_em = rule_top + double + rules.LETTER_MARKS_BELOW_RULE * self.body_size
        self.number_top = self._page_y(first_em) - self.shift
        # Page 1 runs down to just above the lower double line.
        first_page_lines = rules.letter_first_page_lines(self.line, self.body_size)
        self.first_margin_bottom = (
            rules.PAGE_HEIGHT - self.margin_top - first_page_lines * self.line - _SLACK
        )

    def letter_masthead_height(self, mark_lines):
        """The title two blank lines below the last line under the double line (grid lines)."""
        lines = max(mark_lines, 1)
        last_bottom = self.number_top + lines * self.line
        first_free = math.ceil(last_bottom / self.line - 0.01)
        return (first_free + rules.TITLE_BLANK_LINES) * self.line


def official_css(geometry):
    g = geometry
    fonts = g.fonts
    return f"""
@page {{
  size: A4;
  margin: {_f(g.margin_top)} {_f(rules.RIGHT_MARGIN)} {_f(g.margin_bottom)} {_f(rules.LEFT_MARGIN)};
  @footnote {{ margin: 0; padding: 0; }}
}}
@page :right {{
  @bottom-right {{
    content: "— " counter(page) " —";
    vertical-align: top; text-align: right;
    padding-top: {_f(g.page_number_padding)}; padding-right: {_f(g.page_number_size)};
    font-family: {fonts.page_number}; font-size: {rules.PAGE_NUMBER_SIZE_PT}pt;
    line-height: {_f(g.page_number_size)}; letter-spacing: 0; white-space: nowrap;
  }}
}}
@page :left {{
  @bottom-left {{
    content: "— " counter(page) " —";
    vertical-align: top; text-align: left;
    padding-top: {_f(g.page_number_padding)}; padding-left: {_f(g.page_number_size)};
    font-family: {fonts.page_number}; font-size: {rules.PAGE_NUMBER_SIZE_PT}pt;
    line-height: {_f(g.page_number_size)}; letter-spacing: 0; white-space: nowrap;
  }}
}}
html {{
  font-family: {fonts.body}; font-size: {rules.BODY_SIZE_PT}pt;
  line-height: {_f(g.line)}; letter-spacing: {_f(rules.body_letter_spacing())};
  text-align: justify; color: black;
}}
body {{ margin: 0; }}
p, div, h1, h2, h3, h4, h5, h6, ul, ol {{ margin: 0; padding: 0; }}
h1, h2, h3, h4, h5, h6 {{ font-size: {rules.BODY_SIZE_PT}pt; font-weight: normal;
  text-indent: {_f(2 * g.char)}; }}
h1, h2 {{ font-family: {fonts.heading}; }}
h3 {{ font-family: {fonts.kai}; }}
.masthead {{ position: relative; height: {_f(g.masthead_height)}; }}
.marks {{ font-family: {fonts.heading}; }}
.marks .copy-number {{ font-family: {fonts.body}; }}
.issuer-mark {{
  position: absolute; left: 0; right: 0; top: {_f(g.mark_top)};
  font-family: {fonts.issuer_mark}; font-size: {_f(g.mark_size)}; line-height: {_f(g.mark_size)};
  letter-spacing: 0; text-align: center; color: {rules.RED}; white-space: nowrap;
}}
.issue-number {{ position: absolute; left: 0; right: 0; top: {_f(g.number_top)};
  white-space: nowrap; }}
.issue-number.center {{ text-align: center; }}
.issue-number.left {{ text-align: left; padding-left: {_f(g.char)}; }}
.issue-number.right {{ text-align: right; padding-right: {_f(g.char)}; }}
.signer-name {{ font-family: {fonts.kai}; }}
.red-rule {{
  position: absolute; left: 0; right: 0; top: {_f(g.rule_y - _RULE_THICKNESS / 2)};
  height: {_f(_RULE_THICKNESS)}; background: {rules.RED};
}}
.title {{ font-family: {fonts.title}; font-size: {rules.TITLE_SIZE_PT}pt; letter-spacing: 0;
  text-align: center; margin-bottom: {_f(g.line)}; }}
/* The 正文 starts on page 1 right under the title and 主送 (7.3.1–7.3.3): no break
   before it. Every page's 22 lines are filled (5.2.3): the last lines of the text are
   what goes over with the 附件说明 and 署名 that keep with it (7.3.4, 7.3.5). */
.title, .recipients, .text {{ break-before: avoid; }}
.text {{ orphans: 1; widows: 1; }}
.text p {{ text-indent: {_f(2 * g.char)}; }}
.attachments {{ margin-top: {_f(g.line)}; }}
.attachments div {{ padding-left: {_f(6.5 * g.char)}; text-indent: {_f(-1.5 * g.char)}; }}
.attachments div.first {{ text-indent: {_f(-4.5 * g.char)}; }}
.attachments div.single {{ padding-left: {_f(5 * g.char)}; text-indent: {_f(-3 * g.char)}; }}
.signature {{ margin-top: {_f(g.line)}; white-space: nowrap; break-inside: avoid;
  break-before: avoid; position: relative; }}
.signature .organ {{ text-align: right; }}
.signature .date {{ text-align: left; }}
.signature.sealed {{ margin-top: {_f(rules.SEALED_SIGNATURE_BLANK_LINES * g.line)}; }}
.signature.sealed .pair-row {{ text-align: right;
  padding-right: {_f(rules.SEALED_DATE_RIGHT * g.char)}; }}
.signature.sealed .pair {{ display: inline-block; position: relative; text-align: center; }}
.signature.sealed .pair div {{ text-align: center; }}
.signature.sealed .pair .organ {{ margin: 0 -20em; }}
.signature.sealed .pair .organ.long {{ text-align: right;
  margin-right: {_f(-rules.SEALED_DATE_RIGHT * g.char)}; }}
.signature .seal {{ position: absolute; left: 50%; z-index: 1; }}
.attachments {{ break-inside: avoid; break-before: avoid; }}
.remarks {{ text-indent: {_f(2 * g.char)}; }}
.colophon {{
  float: footnote; footnote-display: block; transform: translateY({_f(g.colophon_drop)});
  font-size: {rules.COLOPHON_SIZE_PT}pt; letter-spacing: 0; line-height: {_f(g.line * 0.7)};
  border-top: {_f(rules.COLOPHON_OUTER_RULE)} solid black;
  border-bottom: {_f(rules.COLOPHON_OUTER_RULE)} solid black;
}}
.colophon::footnote-call {{ content: ""; font-size: 0; line-height: 0; }}
.colophon-page {{ break-before: page; }}
.colophon-page.after-blank {{ break-before: left; page: colophon; }}
@page :blank {{ @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
@page colophon {{ @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
.colophon::footnote-marker {{ content: none; }}
.colophon div {{ padding: 0 {_f(rules.mm(rules.COLOPHON_SIZE_PT))}; text-align: left; }}
.colophon .cc {{ border-bottom: {_f(rules.COLOPHON_INNER_RULE)} solid black; }}
.colophon .printing {{ position: relative; }}
.colophon .printed {{ position: absolute; top: 0; right: {_f(rules.mm(rules.COLOPHON_SIZE_PT))}; }}
{_attachment_css(g)}""" + _format_css(g)


def _format_css(g):
    """The rules of the special formats (10) on top of the 文件格式's."""
    fonts = g.fonts
    if g.format == "letter":
        rule = f"position: absolute; left: {_f(g.double_rule_left)}; "
        rule += f"width: {_f(rules.LETTER_RULE_LENGTH)}; height: {_f(rules.LETTER_RULE_GAP)};"
        thick = f"{_f(rules.LETTER_RULE_THICK)} solid {rules.RED}"
        thin = f"{_f(rules.LETTER_RULE_THIN)} solid {rules.RED}"
        return f"""
@page :first {{ margin-bottom: {_f(g.first_margin_bottom)};
  @bottom-right {{ content: none; }} @bottom-left {{ content: none; }} }}
.double-rule {{ {rule} top: {_f(g.top_rule_y)}; border-top: {thick}; border-bottom: {thin}; }}
.double-rule.bottom {{ top: {_f(g.bottom_rule_y)}; border-top: {thin}; border-bottom: {thick}; }}
.marks {{ position: absolute; left: 0; top: {_f(g.number_top)}; }}
.issue-number.letter {{ text-align: right; }}
.colophon {{ border-top: none; border-bottom: none; }}
.colophon .cc {{ border-bottom: none; }}
"""
    if g.format == "order":
        return f"""
.order-signature {{ margin-top: {_f(rules.ORDER_SIGNATURE_BLANK_LINES * g.line)};
  text-align: right; padding-right: {_f(rules.ORDER_SIGNATURE_RIGHT * g.char)};
  white-space: nowrap; }}
.order-signature .signer-title {{ padding-right: {_f(rules.ORDER_TITLE_GAP * g.char)}; }}
.order-signature .signature-stamp {{ height: {_f(rules.SIGNATURE_STAMP_LINES * g.line)};
  vertical-align: middle; }}
.order-date {{ margin-top: {_f(g.line)}; text-align: right;
  padding-right: {_f(rules.ORDER_SIGNATURE_RIGHT * g.char)}; white-space: nowrap; }}
"""
    if g.format == "minutes":
        return f"""
.attendance {{ margin-top: {_f(g.line)}; }}
.attendance div {{ padding-left: {_f(5 * g.char)}; text-indent: {_f(-3 * g.char)}; }}
.attendance .label {{ font-family: {fonts.heading}; }}
"""
    return ""


def _e(value):
    return html.escape(value or "", quote=True)


def _marks(fields):
    """份号, 密级和保密期限, 紧急程度 (7.2.1–7.2.3) as lines."""
    return rules.header_marks(
        fields.get("copy_number", ""),
        fields.get("classification", ""),
        fields.get("secrecy_period", ""),
        fields.get("urgency", ""),
    )


def _masthead(fields, geometry, mark):
    fmt = geometry.format
    parts = ['<div class="masthead">']
    marks = _marks(fields)
    if marks:
        parts.append('<div class="marks">')
        for i, line in enumerate(marks):
            cls = ' class="copy-number"' if i == 0 and fields.get("copy_number") else ""
            parts.append(f"<div{cls}>{_e(line)}</div>")
        parts.append("</div>")
    parts.append(f'<div class="issuer-mark">{_e(mark)}</div>')
    number = _e(fields.get("issue_number"))
    if fmt == "letter":
        parts.append('<div class="double-rule top"></div>')
        if number:
            parts.append(f'<div class="issue-number letter">{number}</div>')
        parts.append('<div class="double-rule bottom"></div>')
    elif fmt == "order":
        parts.append(f'<div class="issue-number center">{number}</div>')
    elif fields.get("direction") == "upward" and fmt == "document":
        parts.append(f'<div class="issue-number left">{number}</div>')
        signer = fields.get("signer") or ""
        parts.append(
            '<div class="issue-number right">签发人：'
            f'<span class="signer-name">{_e(signer)}</span></div>'
        )
    else:
        parts.append(f'<div class="issue-number center">{number}</div>')
    if fmt in ("document", "minutes"):
        parts.append('<div class="red-rule"></div>')
    parts.append("</div>")
    return "".join(parts)


def _order_signature(fields):
    """10.2: 签发人职务 and 签名章 (its image, else the name), 右空四字; the date a line below."""
    title = fields.get("signer_title") or ""
    name = fields.get("signer") or ""
    date = rules.format_date(fields.get("written_date"))
    parts = []
    stamp = fields.get("signature_stamp")
    if title or name or stamp:
        title_html = f'<span class="signer-title">{_e(title)}</span>' if title else ""
        signed = _e(name)
        if stamp:
            signed = f'<img class="signature-stamp" alt="{signed}" src="{_e(stamp)}">'
        parts.append(f'<div class="order-signature">{title_html}{signed}</div>')
    if date:
        parts.append(f'<div class="order-date">{_e(date)}</div>')
    return "".join(parts)


def _attendance(fields):
    """10.3: 出席 / 请假 / 列席, 黑体 label, 仿宋 names, wrapped lines under the first name."""
    lines = rules.attendance_lines(
        fields.get("attendees"), fields.get("absent"), fields.get("observers")
    )
    if not lines:
        return ""
    parts = ['<div class="attendance">']
    for label, names in lines:
        parts.append(f'<div><span class="label">{_e(label)}：</span>{_e(names)}</div>')
    parts.append("</div>")
    return "".join(parts)


def _sealed_signature(fields, geometry, organ, date):
    """7.3.5.1: date 右空四字, 署名 centred over it, the seal pressing on both.

    The pair is an inline block as wide as the date, set 右空四字; the 署名
    overhangs it on both sides (centred), or ends on the 版心's edge when it
    is too long for that. The seal is centred on the block.
    """
    g = geometry
    organ_class = "organ" if rules.sealed_organ_centred(organ, date) or not date else "organ long"
    parts = [
        f'<div class="signature sealed" id="{SIGNATURE_ID}">'
        '<div class="pair-row"><span class="pair">'
    ]
    if organ:
        parts.append(f'<div class="{organ_class}">{_e(organ)}</div>')
    if date:
        parts.append(f'<div class="date">{_e(date)}</div>')
    image = fields.get("seal_image")
    if image:
        diameter = float(fields.get("seal_diameter") or rules.SEAL_DIAMETER)
        top = g.signature_pair_centre - rules.SEAL_ABOVE_PAIR_CENTRE - diameter / 2
        parts.append(
            f'<img class="seal" alt="" src="{_e(image)}" style="top: {_f(top)}; '
            f'margin-left: {_f(-diameter / 2)}; width: {_f(diameter)}; height: {_f(diameter)}">'
        )
    parts.append("</span></div></div>")
    return "".join(parts)


def _signature(fields, geometry):
    organ = fields.get("signing_organ") or ""
    date = rules.format_date(fields.get("written_date"))
    if not organ and not date:
        return ""
    if fields.get("sealed"):
        return _sealed_signature(fields, geometry, organ, date)
    organ_right, date_left = rules.signature_offsets(organ, date)
    parts = [f'<div class="signature" id="{SIGNATURE_ID}">']
    if organ:
        parts.append(
            f'<div class="organ" style="padding-right: {_f(organ_right * geometry.char)}">'
            f"{_e(organ)}</div>"
        )
    if date:
        parts.append(
            f'<div class="date" style="padding-left: {_f(date_left * geometry.char)}">'
            f"{_e(date)}</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _attachments(fields):
    lines = rules.attachment_lines(fields.get("attachment_note"))
    if not lines:
        return ""
    parts = ['<div class="attachments">']
    for i, (label, text) in enumerate(lines):
        cls = "single" if len(lines) == 1 else "first" if i == 0 else "item"
        parts.append(f'<div class="{cls}">{_e(label)}{_e(text)}</div>')
    parts.append("</div>")
    return "".join(parts)


def _remarks(fields):
    remarks = (fields.get("remarks") or "").strip()
    if not remarks:
        return ""
    if not remarks.startswith(("（", "(")):
        remarks = f"（{remarks}）"
    return f'<div class="remarks">{_e(remarks)}</div>'


def _colophon(fields, colophon_page=SAME):
    """The 版记 (7.4; 10.1 for 信函): 抄送, 印发机关/印发日期 between rules.

    Placed where ``colophon_page`` says (``SAME``, ``NEXT``, ``AFTER_BLANK``).
    """
    cc = rules.cc_line(fields.get("cc_recipients"))
    organ = fields.get("printing_organ") or ""
    printed = rules.format_date(fields.get("printed_date"))
    if fields.get("format") == "letter":
        # 10.1: no 印发机关 and 印发日期, no rules.
        organ = printed = ""
    if not (cc or organ or printed):
        return ""
    parts = [f'<div class="colophon" id="{COLOPHON_ID}">']
    if cc:
        parts.append(f'<div class="cc">{_e(cc)}</div>')
    if organ or printed:
        date = f'<span class="printed">{_e(printed)}印发</span>' if printed else ""
        parts.append(f'<div class="printing">{date}{_e(organ)}</div>')
    parts.append("</div>")
    if colophon_page == NEXT:
        return '<div class="colophon-page">' + "".join(parts) + "</div>"
    if colophon_page == AFTER_BLANK:
        return '<div class="colophon-page after-blank">' + "".join(parts) + "</div>"
    return "".join(parts)


def official_html(fields, fonts=None, colophon_page=SAME, squeezed=False):
    """The complete HTML document (with its CSS) of the official PDF of ``fields``.

    ``fields["format"]`` picks the format (GB/T 9704-2012 §10): ``document``
    (文件格式, the default), ``letter`` (信函), ``order`` (命令(令)), ``minutes``
    (纪要); see ``rules.format_mark`` for the mark each prints.
    ``colophon_page`` places the 版记 (``SAME``, ``NEXT``, ``AFTER_BLANK``).
    ``squeezed`` sets the blank lines above the 附件说明 and the 署名 one line
    closer in all (``squeezed_css``; ``pdf`` asks for it where that keeps the
    署名 on the text's page).
    """
    fmt = fields.get("format") or "document"
    if fmt not in rules.FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    mark = fields.get("format_mark") or rules.format_mark(fmt, fields.get("issuer_mark"))
    geometry = Geometry(fonts, rules.issuer_mark_size(mark), fmt)
    if fmt == "letter":
        geometry.masthead_height = geometry.letter_masthead_height(len(_marks(fields)))
    recipients = rules.recipients_line(fields.get("main_recipients"))
    if fmt in ("order", "minutes"):
        recipients = ""
    title_lines = "<br>".join(_e(line) for line in rules.title_lines(fields.get("title")))
    title = "" if fmt == "order" else f'<div class="title">{title_lines}</div>'
    if fmt == "order":
        closing = _order_signature(fields)
    elif fmt == "minutes":
        closing = _attendance(fields)
    else:
        closing = _signature(fields, geometry)
    body = [
        _masthead(fields, geometry, mark),
        title,
        f'<div class="recipients">{_e(recipients)}</div>' if recipients else "",
        f'<div class="text">{fields.get("text") or ""}</div>',
        _attachments(fields),
        closing,
        _remarks(fields),
        _attachment_pages(fields, geometry),
        BODY_END,
        _colophon(fields, colophon_page),
    ]
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(fields.get('title'))}</title>"
        f"<style>{official_css(geometry)}{squeezed_css(geometry) if squeezed else ''}</style>"
        "</head>"
        f"<body>{''.join(body)}</body></html>"
    )


def squeezed_css(geometry):
    """7.3.5 特殊情况说明: where the space left cannot hold the 署名 and 成文日期, the
    spacing is adjusted — the blank line above the 附件说明 and the one above the
    署名 are half a line each, a sealed 署名's two lines one and a half: one line
    won in all, the seal's top still clear of the 附件说明 (7.3.5.1).
    """
    g = geometry
    half = _f(g.line / 2)
    sealed = _f((rules.SEALED_SIGNATURE_BLANK_LINES - 0.5) * g.line)
    return f"""
.attachments {{ margin-top: {half}; }}
.signature {{ margin-top: {half}; }}
.signature.sealed {{ margin-top: {sealed}; }}
"""


def _attachment_css(g):
    """7.3.7: each attachment on a new page, 「附件N」 in 3号黑体 顶格 on the first line,
    the title centred on the second (as the document's title), then the boxes its pages go in.
    """
    return f"""
.attachment {{ break-before: page; }}
.attachment-label {{ font-family: {g.fonts.heading}; text-align: left; text-indent: 0; }}
.attachment-title {{ font-family: {g.fonts.title}; font-size: {rules.TITLE_SIZE_PT}pt;
  letter-spacing: 0; text-align: center; margin-bottom: {_f(g.line)}; }}
.attachment-page {{ height: {_f(rules.TEXT_HEIGHT)}; }}
.attachment-page + .attachment-page {{ break-before: page; }}
"""


def attachment_page_id(number, page):
    """The id of the box of page ``page`` (from 1) of attachment ``number`` (from 1)."""
    return f"attachment-{number}-page-{page}"


def _colophon_height(fields, geometry):
    """About how much of the last page the 版记 takes, with a blank line above it (mm)."""
    cc = rules.cc_line(fields.get("cc_recipients"))
    printing = fields.get("format") != "letter" and (
        fields.get("printing_organ") or fields.get("printed_date")
    )
    per_line = rules.TEXT_WIDTH / rules.mm(rules.COLOPHON_SIZE_PT) - 2
    lines = math.ceil(rules.text_width_chars(cc) / per_line) + (1 if printing else 0)
    if not lines:
        return 0
    return lines * geometry.line * 0.7 + 2 * rules.COLOPHON_OUTER_RULE + geometry.line


def _attachment_pages(fields, geometry):
    """The attachments (7.3.7) after the text, before the 版记: ``fields["attachment_pages"]``.

    A list of ``{"label", "title", "pages"}``: each attachment starts a page
    with its label and title; below them an empty box for its first page,
    then a page-filling box for each further page (``pdf`` fills them). The
    very last box leaves room for the 版记, which then shares its page.
    """
    parts = []
    entries = list(fields.get("attachment_pages") or ())
    for number, entry in enumerate(entries, 1):
        title = rules.title_lines(entry.get("title") or "")
        # label, title, one blank line: the rest of the 版心 for page 1
        first = max(rules.LINES_PER_PAGE - 2 - len(title), 1) * geometry.line
        parts.append('<section class="attachment">')
        parts.append(f'<div class="attachment-label">{_e(entry.get("label"))}</div>')
        parts.append(
            f'<div class="attachment-title">{"<br>".join(_e(line) for line in title)}</div>'
        )
        pages = max(int(entry.get("pages") or 1), 1)
        for page in range(1, pages + 1):
            height = first if page == 1 else rules.TEXT_HEIGHT
            if number == len(entries) and page == pages:
                height -= _colophon_height(fields, geometry)
            parts.append(
                f'<div class="attachment-page" id="{attachment_page_id(number, page)}" '
                f'style="height: {_f(height)}"></div>'
            )
        parts.append("</section>")
    return "".join(parts)
