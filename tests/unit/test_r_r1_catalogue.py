"""R-R1: the 归档文件目录's rows, tables and files (DA/T 22-2015 §9), in plain Python."""

import datetime
import io

from openpyxl import load_workbook

from collective.gongwen.archive import catalogue
from collective.gongwen.typeset.rules import Fonts


def info(item, retention="10_years", organ="BGS", title="办公室", year=2026):
    code = {"permanent": "Y", "30_years": "D30", "10_years": "D10"}[retention]
    return {
        "fonds_number": "118",
        "year": year,
        "retention": retention,
        "organ_code": organ,
        "organ_title": title,
        "item_number": item,
        "archival_code": f"118-WS·{year}-{code}-{organ}-{item:04d}",
    }


def row(item, **kwargs):
    return catalogue.catalogue_row(
        info(item, **kwargs),
        number=f"长河〔2026〕{item}号",
        responsible="长垣河务局",
        title=f"关于防汛工作的通知（{item}）",
        date=datetime.date(2026, 3, item % 28 + 1),
        pages=3,
        classification="none",
    )


def test_r_r1_catalogue_columns_are_the_standards():
    assert catalogue.HEADINGS == (
        "件号", "档号", "文号", "责任者", "题名", "日期", "页数", "密级", "保管期限", "备注",
    )  # fmt: skip


def test_r_r1_catalogue_row_from_the_archive_stamp_and_metadata():
    made = catalogue.catalogue_row(
        info(7),
        number="长河〔2026〕7号",
        responsible="长垣河务局",
        title="  关于……的通知 ",
        date="2026-03-12",
        pages=0,
        classification="secret",
        remarks="冻结",
    )
    assert made["item_number"] == 7
    assert made["archival_code"] == "118-WS·2026-D10-BGS-0007"
    assert made["date"] == "20260312"
    assert made["pages"] is None  # unknown pages are blank, never 0
    assert made["classification"] == "秘密"
    assert made["title"] == "关于……的通知"
    assert catalogue.row_cells(made) == [
        "7", "118-WS·2026-D10-BGS-0007", "长河〔2026〕7号", "长垣河务局", "关于……的通知",
        "20260312", "", "秘密", "定期10年", "冻结",
    ]  # fmt: skip
    assert catalogue.classification_text("none") == ""
    assert catalogue.date_text("not a date") == "" and catalogue.date_text(None) == ""


def test_r_r1_catalogue_one_table_per_retention_and_organ_sorted_by_item():
    rows = [
        row(3),
        row(1, retention="permanent"),
        row(2),
        row(1),
        row(1, organ="GCK", title="工程管理科"),
        row(2, retention="permanent"),
        row(1, retention="30_years"),
    ]
    tables = catalogue.catalogue_tables(rows)
    assert [(t["retention_title"], t["organ_code"]) for t in tables] == [
        ("永久", "BGS"),
        ("定期30年", "BGS"),
        ("定期10年", "BGS"),
        ("定期10年", "GCK"),
    ]
    assert [r["item_number"] for r in tables[2]["rows"]] == [1, 2, 3]
    assert [r["item_number"] for r in tables[0]["rows"]] == [1, 2]
    assert tables[3]["organ_title"] == "工程管理科"
    assert catalogue.catalogue_tables([]) == []


def test_r_r1_catalogue_pieces_and_stamp():
    table = {"rows": [row(n) for n in range(1, 1001)]}
    pieces = catalogue.chunks(table, 400)
    assert [len(p) for p in pieces] == [400, 400, 200]
    assert catalogue.chunks({"rows": []}) == [[]]
    a = catalogue.rows_stamp([["uid1", "2026"], ["uid2", "2026"]])
    assert a == catalogue.rows_stamp([["uid1", "2026"], ["uid2", "2026"]])
    assert a != catalogue.rows_stamp([["uid1", "2026"], ["uid2", "2027"]])


def test_r_r1_catalogue_html_escapes_and_numbers_pages_on():
    hostile = catalogue.catalogue_row(info(1), title="<script>alert(1)</script>&")
    header = {"fonds_title": "长垣河务局", "fonds_number": "118", "year": 2026}
    (table,) = catalogue.catalogue_tables([hostile])
    html = catalogue.catalogue_html(header, table, table["rows"], Fonts(), first_page=5)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "counter-reset: page 5" in html
    assert "全宗名称：长垣河务局　全宗号：118　年度：2026　保管期限：定期10年" in html
    assert "A4 landscape" in html


def test_r_r1_catalogue_xlsx_one_sheet_per_table_text_never_formulas():
    rows = [row(1), row(2), row(1, retention="permanent")]
    rows.append(catalogue.catalogue_row(info(3), title='=HYPERLINK("http://x")'))
    header = {"fonds_title": "长垣河务局", "fonds_number": "118", "year": 2026}
    data = catalogue.catalogue_xlsx(header, catalogue.catalogue_tables(rows))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["永久-BGS", "定期10年-BGS"]
    sheet = book["定期10年-BGS"]
    values = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert values[0][0] == "归档文件目录"
    assert "保管期限：定期10年" in values[1][0]
    assert tuple(values[2]) == catalogue.HEADINGS
    assert [line[1] for line in values[3:]] == [
        "118-WS·2026-D10-BGS-0001",
        "118-WS·2026-D10-BGS-0002",
        "118-WS·2026-D10-BGS-0003",
    ]
    assert values[5][4] == '\'=HYPERLINK("http://x")'
    assert all(cell.data_type == "s" for line in sheet.iter_rows() for cell in line if cell.value)
    empty = load_workbook(io.BytesIO(catalogue.catalogue_xlsx(header, [])))
    assert len(empty.sheetnames) == 1


def test_r_r1_catalogue_sheet_names_are_unique_and_short():
    taken = set()
    table = {"retention_title": "定期10年", "organ_code": "A" * 40}
    first, second = catalogue.sheet_title(table, taken), catalogue.sheet_title(table, taken)
    assert first != second and len(first) <= 31 and len(second) <= 31
