"""R-A2 on the Plone layer: a file's earlier versions stay downloadable and viewable.

``@@gongwen-versions`` lists the versions; ``@@gongwen-version-download/<id>``
serves a version's file; ``@@gongwen-version-pages/<id>/<path>`` serves the
viewer pages kept for it, to whoever may see the file.
"""

import json
from urllib.parse import quote

import pytest
from BTrees.OOBTree import OOBTree
from persistent.mapping import PersistentMapping
from plone import api
from zExceptions import NotFound
from zExceptions import Unauthorized
from ZODB.blob import Blob
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.content import files
from collective.gongwen.content.versions import VERSIONS_KEY
from tests.integration.test_files_panel import LEADER
from tests.integration.test_files_panel import OUTSIDER
from tests.integration.test_files_panel import SECRETARY
from tests.integration.test_files_panel import act
from tests.integration.test_files_panel import incoming  # noqa: F401 (fixture)
from tests.integration.test_files_panel import request_  # noqa: F401 (fixture)
from tests.support.uploads import file_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"page one"


@pytest.fixture
def roster(incoming):  # noqa: F811
    """A file replaced once: version 0 「第一版」, version 1 (current) 「第二版」."""
    with api.env.adopt_user(username=SECRETARY):
        item = files.add_file(incoming, "第一版值班表".encode(), "值班表.txt", id="roster")
    act(
        item,
        "gongwen-replace-file",
        {"file": file_upload("第二版值班表".encode(), "值班表（修订）.txt")},
    )
    return item


def keep_pages(item, version_id):
    """What the conversion code keeps for a replaced version: its page images and texts."""

    def blob(data):
        stored = Blob()
        with stored.open("w") as target:
            target.write(data)
        return stored

    kept = IAnnotations(item).setdefault(VERSIONS_KEY, OOBTree())
    kept[version_id] = PersistentMapping(
        blob_files=OOBTree(
            {
                "large/dump_1.png": blob(PNG),
                "normal/dump_1.png": blob(PNG),
                "small/dump_1.png": blob(PNG),
                "text/dump_1.txt": blob("第一版值班表".encode()),
            }
        ),
        num_pages=1,
        pdf_image_format="png",
    )


def traverse(item, name, *subpath, user=SECRETARY):
    """Call ``@@name/<subpath…>`` on ``item`` as ``user``, as the publisher would."""
    with api.env.adopt_user(username=user):
        request = item.REQUEST
        request.method = "GET"
        view = item.restrictedTraverse(f"@@{name}")
        for part in subpath:
            view = view.publishTraverse(request, part)
        return view()


def body_of(result):
    return result if isinstance(result, bytes) else b"".join(result)


def test_r_a2_versions_page_lists_each_version(roster):
    with api.env.adopt_user(username=SECRETARY):
        roster.REQUEST.form.clear()
        html = roster.restrictedTraverse("@@gongwen-versions")()
    assert "历史版本：值班表（修订）" in html
    assert html.index("第 2 版") < html.index("第 1 版")  # newest first
    assert "当前" in html
    assert "替换文件" in html
    assert "孙丽" in html  # who saved it
    assert "值班表（修订）.txt" in html and "值班表.txt" in html
    assert f"{roster.absolute_url()}/@@gongwen-version-download/0" in html


def test_r_a2_old_version_downloads_with_its_chinese_file_name(roster):
    data = body_of(traverse(roster, "gongwen-version-download", "0"))
    assert data.decode() == "第一版值班表"
    disposition = roster.REQUEST.response.getHeader("Content-Disposition")
    assert disposition == "attachment; filename*=UTF-8''" + quote("值班表.txt")
    assert body_of(traverse(roster, "gongwen-version-download", "1")).decode() == "第二版值班表"
    with pytest.raises(NotFound):
        traverse(roster, "gongwen-version-download", "7")


def test_r_a2_old_version_is_downloadable_by_a_reader_of_the_document(roster):
    # Leaders read the document (View) though CMFEditions keeps history to editors.
    data = body_of(traverse(roster, "gongwen-version-download", "0", user=LEADER))
    assert data.decode() == "第一版值班表"


def test_r_a2_versions_need_view_permission(roster):
    for name in ("gongwen-versions", "gongwen-version-download", "gongwen-version-pages"):
        with pytest.raises(Unauthorized):
            traverse(roster, name, user=OUTSIDER)


def test_r_a2_kept_pages_of_an_old_version_are_served(roster):
    keep_pages(roster, 0)
    assert body_of(traverse(roster, "gongwen-version-pages", "0", "large", "dump_1.png")) == PNG
    assert roster.REQUEST.response.getHeader("Content-Type") == "image/png"
    text = body_of(traverse(roster, "gongwen-version-pages", "0", "text", "dump_1.txt"))
    assert text.decode() == "第一版值班表"
    assert roster.REQUEST.response.getHeader("Content-Type").startswith("text/plain")
    for subpath in (("0", "large", "dump_2.png"), ("1", "large", "dump_1.png"), ("x",)):
        with pytest.raises(NotFound):
            traverse(roster, "gongwen-version-pages", *subpath)


def test_r_a2_old_version_opens_in_the_viewer_from_its_kept_pages(roster):
    keep_pages(roster, 0)
    with api.env.adopt_user(username=SECRETARY):
        roster.REQUEST.form.clear()
        roster.REQUEST.form["version"] = "0"
        view = roster.restrictedTraverse("@@gongwen-versions")
        html = view()
        options, message = view.viewer()
    assert message is None
    settings = json.loads(options)
    base = f"{roster.absolute_url()}/@@gongwen-version-pages/0"
    assert settings["data"]["pages"] == 1
    assert settings["data"]["resources"]["page"]["image"] == f"{base}/{{size}}/dump_{{page}}.png"
    assert settings["data"]["resources"]["page"]["text"] == f"{base}/text/dump_{{page}}.txt"
    assert settings["data"]["resources"]["pdf"].endswith("/@@gongwen-version-download/0")
    assert 'class="pat-documentviewer DV-container"' in html
    assert view.embeds_viewer  # the viewer's scripts load on this page


def test_r_a2_old_version_without_kept_pages_says_so_and_offers_download(roster):
    with api.env.adopt_user(username=SECRETARY):
        roster.REQUEST.form.clear()
        roster.REQUEST.form["version"] = "0"
        html = roster.restrictedTraverse("@@gongwen-versions")()
    assert "此版本没有保留在线预览，请下载后查看。" in html
    assert "pat-documentviewer" not in html
    assert f"{roster.absolute_url()}/@@gongwen-version-download/0" in html
