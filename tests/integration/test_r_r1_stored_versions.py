"""R-R1, R-R3: every version of every file is read for 四性检测 straight from CMFEditions'
storage (``content.versions.stored_file``), the same bytes, name and type as the copy of the
version ``file_versions`` makes (the pages that show versions), and never written."""

import pytest
from plone import api

from collective.gongwen.archive import pipeline
from collective.gongwen.content import files
from collective.gongwen.content.files import stream_file
from collective.gongwen.content.versions import current_version_id
from collective.gongwen.content.versions import file_versions
from collective.gongwen.content.versions import stored_file
from collective.gongwen.content.versions import version_ids
from tests.support.finished import finished_outgoing


def _bytes(named):
    body = stream_file(named)
    return body.read() if hasattr(body, "read") else body


@pytest.fixture
def roster(portal):
    """A file of a finished 发文 saved in three versions: 第一稿, 第二稿, 第三稿 (current)."""
    document = finished_outgoing(portal, 1)
    with api.env.adopt_roles(["Manager"]):
        item = files.add_file(document, "第一稿".encode(), "值班表.txt", id="roster")
        files.replace_file(item, "第二稿".encode(), "值班表.txt")
        files.replace_file(item, "第三稿".encode(), "值班表新.txt")
    return document, item


def test_r_r1_stored_file_is_each_version_as_file_versions_gives_it(roster):
    _document, item = roster
    copies = {v["version_id"]: v["file"] for v in file_versions(item)}
    assert version_ids(item) == sorted(copies) == [0, 1, 2]
    assert current_version_id(item) == 2
    for version_id, copy in copies.items():
        stored = stored_file(item, version_id)
        assert stored.version_id == version_id
        assert (stored.filename, stored.contentType) == (copy.filename, copy.contentType)
        assert stored.getSize() == copy.getSize() == len(stored.data)
        assert _bytes(stored) == copy.data
    assert [stored_file(item, v).data.decode() for v in (0, 1, 2)] == ["第一稿", "第二稿", "第三稿"]


def test_r_r1_stored_file_refuses_unknown_versions_and_writing(roster):
    _document, item = roster
    assert stored_file(item, 3) is None
    assert stored_file(item, -1) is None
    with pytest.raises(ValueError):
        stored_file(item, 0).open("w")
    assert stored_file(item, 0).data.decode() == "第一稿"


def test_r_r1_the_worker_is_given_every_version_of_every_file(roster):
    document, item = roster
    entries = [
        (entry["path"], entry["version"], entry["filename"], entry["size"])
        for entry in pipeline.file_entries(document)
        if entry["path"] == "roster"
    ]
    assert entries == [
        ("roster", None, "值班表新.txt", len("第三稿".encode())),
        ("roster", 1, "值班表.txt", len("第二稿".encode())),
        ("roster", 0, "值班表.txt", len("第一稿".encode())),
    ]
    for path, version, _filename, _size in entries:
        named = pipeline.claimed_file(document.UID(), path, version)
        expected = item.file.data if version is None else stored_file(item, version).data
        assert _bytes(named) == expected
    assert pipeline.claimed_file(document.UID(), "roster", 7) is None
