"""R-RUN1, R-SEC5: a render job's bounded input (the 附件's PDFs) and the page's pending work."""

from collective.gongwen.content.progress import PENDING
from collective.gongwen.content.progress import WARNING
from collective.gongwen.content.progress import Note
from collective.gongwen.content.progress import pending_keys
from collective.gongwen.typeset.attachment_pages import within_bytes


def test_r_sec5_attachment_pdfs_beyond_the_bound_count_as_not_converted():
    sources = [("一", b"a" * 40), ("二", None), ("三", b"c" * 70), ("四", b"d" * 60)]
    assert within_bytes(sources, 100) == [
        ("一", b"a" * 40),
        ("二", None),
        ("三", None),
        ("四", b"d" * 60),
    ]
    assert within_bytes(sources, 0) == [("一", None), ("二", None), ("三", None), ("四", None)]
    assert within_bytes(sources, 170) == sources


def test_r_run1_the_page_waits_for_the_pending_work_only():
    notes = [Note("slip", "处理单正在生成…", PENDING), Note("official", "附件……", WARNING)]
    assert pending_keys(notes) == ["slip"]
    assert pending_keys([*notes, Note("official", "正式文件正在排版…", PENDING)]) == [
        "official",
        "slip",
    ]
    assert pending_keys([]) == []
