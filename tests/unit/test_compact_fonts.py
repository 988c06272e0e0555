"""Issue 21 (PDFs a tenth of their size): ``typeset.compact_fonts`` embeds compact subsets.

Each PDF is rendered twice — with WeasyPrint's own subsets (``compact_fonts.as_is``) and
with the compact ones — and must show the same: the pages rasterised by poppler
(``pdftoppm -r 100``) pixel for pixel, the characters pdfplumber reads (text, position,
font, size), the fonts ``pdffonts`` lists all embedded and subset, ``qpdf --check`` clean.
"""

import datetime
import io
import subprocess

import pdfplumber
import pytest
from fontTools.cffLib import CFFFontSet
from pypdf import PdfReader
from weasyprint import HTML

from collective.gongwen.typeset import compact_fonts
from collective.gongwen.typeset.pdf import render_html_pdf
from collective.gongwen.typeset.pdf import render_official_pdf
from collective.gongwen.typeset.pdf import render_slip_pdf

from .test_typeset_attachments import FIELDS as WITH_ATTACHMENTS
from .test_typeset_attachments import _source
from .test_typeset_conformance import DOWNWARD
from .test_typeset_slips import OUTGOING

ROW = "<tr><td>{0}</td><td>长垣河务局第{0}号堤段</td><td>险工险段巡查</td><td>已完成</td></tr>"
TABLE = (
    "<table><tr><th>序号</th><th>工程名称</th><th>检查内容</th><th>情况</th></tr>"
    + "".join(ROW.format(number) for number in range(1, 61))
    + "</table>"
)
LONG_WITH_TABLE = dict(DOWNWARD, text=DOWNWARD["text"] + TABLE)
# characters no font has (drawn as .notdef, WeasyPrint's own encoding CMap) and characters
# only fallback fonts have, in the 楷体 of the opinions and the 宋体 of the text
MISSING_AND_FALLBACK = {
    "html": '<html lang="zh-CN"><body style="font-family: \'AR PL UKai CN\'">'
    "<p>楷体\ue000缺字\U0010fffd 𠀀 ABC</p>"
    "<p style=\"font-family: 'Noto Serif CJK SC'\">宋体\ue001𪚥</p></body></html>"
}


def attached_fields():
    """A 正式文件 with two 附件 PDFs, made now (compact or as is, as the official PDF)."""
    from collective.gongwen.typeset.attachment_pages import attachment_entries

    compact_fonts.install()
    entries, _missing = attachment_entries(
        [
            ("防汛物资清单", _source("物资清单第一页", "物资清单第二页")),
            ("工程量表", _source("工程量表第一页")),
        ]
    )
    return dict(WITH_ATTACHMENTS, attachment_pages=entries)


def _run(*command, data, tmp_path):
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    return subprocess.run(
        [*command, str(path)], capture_output=True, check=False, timeout=120, cwd=tmp_path
    )


