"""R-SEC5: rendering fetches nothing it was not given, and any one render is capped.

The body sanitiser on hostile HTML, the one URL fetcher, the PDFs rendered
from hostile fields (nothing embedded, no request to a recording server on
127.0.0.1), and the child process with its page and time caps.
"""

import logging
import os
import tempfile
import time

import pytest
from weasyprint import HTML

from collective.gongwen.content.richtext import clean_body_html
from collective.gongwen.content.richtext import css_fetches
from collective.gongwen.content.richtext import is_inline_image
from collective.gongwen.content.richtext import is_internal_link
from collective.gongwen.typeset import child
from collective.gongwen.typeset.caps import RenderCaps
from collective.gongwen.typeset.caps import RenderTimedOut
from collective.gongwen.typeset.caps import TooManyPages
from collective.gongwen.typeset.fetcher import FetchRefused
from collective.gongwen.typeset.fetcher import SafeURLFetcher
from collective.gongwen.typeset.pdf import render_official_pdf
from collective.gongwen.typeset.pdf import render_slip_pdf
from collective.gongwen.typeset.slip_layout import OUTGOING
from tests.support.fetching import KEPT_TEXT
from tests.support.fetching import PIXEL
from tests.support.fetching import embedded_files
from tests.support.fetching import fetching_marks
from tests.support.fetching import hostile_body
from tests.support.fetching import recording_server

FIELDS = {
    "issuer_mark": "长垣河务局文件",
    "issue_number": "长河〔2026〕8号",
    "title": "关于做好汛前检查的通知",
    "main_recipients": ["局属各单位"],
    "signing_organ": "长垣河务局",
    "source": "/plone/units/changyuan/hostile",
}
CAPS = RenderCaps(max_pages=300, timeout=60)


# --- The sanitiser --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p>甲<a rel="attachment" href="file:///etc/passwd">口令</a>乙</p>', "<p>甲口令乙</p>"),
        ('<p><a href="http://127.0.0.1:8080/x">内网</a></p>', "<p>内网</p>"),
        ('<p><a href="https://example.org/">外网</a></p>', "<p>外网</p>"),
        ('<p><a href="ftp://host/f">ftp</a></p>', "<p>ftp</p>"),
        ('<p><a href="//host/x">主机</a></p>', "<p>主机</p>"),
        ('<p><a href="\\\\host\\share">共享</a></p>', "<p>共享</p>"),
        ('<p><a href=" FiLe:///etc/passwd">大小写</a></p>', "<p>大小写</p>"),
        ('<p><a href="jav&#x09;ascript:alert(1)">脚本</a></p>', "<p>脚本</p>"),
        ('<p><a rel="nofollow attachment" href="../a.pdf">相对附件</a></p>', "<p>相对附件</p>"),
        ('<p>图<img src="http://127.0.0.1/x.png">后</p>', "<p>图后</p>"),
        ('<p>图<img src="file:///etc/hostname">后</p>', "<p>图后</p>"),
        ('<p><img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">矢量</p>', "<p>矢量</p>"),
        ('<p style="background:url(http://x/b.png)">背景</p>', "<p>背景</p>"),
        ('<p style="background:URL (x)">u</p>', "<p>u</p>"),
        ('<p style="b: u\\72l(x)">转义</p>', "<p>转义</p>"),
        ("<p style=\"background-image: image-set('x.png' 1x)\">集</p>", "<p>集</p>"),
        ("<style>@import url(http://x/a.css);</style><p>文</p>", "<p>文</p>"),
        ('<link rel="attachment" href="file:///etc/passwd"><p>文</p>', "<p>文</p>"),
        ('<link rel="stylesheet" href="http://x/a.css"><p>文</p>', "<p>文</p>"),
        ('<base href="http://x/"><p>文</p>', "<p>文</p>"),
        ('<object data="file:///etc/passwd"></object><p>文</p>', "<p>文</p>"),
        ('<iframe src="http://x"></iframe><p>文</p>', "<p>文</p>"),
        ('<svg><image href="file:///etc/passwd"/></svg><p>文</p>', "<p>文</p>"),
        ('<p onclick="x()" id="gongwen-colophon">事件</p>', "<p>事件</p>"),
        ("<p>甲<!-- 注释 -->乙</p>", "<p>甲乙</p>"),
        ("纯文本", "纯文本"),
        ("", ""),
    ],
)
def test_r_sec5_sanitiser_drops_what_fetches_and_keeps_the_text(html, expected):
    assert clean_body_html(html) == expected


