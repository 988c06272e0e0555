"""Issue 21 (cost per document): the PDFs a walked 发文 keeps, all versions included, fit in
150 KB — the fonts embedded as compact subsets (``typeset.compact_fonts``).

The walk is the 下行文 通知 of ``test_routing_outgoing`` (DOWNWARD_PATH, to 归档) with every
render job the worker would run done after each step. Every PDF of the document counts
with each of its CMFEditions versions, and the file as it is now where it differs from its
last version (the kept slip is refreshed in place between milestones). Before issue 21:
1,052,521 bytes (the 稿纸 in three versions of 260–323 KB, the 正式文件 149 KB).
"""

import hashlib
import io
import subprocess

import pdfplumber
from plone import api

from collective.gongwen.content.files import SLIP
from collective.gongwen.content.files import TYPESET
from collective.gongwen.content.files import role_of
from collective.gongwen.content.versions import file_versions
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.renders import run_render_jobs

MAX_PDF_BYTES_PER_DOCUMENT = 150 * 1024


def kept_pdfs(item):
    """The bytes of every PDF ``item`` keeps: each version's, and its file now if not the last."""
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(["Manager"]):
        history = repository.getHistoryMetadata(item)
        count = history.getLength(countPurged=False) if history else 0
        kept = [repository.retrieve(item, number).object.file.data for number in range(count)]
    now = item.file.data
    if not kept or hashlib.sha256(kept[-1]).digest() != hashlib.sha256(now).digest():
        kept.append(now)
    return kept


def walked(portal):
    document = draft(portal, "downward")
    for user, action, opinion, _after in DOWNWARD_PATH:
        do(document, user, action, opinion)
        run_render_jobs(document)  # the worker keeps what the step asked for (R-RUN1)
    return document


def fonts_of(data, path):
    """``pdffonts`` rows of the PDF ``data`` (written to ``path``): ``(name, type, emb, sub)``."""
    path.write_bytes(data)
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    rows = []
    for line in listing.splitlines()[2:]:
        name, *middle, embedded, subset, _unicode, _object, _generation = line.split()
        rows.append((name, " ".join(middle[:-1]), embedded, subset))
    return rows


def text_of(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def test_issue21_a_walked_outgoing_keeps_at_most_150_kb_of_pdfs(portal, tmp_path):
    document = walked(portal)
    files = {
        item.getId(): (role_of(item), kept_pdfs(item))
        for item in document.objectValues()
        if item.file.data.startswith(b"%PDF-")  # not the 归档记录 (XML)
    }
    assert {role for role, _ in files.values()} == {TYPESET, SLIP}
    total = sum(len(data) for _, pdfs in files.values() for data in pdfs)
    sizes = {name: [len(data) for data in pdfs] for name, (_, pdfs) in files.items()}
    print("PDF bytes per walked 发文:", total, sizes)
    assert total <= MAX_PDF_BYTES_PER_DOCUMENT, sizes
    for role, pdfs in files.values():
        for data in pdfs:
            # each still reads: every font embedded as a subset, the text extracted
            fonts = fonts_of(data, tmp_path / "kept.pdf")
            assert fonts and all(row[2:] == ("yes", "yes") for row in fonts), fonts
            text = text_of(data)
            assert ("发文稿纸" if role == SLIP else "关于做好汛前检查的通知") in text


def test_issue21_r_t2_the_slip_has_a_version_at_numbering_and_at_sending_only(portal):
    document = draft(portal, "downward")
    for user, action, opinion, after in DOWNWARD_PATH:
        do(document, user, action, opinion)
        run_render_jobs(document)
        slip = document.get("slip")
        kept = kept_pdfs(slip) if slip is not None else []
        versions = len(file_versions(slip)) if slip is not None else 0
        if after in ("dept_review", "office_review", "leader_sign"):
            # kept in place after each opinion, without a version: none is a milestone
            assert slip is not None and versions == 0 and len(kept) == 1
        if after == "secretary_check":  # 登记编号
            assert versions == 1 and len(kept) == 1
            assert "同意印发。" in text_of(kept[-1])
        if after in ("sent", "archived"):  # 发送; nothing typeset into it at 归档 (R-R1)
            assert versions == 2 and len(kept) == 2
    comments = [entry["comment"] for entry in file_versions(document["slip"])]
    assert len(comments) == 2 and comments[0] == "更新处理单"
