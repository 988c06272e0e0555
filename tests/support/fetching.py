"""R-SEC5 test kit: hostile bodies, a server on 127.0.0.1 that records every hit, PDF checks."""

import contextlib
import http.server
import io
import threading

from pypdf import PdfReader

# A one-pixel PNG, as a body may carry it inline.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
KEPT_TEXT = ("正文第一段", "口令文件", "内网链接", "背景文字", "结束语")


def hostile_body(base):
    """A body with every way of making a renderer fetch; ``base`` is the recording server."""
    return (
        f"<p>{KEPT_TEXT[0]}"
        f'<a rel="attachment" href="file:///etc/passwd">{KEPT_TEXT[1]}</a>'
        f'<a href="{base}/link">{KEPT_TEXT[2]}</a>'
        f'<a href="//127.0.0.1/host">host</a>'
        f'<a rel="attachment" href="{base}/attachment">att</a>'
        f'<img src="{base}/img.png" alt="x">'
        f'<img src="file:///etc/hostname">'
        f'<img src="{PIXEL}" srcset="{base}/srcset.png 2x" alt="pixel">'
        f'<span style="background: url({base}/bg.png)">{KEPT_TEXT[3]}</span></p>'
        f'<link rel="attachment" href="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{base}/link.css">'
        f"<style>@import url({base}/import.css); p {{ background: url({base}/style.png) }}</style>"
        f'<object data="{base}/object"></object><iframe src="{base}/iframe"></iframe>'
        f'<base href="{base}/">'
        f"<p>{KEPT_TEXT[4]}</p>"
    )


FETCHING_MARKS = (
    "file:",
    "127.0.0.1",
    'rel="attachment"',
    "url(",
    "@import",
    "srcset",
    "<link",
    "<style",
    "<object",
    "<iframe",
    "<base",
)


def fetching_marks(html):
    """The marks of ``FETCHING_MARKS`` found in ``html`` (none once it is clean)."""
    return [mark for mark in FETCHING_MARKS if mark in html]


class _Recorder(http.server.BaseHTTPRequestHandler):
    def _record(self):
        self.server.hits.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"recorded")

    do_GET = do_POST = do_HEAD = _record

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def recording_server():
    """A loopback HTTP server recording every request: yields it (``.base``, ``.hits``)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.hits = []
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def embedded_files(data):
    """What the PDF ``data`` embeds: names under /EmbeddedFiles and /FileAttachment annots."""
    reader = PdfReader(io.BytesIO(data))
    found = []
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("/EmbeddedFiles")
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or ():
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append(f"/FileAttachment on page {number}")
    return found
