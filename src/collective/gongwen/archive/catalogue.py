"""The 归档文件目录 of one unit and year (DA/T 22-2015 §9 and its appendix), in plain Python.

No Zope import here (only the message factory and other plain modules). What it owns:

* ``COLUMNS``: 件号, 档号, 文号, 责任者, 题名, 日期, 页数, 密级, 保管期限, 备注;
* ``catalogue_row``: one row from an item's 归档章 data and its metadata (plain values);
* ``catalogue_tables``: one table per 保管期限 (永久, 定期30年, 定期10年) and 机构(问题),
  rows by 件号 — the order the standard files them in;
* ``rows_stamp``: what a built catalogue was made from (a changed item makes it stale);
* ``catalogue_html`` (A4 landscape, one table per page run, its header repeated; rendered to
  PDF by typeset's render child in the worker) and ``catalogue_xlsx`` (one sheet per table,
  text cells escaped with ``audit.export.safe_cell``);
* ``chunks``: a table's rows in pieces a render child lays out well within its caps.
"""

import datetime
import hashlib
import html
import json
import tempfile

from collective.gongwen.archive.rules import RETENTIONS
from collective.gongwen.audit.export import safe_cell
from collective.gongwen.content.vocabularies import title_of

# (key, Chinese heading, width in mm on A4 landscape's 267 mm)
COLUMNS = (
    ("item_number", "件号", 12),
    ("archival_code", "档号", 47),
    ("number", "文号", 32),
    ("responsible", "责任者", 30),
    ("title", "题名", 72),
    ("date", "日期", 18),
    ("pages", "页数", 11),
    ("classification", "密级", 12),
    ("retention", "保管期限", 17),
    ("remarks", "备注", 16),
)
HEADINGS = tuple(heading for _key, heading, _width in COLUMNS)
RETENTION_ORDER = tuple(RETENTIONS)  # 永久, 定期30年, 定期10年
# Rows one render child lays out (about 28 pages, 3 s): far within typeset's caps.
ROWS_PER_RENDER = 400
MAX_TEXT = 500  # 题名 and the other cells are bounded where they are entered; a guard


def _text(value, limit=MAX_TEXT):
    return "" if value is None else str(value).strip()[:limit]


def date_text(value):
    """DA/T 22's 日期: eight digits ``20260312`` from a date or ISO text; "" if none."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y%m%d")
    text = str(value)[:10]
    try:
        return datetime.date.fromisoformat(text).strftime("%Y%m%d")
    except ValueError:
        return ""


def classification_text(token):
    """密级 as the catalogue shows it: the title, blank for 非密 (the standard leaves it empty)."""
    if not token or token == "none":
        return ""
    return title_of("classification", token)


def catalogue_row(info, number="", responsible="", title="", date=None, pages=None,
                  classification=None, remarks=""):  # fmt: skip
    """One row of the 目录 from ``info`` (the 归档章 data) and the item's metadata.

    Plain values only (JSON-able): the worker receives rows as they are.
    """
    pages = pages if isinstance(pages, int) and not isinstance(pages, bool) and pages > 0 else None
    return {
        "item_number": int(info["item_number"]),
        "archival_code": _text(info.get("archival_code")),
        "number": _text(number),
        "responsible": _text(responsible),
        "title": _text(title),
        "date": date_text(date),
        "pages": pages,
        "classification": classification_text(classification),
        "retention": info["retention"],
        "retention_title": title_of("retention", info["retention"]),
        "organ_code": _text(info.get("organ_code")),
        "organ_title": _text(info.get("organ_title")),
        "fonds_number": _text(info.get("fonds_number")),
        "year": int(info["year"]),
        "remarks": _text(remarks),
    }


def _retention_rank(token):
    return RETENTION_ORDER.index(token) if token in RETENTION_ORDER else len(RETENTION_ORDER)


def catalogue_tables(rows):
    """The tables of the 目录: ``[{retention, retention_title, organ_code, organ_title, rows}]``.

    One per 保管期限 (永久, 定期30年, 定期10年) and 机构(问题) (by code), rows by 件号.
    """
    groups = {}
    for row in rows:
        groups.setdefault((row["retention"], row["organ_code"]), []).append(row)
    tables = []
    for (retention, organ_code), members in sorted(
        groups.items(), key=lambda item: (_retention_rank(item[0][0]), item[0][1])
    ):
        members.sort(key=lambda row: (row["item_number"], row["archival_code"]))
        tables.append(
            {
                "retention": retention,
                "retention_title": members[0]["retention_title"],
                "organ_code": organ_code,
                "organ_title": members[0]["organ_title"] or organ_code,
                "rows": members,
            }
        )
    return tables


def cell_text(row, key):
    """The text of column ``key`` of ``row`` (保管期限 by its title, 页数 blank when unknown)."""
    if key == "retention":
        return row["retention_title"]
    value = row.get(key)
    return "" if value is None else str(value)


def row_cells(row):
    """The texts of ``row`` in the columns' order."""
    return [cell_text(row, key) for key, _heading, _width in COLUMNS]