def test_r_sec5_sanitiser_keeps_formatting_internal_links_and_inline_images():
    html = (
        '<h2>一、总体要求</h2><p style="text-align: center"><strong>加粗</strong>'
        '<a href="../resolveuid/0123abcd">内部链接</a><a href="#part2">锚点</a>'
        '<a href="mailto:office@example.org">邮件</a></p>'
        f'<p><img src="{PIXEL}" alt="图" width="10"></p>'
        '<table border="1"><tr><td colspan="2">表格</td></tr></table>'
    )
    assert clean_body_html(html) == html


def test_r_sec5_sanitiser_on_the_whole_hostile_body():
    cleaned = clean_body_html(hostile_body("http://127.0.0.1:9"))
    assert fetching_marks(cleaned) == []
    for text in KEPT_TEXT:
        assert text in cleaned
    assert f'src="{PIXEL}"' in cleaned  # the inline image stays, without its srcset


def test_r_sec5_link_image_and_css_rules():
    assert is_internal_link("../resolveuid/abc") and is_internal_link("#x")
    assert is_internal_link("mailto:a@b.cn") and is_internal_link("docs/a.html")
    for url in ("file:///etc/passwd", "http://127.0.0.1", "//h/x", "\\\\h\\s", "data:text/html,x"):
        assert not is_internal_link(url), url
    assert is_inline_image(PIXEL) and is_inline_image("DATA:image/JPEG;base64,AA")
    for url in ("http://x/a.png", "file:///a.png", "data:image/svg+xml,<svg/>", "", None):
        assert not is_inline_image(url), url
    assert css_fetches("a: url(x)") and css_fetches("@IMPORT 'x'") and css_fetches("a:\\75 rl(x)")
    assert not css_fetches("text-align: center; font-weight: bold")


# --- The fetcher ------------------------------------------------------------------------


def test_r_sec5_fetcher_refuses_files_and_network_and_logs_them(caplog):
    fetcher = SafeURLFetcher("/plone/doc")
    with recording_server() as server, caplog.at_level(logging.WARNING, "collective.gongwen"):
        for url in (
            "file:///etc/passwd",
            f"{server.base}/x.png",
            "https://127.0.0.1/",
            "ftp://127.0.0.1/x",
            "gongwen-resource:../../../../etc/passwd",
            "gongwen-resource:configure.zcml",
        ):
            with pytest.raises(FetchRefused):
                fetcher.fetch(url)
        assert server.hits == []
    messages = [r.getMessage() for r in caplog.records if r.name == "collective.gongwen"]
    assert len(messages) == 6
    assert all("/plone/doc" in message for message in messages)
    assert "file:///etc/passwd" in messages[0]


def test_r_sec5_fetcher_serves_data_and_our_own_resources(tmp_path):
    response = SafeURLFetcher().fetch(PIXEL)
    assert response.read().startswith(b"\x89PNG")
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "seal.css").write_text("p { color: red }", "utf-8")
    (tmp_path / "secret.txt").write_text("no", "utf-8")
    fetcher = SafeURLFetcher(root=tmp_path)
    resource = fetcher.fetch("gongwen-resource:css/seal.css")
    assert resource.read() == b"p { color: red }" and resource.content_type == "text/css"
    with pytest.raises(FetchRefused):
        fetcher.fetch("gongwen-resource:secret.txt")
    with pytest.raises(FetchRefused):
        fetcher.fetch("gongwen-resource:css/../../secret.css")


# --- The PDFs -------------------------------------------------------------------------------


def test_r_sec5_hostile_html_through_weasyprint_alone_embeds_and_fetches():
    """The check's control: without our fetcher the same HTML embeds a file and calls out."""
    with recording_server() as server:
        data = HTML(string=hostile_body(server.base)).write_pdf()
        assert server.hits
    assert embedded_files(data)