def pixels(data, tmp_path):
    """Each page of ``data`` rasterised by poppler at 100 dpi: [PPM bytes]."""
    out = tmp_path / "pages"
    out.mkdir(exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    path = tmp_path / "rasterised.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "100", str(path), str(out / "page")], check=True, timeout=120)
    return [page.read_bytes() for page in sorted(out.iterdir())]


def fonts(data, tmp_path):
    """``pdffonts``: {name without the subset tag: (type, emb, sub, uni)}."""
    listing = _run("pdffonts", data=data, tmp_path=tmp_path).stdout.decode()
    rows = {}
    for line in listing.splitlines()[2:]:
        name, *kind, embedded, subset, unicode, _number, _generation = line.split()
        rows[name.split("+", 1)[-1]] = (" ".join(kind[:-1]), embedded, subset, unicode)
    return rows


def characters(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            [
                (char["text"], round(char["x0"], 2), round(char["top"], 2), char["size"])
                for char in page.chars
            ]
            for page in pdf.pages
        ]


def both(render, fields):
    """``(as WeasyPrint embeds fonts, compact)`` PDFs of ``fields`` (or of what it makes)."""
    with compact_fonts.as_is():
        before = render(fields() if callable(fields) else fields)
    return before, render(fields() if callable(fields) else fields)


def embedded_glyph_counts(data):
    """The number of glyphs of each bare CFF embedded in ``data``."""
    counts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            font_file = descendant["/FontDescriptor"].get_object().get("/FontFile3")
            if font_file is not None:
                cff = CFFFontSet()
                cff.decompile(io.BytesIO(font_file.get_object().get_data()), None)
                counts.append(len(cff[cff.fontNames[0]].charset))
    return counts


@pytest.mark.slow
@pytest.mark.parametrize(
    "render, fields, at_most",
    [
        (render_slip_pdf, OUTGOING, 0.2),
        (render_official_pdf, attached_fields, 0.2),
        (render_official_pdf, LONG_WITH_TABLE, 0.2),
        (render_html_pdf, MISSING_AND_FALLBACK, 0.3),
    ],
    ids=["slip", "official-with-attachments", "long-official-with-table", "missing-glyphs"],
)
def test_issue21_compact_fonts_show_the_same_pdf_in_a_fraction_of_the_bytes(
    render, fields, at_most, tmp_path
):
    before, after = both(render, fields)
    assert len(after) <= at_most * len(before), (len(before), len(after))
    listed = fonts(after, tmp_path)
    assert listed.keys() == fonts(before, tmp_path).keys()
    assert all(row[1:] == ("yes", "yes", "yes") for row in listed.values()), listed
    assert _run("qpdf", "--check", data=after, tmp_path=tmp_path).returncode == 0
    assert characters(after) == characters(before)
    assert pixels(after, tmp_path) == pixels(before, tmp_path)
    # only the glyphs used, not an empty slot up to the highest glyph id
    assert embedded_glyph_counts(after) and max(embedded_glyph_counts(after)) < 1000


def test_issue21_cjk_fonts_embedded_as_bare_cid_cff_and_truetype_with_a_map(tmp_path):
    data = render_slip_pdf(OUTGOING)
    listed = fonts(data, tmp_path)
    assert listed["Noto-Serif-CJK-SC"][0] == "CID Type 0C"  # bare CFF, charset maps CIDs
    assert listed["AR-PL-UKai-CN"][0] == "CID TrueType"
    reader = PdfReader(io.BytesIO(data))
    maps = {}
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        maps[str(descendant["/BaseFont"]).split("+", 1)[-1]] = descendant.get("/CIDToGIDMap")
    assert maps["Noto-Serif-CJK-SC"] is None
    kai = maps["AR-PL-UKai-CN"].get_object().get_data()
    used = [int.from_bytes(kai[2 * cid : 2 * cid + 2], "big") for cid in range(len(kai) // 2)]
    new_ids = [new for new in used if new]
    assert new_ids and len(set(new_ids)) == len(new_ids)  # each old glyph its own new one
    assert max(new_ids) < 200 < len(used)  # compact: new ids small, old ones CJK-high


def test_issue21_a_name_keyed_cff_font_is_embedded_as_weasyprint_does(tmp_path):
    html = (
        "<html><body style=\"font-family: 'Nimbus Sans'\"><p>Gongwen 2026 — compact?</p>"
        "</body></html>"
    )
    before, after = both(render_html_pdf, {"html": html})
    assert after == before  # the fallback: WeasyPrint's own subset, byte for byte
    assert [row[0] for row in fonts(after, tmp_path).values()] == ["CID Type 0C (OT)"]


def test_issue21_html_pages_other_packages_lay_out_are_compact_too(tmp_path):
    html = (
        '<html lang="zh-CN"><body style="font-family: \'Noto Serif CJK SC\'">'
        "<h1>归档文件目录</h1><p>长垣河务局二〇二六年文书档案</p></body></html>"
    )
    before, after = both(render_html_pdf, {"html": html})
    assert len(after) * 5 < len(before)
    assert pixels(after, tmp_path) == pixels(before, tmp_path)


def test_issue21_cid_to_gid_map_two_bytes_per_cid_up_to_the_highest():
    data = compact_fonts.cid_to_gid_map({0: 0, 3: 1, 70: 2})
    assert len(data) == 2 * 71
    assert data[6:8] == b"\x00\x01" and data[140:142] == b"\x00\x02"
    assert data.count(0) == len(data) - 2
    assert compact_fonts.cid_to_gid_map({}) == b"\x00\x00"


def test_issue21_font_kinds_by_their_first_bytes():
    assert compact_fonts.kind_of(b"OTTO....") == compact_fonts.CFF
    assert compact_fonts.kind_of(b"\x00\x01\x00\x00....") == compact_fonts.TRUETYPE
    assert compact_fonts.kind_of(b"true....") == compact_fonts.TRUETYPE
    assert compact_fonts.kind_of(b"wOFF....") is None
    assert compact_fonts.kind_of(b"") is None


def test_issue21_a_subset_not_cid_keyed_is_not_taken_for_one():
    truetype = HTML(string="<p style=\"font-family: 'DejaVu Sans'\">x</p>").write_pdf()
    assert compact_fonts.cid_keyed_cff(truetype, {1: 1}) is None  # not a font at all
    assert compact_fonts.cid_keyed_cff(b"OTTO", {1: 1}) is None


def test_issue21_compact_renders_are_reproducible():
    # the same fields give the same bytes: a kept slip rendered again is recognised as the same
    first = render_official_pdf(dict(DOWNWARD, written_date=datetime.date(2026, 11, 25)))
    second = render_official_pdf(dict(DOWNWARD, written_date=datetime.date(2026, 11, 25)))
    assert first == second