def rows_stamp(parts):
    """A short digest of ``parts`` (JSON-able): equal exactly when the items are the same."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def file_basename(fonds_title, year):
    """「长垣河务局2026年度归档文件目录」: the name of the PDF and the XLSX without extension."""
    return f"{_text(fonds_title, 100)}{int(year)}年度归档文件目录"


def chunks(table, size=ROWS_PER_RENDER):
    """``table``'s rows in pieces of at most ``size`` (one render each); one empty piece if none."""
    rows = table["rows"]
    size = max(1, int(size))
    return [rows[start : start + size] for start in range(0, len(rows), size)] or [[]]


# --- PDF (HTML for typeset's render child) ---------------------------------------------


def _e(value):
    return html.escape("" if value is None else str(value), quote=True)


def header_text(header, table):
    """The line above a table: 全宗名称, 全宗号, 年度, 保管期限, 机构(问题)."""
    return (
        f"全宗名称：{header['fonds_title']}　全宗号：{header['fonds_number']}　"
        f"年度：{header['year']}　保管期限：{table['retention_title']}　"
        f"机构（问题）：{table['organ_title']}"
    )


def catalogue_html(header, table, rows, fonts, first_page=1, continued=False):
    """HTML of ``rows`` of ``table`` (A4 landscape), pages numbered from ``first_page``.

    ``header``: fonds_title, fonds_number, year. ``fonts``: a ``typeset.rules.Fonts``
    (its body and heading families). The table's header row and the line naming the
    fonds, year, 保管期限 and 机构 repeat on every page; ``continued`` marks a piece after
    the table's first.
    """
    widths = "".join(f'<col style="width:{width}mm">' for _key, _heading, width in COLUMNS)
    heads = "".join(f"<th>{_e(heading)}</th>" for heading in HEADINGS)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="c-{key}">{_e(cell_text(row, key))}</td>'
            for key, _heading, _width in COLUMNS
        )
        + "</tr>"  # fmt: skip
        for row in rows
    )
    if not rows:
        body = f'<tr><td colspan="{len(COLUMNS)}" class="empty">（无）</td></tr>'
    line = _e(header_text(header, table))
    # the line is under the title on a table's first page; above the others
    first_top = "" if continued else " @top-left { content: none; }"
    title = "归档文件目录（续）" if continued else "归档文件目录"
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{_e(title)}</title><style>
@page {{
  size: A4 landscape; margin: 18mm 15mm 16mm 15mm;
  @top-left {{ content: string(catalogue-line); font-family: {fonts.body};
    font-size: 9pt; }}
  @bottom-center {{ content: "第 " counter(page) " 页"; font-family: {fonts.body};
    font-size: 9pt; }}
}}
@page :first {{ counter-reset: page {int(first_page)};{first_top} }}
html {{ font-family: {fonts.body}; font-size: 9.5pt; }}
h1 {{ font-family: {fonts.heading}; font-size: 18pt; font-weight: normal; text-align: center;
  letter-spacing: 0.3em; margin: 0 0 3mm 0; }}
.line {{ string-set: catalogue-line content(); font-size: 10.5pt; margin: 0 0 2mm 0; }}
table {{ border-collapse: collapse; width: 267mm; table-layout: fixed; }}
thead {{ display: table-header-group; }}
th {{ font-family: {fonts.heading}; font-weight: normal; font-size: 10pt; text-align: center; }}
th, td {{ border: 0.5pt solid #000; padding: 1.2mm 1mm; vertical-align: middle;
  word-break: break-all; }}
td {{ text-align: center; }}
td.c-title, td.c-responsible, td.c-remarks {{ text-align: left; }}
tr {{ break-inside: avoid; }}
td.empty {{ text-align: center; color: #555; }}
</style></head><body>
<h1>{_e(title)}</h1>
<p class="line">{line}</p>
<table><colgroup>{widths}</colgroup><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>
</body></html>"""


# --- XLSX --------------------------------------------------------------------------------


def sheet_title(table, taken):
    """A sheet name (≤ 31 characters, unique in ``taken``) for ``table``: 定期10年-BGS."""
    base = f"{table['retention_title']}-{table['organ_code']}"
    for ch in "[]:*?/\\":
        base = base.replace(ch, "_")
    base = base[:28] or "目录"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base[:26]}({n})"
    taken.add(name)
    return name


def catalogue_xlsx(header, tables):
    """The 目录 as an XLSX workbook (bytes): one sheet per table, its header lines first.

    Every cell is text (never a formula): ``audit.export.safe_cell`` escapes what a
    spreadsheet would evaluate.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    taken = set()
    bold = Font(bold=True)
    for table in tables or [None]:
        if table is None:  # a year with nothing archived: one empty sheet with the headings
            table = {"retention_title": "", "organ_code": "", "organ_title": "", "rows": []}
        sheet = workbook.create_sheet(title=sheet_title(table, taken))
        for index, (_key, _heading, width) in enumerate(COLUMNS):
            sheet.column_dimensions[chr(ord("A") + index)].width = max(6, width * 0.55)

        def text_row(values, font=None, sheet=sheet):
            cells = []
            for value in values:
                cell = WriteOnlyCell(sheet, value=safe_cell(value))
                cell.data_type = "s"
                if font is not None:
                    cell.font = font
                cells.append(cell)
            return cells

        sheet.append(text_row(["归档文件目录"], bold))
        sheet.append(text_row([header_text(header, table)]))
        sheet.append(text_row(HEADINGS, bold))
        for row in table["rows"]:
            sheet.append(text_row(row_cells(row)))
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        spool.seek(0)
        return spool.read()