def test_r_sec5_official_pdf_of_an_unclean_body_fetches_nothing(caplog):
    """A body stored before the rule reaches the renderer as it is: the fetcher holds."""
    with recording_server() as server, caplog.at_level(logging.WARNING, "collective.gongwen"):
        data = render_official_pdf(dict(FIELDS, text=hostile_body(server.base)))
        assert server.hits == []
    assert embedded_files(data) == []
    refused = " ".join(r.getMessage() for r in caplog.records if r.name == "collective.gongwen")
    assert "file:///etc/passwd" in refused and FIELDS["source"] in refused


def test_r_sec5_slip_pdf_fetches_nothing():
    with recording_server() as server:
        hostile = hostile_body(server.base)
        fields = {
            "kind": OUTGOING,
            "title": hostile,
            "unit_title": hostile,
            "opinions": [{"step": "review", "step_title": "审核", "actor": "甲", "text": hostile}],
        }
        data = render_slip_pdf(fields)
        assert server.hits == []
    assert embedded_files(data) == []


# --- The child process and its caps ---------------------------------------------------------


def _body(pages):
    paragraph = "为切实做好今年汛前检查工作确保堤防工程安全度汛现将有关事项通知如下" * 8
    return "".join(f"<p>{paragraph}</p>" for _ in range(pages * 3))


def test_r_sec5_child_renders_and_hands_back_its_warnings(caplog):
    with recording_server() as server, caplog.at_level(logging.WARNING, "collective.gongwen"):
        data = child.render_in_child(
            child.OFFICIAL, dict(FIELDS, text=hostile_body(server.base)), None, CAPS
        )
        assert server.hits == []
    assert data.startswith(b"%PDF") and embedded_files(data) == []
    refused = [r.getMessage() for r in caplog.records if "refused to fetch" in r.getMessage()]
    assert any("file:///etc/passwd" in m and FIELDS["source"] in m for m in refused)


def test_r_sec5_child_refuses_a_document_over_the_page_cap():
    with pytest.raises(TooManyPages) as caught:
        child.render_in_child(
            child.OFFICIAL, dict(FIELDS, text=_body(12)), None, RenderCaps(10, 60)
        )
    assert caught.value.pages > 10
    message = caught.value.message
    assert "超过单个文件" in message.default and message.mapping["max"] == 10


def _children(pid):
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
        return children.read().split()


@pytest.mark.slow
def test_r_sec5_child_over_the_time_cap_is_killed():
    child.render_in_child(child.SLIP, {"kind": OUTGOING, "title": "启动"}, None, CAPS)
    server = child._server[0].pid
    started = time.monotonic()
    with pytest.raises(RenderTimedOut) as caught:
        child.render_in_child(
            child.OFFICIAL, dict(FIELDS, text=_body(40)), None, RenderCaps(300, 0.3)
        )
    assert time.monotonic() - started < 2
    assert "秒仍未完成" in caught.value.message.default
    deadline = time.monotonic() + 5
    while _children(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _children(server) == []  # the render was killed, not left running
    # and the server renders the next document as before
    data = child.render_in_child(child.SLIP, {"kind": OUTGOING, "title": "之后"}, None, CAPS)
    assert data.startswith(b"%PDF")
    assert os.path.exists(f"/proc/{server}")


def test_r_sec5_render_server_starts_from_a_temp_dir_too_deep_for_a_socket(tmp_path, monkeypatch):
    # A Unix socket's path holds 107 bytes: CI's TMPDIR of a worker under pytest-xdist was
    # deeper, and every render was refused 「render server did not start」.
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    path = child.socket_path()
    assert len(os.fsencode(path)) <= child.SOCKET_PATH_MAX and path.startswith("/tmp/")
    os.rmdir(os.path.dirname(path))
    monkeypatch.setattr(child, "_server", None)
    try:
        data = child.render_in_child(child.SLIP, {"kind": OUTGOING, "title": "深处"}, None, CAPS)
        assert data.startswith(b"%PDF")
    finally:
        if child._server is not None:
            child.stop_server(*child._server)
    assert not os.path.exists(os.path.dirname(child._server[1]))  # its socket's folder too
