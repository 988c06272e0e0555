"""R-D6 in the demo data: the Word 正文 of the demo 发文 are built in src (``demo_files``, with
``wordbody.writer``) — each version the one before with the tracked changes and comments of
whoever checked it in, read back by ``wordbody.docx`` with their authors."""

import pytest

from collective.gongwen.setuphandlers.demo_documents import demo_documents
from collective.gongwen.setuphandlers.demo_files import file_bytes
from collective.gongwen.setuphandlers.demo_files import revised
from collective.gongwen.setuphandlers.demo_files import word_blocks
from collective.gongwen.wordbody import writer
from collective.gongwen.wordbody.docx import read_document
from collective.gongwen.wordbody.filecheck import check_word_file

DATE = "2026-12-06T03:00:00Z"
SPEC = {
    "kind": "word",
    "title": "关于开展冬季堤防巡查的通知",
    "blocks": [
        {"paragraph": "局属各科室：", "indent": False},
        {"heading": "巡查范围", "level": 1},
        {"heading": "堤身检查", "level": 2},
        {"paragraph": "重点检查堤顶有无裂缝，发现问题及时登记。"},
        {"table": [["组别", "频次"], ["第一组", "每周两次"]]},
        {"image": {"title": "巡查流程", "labels": ["出发", "巡查", "登记"]}},
    ],
}


def read(blocks):
    return read_document(writer.make_docx(blocks))


def test_r_d6_demo_word_file_has_numbered_headings_a_table_and_a_picture():
    data, filename = file_bytes(SPEC)
    assert filename == "关于开展冬季堤防巡查的通知.docx"
    assert check_word_file(data, filename) is None  # what an upload accepts
    word = read_document(data)
    assert [(b.kind, b.label) for b in word.blocks if b.kind == "heading"] == [
        ("heading", "一、"),
        ("heading", "（一）"),
    ]
    assert [b.kind for b in word.blocks][-2:] == ["table", "image"]
    assert word.changes == [] and word.comments == []


def test_r_d6_demo_revision_is_tracked_in_its_authors_name_and_keeps_the_earlier_ones():
    first = word_blocks(SPEC)
    second = revised(
        first,
        {
            "edits": [
                {"find": "每周两次", "replace": "每周三次"},
                {"after": "及时登记", "insert": "并上报"},
            ]
        },
        "马涛",
        DATE,
    )
    third = revised(
        second,
        {
            "edits": [{"find": "裂缝", "replace": ""}],
            "comments": [{"on": "堤顶", "note": "请写明桩号"}],
        },
        "刘芳",
        DATE,
    )
    assert read(first).changes == []  # the earlier version (its table too) as it was
    assert [(c["author"], c["kind"], c["text"]) for c in read(second).changes] == [
        ("马涛", "ins", "并上报"),
        ("马涛", "del", "每周两次"),
        ("马涛", "ins", "每周三次"),
    ]
    word = read(third)
    assert [(c["author"], c["kind"], c["text"]) for c in word.changes] == [
        ("刘芳", "del", "裂缝"),
        ("马涛", "ins", "并上报"),
        ("马涛", "del", "每周两次"),
        ("马涛", "ins", "每周三次"),
    ]
    assert [(c["author"], c["text"]) for c in word.comments] == [("刘芳", "请写明桩号")]
    assert "重点检查堤顶有无，发现问题及时登记并上报。" in word.accepted_text()
    assert "每周三次" in word.accepted_text()


def test_r_d6_demo_revision_of_words_the_file_does_not_hold_is_refused():
    with pytest.raises(ValueError, match="不存在的话"):
        edits = {"edits": [{"find": "不存在的话", "replace": "x"}]}
        revised(word_blocks(SPEC), edits, "马涛", DATE)
    with pytest.raises(ValueError, match="unknown block"):
        word_blocks({"kind": "word", "title": "t", "blocks": [{"quote": "x"}]})


def test_r_d6_every_demo_word_body_revision_finds_its_words():
    data = demo_documents()
    entries = [e for e in data["documents"] if "word_body" in e]
    assert {e["id"] for e in entries} == {"demo-2026-flood-supplies", "demo-2026-dike-patrol"}
    for entry in entries:
        assert "text" not in entry, entry["id"]  # one 正文: the Word file
        blocks = word_blocks(data["files"][entry["word_body"]["file"]])
        for step, revision in entry["word_body"]["revisions"].items():
            blocks = revised(blocks, revision, step, DATE)
        assert {c["author"] for c in read(blocks).changes} == set(entry["word_body"]["revisions"])


@pytest.mark.slow
def test_r_d6_libreoffice_opens_the_demo_word_bodies_with_their_changes():
    """The last version of each demo Word 正文, converted to PDF by LibreOffice: its numbered
    headings, its table and its tracked insertions are there (LibreOffice shows them)."""
    import io

    from pypdf import PdfReader

    from tests.support.wordfiles import to_format

    data = demo_documents()
    for entry in (e for e in data["documents"] if "word_body" in e):
        blocks = word_blocks(data["files"][entry["word_body"]["file"]])
        for revision in entry["word_body"]["revisions"].values():
            blocks = revised(blocks, revision, revision["by"], DATE)
        pdf = PdfReader(io.BytesIO(to_format(writer.make_docx(blocks), "pdf")))
        shown = "".join(page.extract_text() for page in pdf.pages)
        shown = shown.replace(" ", "").replace("\n", "")
        assert "一、" in shown and "（一）" in shown, entry["id"]
        assert "工作要求" in shown, entry["id"]
        inserted = [
            edit["replace"]
            for r in entry["word_body"]["revisions"].values()
            for edit in r["edits"]
            if edit.get("replace")
        ]
        assert all(text in shown for text in inserted), entry["id"]
