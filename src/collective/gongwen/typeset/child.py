"""Every PDF is rendered in a child process, capped in pages and time (R-SEC5).

WeasyPrint cannot be stopped inside a thread, and its layout holds the
interpreter lock of the process it runs in. So the portal never renders
itself: ``render_in_child(kind, fields, fonts, caps)`` has a child process
do it (``kind`` is ``OFFICIAL`` — both passes and the attachments' pages of
``pdf.render_official_pdf`` —, ``SLIP``, or ``HTML``: a page another package laid out
itself, e.g. the archive's 归档文件目录, ``pdf.render_html_pdf``) and waits at most
``caps.timeout`` seconds (a ``caps.RenderCaps``); then the child is killed and ``RenderTimedOut``
raised. A layout over ``caps.max_pages`` pages raises ``TooManyPages``.

Starting Python and WeasyPrint and loading the CJK fonts costs about 0.5 s,
more than rendering a one-page document. A render server therefore does it
once: ``python -m collective.gongwen.typeset.child SOCKET``, started by the
first render of a process with ``conversion.tools.start_child`` (a process
group of its own), renders a warm-up document, then forks a child per
request on its Unix socket. The child caps its own memory and CPU time
(``RLIMIT_AS``, ``RLIMIT_CPU``), sends its process id, renders with
``fetcher.SafeURLFetcher``, returns the PDF and the WARNINGs it logged
(they are logged again in the caller's ``collective.gongwen`` logger) and
exits. The server ends with the process that started it.
"""

import atexit
import contextlib
import gc
import logging
import math
import os
import pickle
import select
import shutil
import signal
import socket
import struct
import sys
import tempfile
import threading
import time
import traceback

from collective.gongwen.typeset.caps import RenderFailed
from collective.gongwen.typeset.caps import RenderTimedOut
from collective.gongwen.typeset.caps import TooManyPages

logger = logging.getLogger("collective.gongwen")

OFFICIAL = "official"
SLIP = "slip"
HTML = "html"
READY = b"ready"
# Address space of one render: the fonts are mapped, WeasyPrint's boxes are
# many; a 300-page 正式文件 stays well under it.
MEMORY_BYTES = 3 * 1024**3
STARTUP_SECONDS = 60
# The child stops itself this long after the caller has given up.
GRACE_SECONDS = 2
_HEADER = struct.Struct("!Q")


# --- The wire: length-prefixed pickles between this package's own processes ---------------


def _send(connection, value):
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    connection.sendall(_HEADER.pack(len(data)) + data)


def _receive_exactly(connection, size):
    chunks, remaining = [], size
    while remaining:
        chunk = connection.recv(min(remaining, 1 << 20))
        if not chunk:
            raise EOFError("connection closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _receive(connection):
    (size,) = _HEADER.unpack(_receive_exactly(connection, _HEADER.size))
    return pickle.loads(_receive_exactly(connection, size))  # noqa: S301 - our own child


# --- The caller's side ---------------------------------------------------------------------

_lock = threading.Lock()
_server = None  # (Popen, socket path)
# A Unix socket's path has 108 bytes (sun_path, its NUL included); a deep TMPDIR (a test's
# temporary folder under pytest-xdist, a service's private one) leaves less than that room.
SOCKET_PATH_MAX = 107
_SOCKET_NAME = os.path.join("gongwen-render-XXXXXXXX", "socket")


def socket_path():
    """A socket path in a new private folder: in the temp dir, or in /tmp when that is too deep."""
    for parent in (tempfile.gettempdir(), "/tmp"):
        if len(os.fsencode(os.path.join(parent, _SOCKET_NAME))) <= SOCKET_PATH_MAX:
            return os.path.join(tempfile.mkdtemp(prefix="gongwen-render-", dir=parent), "socket")
    raise RenderFailed("no temporary folder short enough for the render server's socket")


def stop_server(process, path):
    """Stop the render server ``process`` and remove its socket's folder ``path`` is in; what
    the server wrote on stderr (bytes)."""
    from collective.gongwen.conversion.tools import stop_child

    error = stop_child(process)
    shutil.rmtree(os.path.dirname(path), ignore_errors=True)
    return error


def _start_server():
    from collective.gongwen.conversion.tools import start_child

    path = socket_path()
    process = start_child(__name__, path)
    ready, _, _ = select.select([process.stdout], [], [], STARTUP_SECONDS)
    line = process.stdout.readline().strip() if ready else b""
    if line != READY:
        error = stop_server(process, path)
        raise RenderFailed(f"render server did not start: {line[-300:]!r} {error[-1000:]!r}")
    atexit.register(stop_server, process, path)
    return process, path


def _server_socket(restart=False):
    """The socket of this process's render server, started (again) when needed."""
    global _server
    with _lock:
        if restart or _server is None or _server[0].poll() is not None:
            if _server is not None:
                stop_server(*_server)
            _server = _start_server()
        return _server[1]


def _connect():
    for restart in (False, True):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(_server_socket(restart))
            return connection
        except OSError:
            connection.close()
            if restart:
                raise
    raise AssertionError("unreachable")


def _kill(pid):
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def render_in_child(kind, fields, fonts, caps):
    """PDF bytes of ``fields`` rendered as ``kind`` in a child process, within ``caps``.

    Raises ``caps.TooManyPages``, ``caps.RenderTimedOut`` (the child is
    killed) or ``caps.RenderFailed``.
    """
    job = {
        "kind": kind,
        "fields": fields,
        "fonts": fonts,
        "max_pages": caps.max_pages,
        "timeout": caps.timeout,
    }
    deadline = time.monotonic() + caps.timeout
    pid = None
    try:
        connection = _connect()
    except OSError as error:
        raise RenderFailed(f"render server unreachable: {error}") from error
    with connection:
        try:
            connection.settimeout(caps.timeout)
            _send(connection, job)
            _, pid = _receive(connection)
            connection.settimeout(max(deadline - time.monotonic(), 0.001))
            answer = _receive(connection)
        except TimeoutError:
            if pid is not None:
                _kill(pid)
            raise RenderTimedOut(caps.timeout) from None
        except (EOFError, OSError, pickle.PickleError) as error:
            if pid is not None:
                _kill(pid)
            if time.monotonic() >= deadline:
                raise RenderTimedOut(caps.timeout) from None
            raise RenderFailed(f"render child ended without a result: {error!r}") from error
    outcome, value, records = answer
    for level, message in records:
        logger.log(level, "%s", message)
    if outcome == "pages":
        raise TooManyPages(*value)
    if outcome != "ok":
        logger.error("rendering %s failed in its child process:\n%s", fields.get("source"), value)
        raise RenderFailed(value.strip().splitlines()[-1][-300:] if value.strip() else "")
    return value


# --- The server's side ---------------------------------------------------------------------


def render(kind, fields, fonts=None, max_pages=None):
    """PDF bytes of ``fields`` as ``kind``, in this process (the child's work)."""
    from collective.gongwen.typeset.pdf import render_html_pdf
    from collective.gongwen.typeset.pdf import render_official_pdf
    from collective.gongwen.typeset.pdf import render_slip_pdf

    if kind == OFFICIAL:
        return render_official_pdf(fields, fonts, max_pages)
    if kind == SLIP:
        return render_slip_pdf(fields, fonts, max_pages)
    if kind == HTML:
        return render_html_pdf(fields, fonts, max_pages)
    raise ValueError(f"unknown kind of PDF: {kind!r}")


class _Records(logging.Handler):
    """The WARNINGs and worse of the ``collective.gongwen`` logger, to hand back."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append((record.levelno, record.getMessage()))


def _limit(resource_id, value):
    import resource

    _soft, hard = resource.getrlimit(resource_id)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(resource_id, (value, hard))


def _serve_one(connection):
    """In the forked child: cap this process, render the job, answer, exit."""
    import resource

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _send(connection, ("pid", os.getpid()))
    job = _receive(connection)
    seconds = math.ceil(job["timeout"]) + GRACE_SECONDS
    signal.alarm(seconds)  # the caller may be gone: stop anyway
    _limit(resource.RLIMIT_CPU, seconds)
    _limit(resource.RLIMIT_AS, MEMORY_BYTES)
    records = _Records()
    logger.addHandler(records)
    try:
        answer = ("ok", render(job["kind"], job["fields"], job["fonts"], job["max_pages"]))
    except TooManyPages as error:
        answer = ("pages", (error.pages, error.max_pages))
    except BaseException:  # noqa: BLE001 - whatever happens is the caller's to report
        answer = ("failed", traceback.format_exc())
    _send(connection, (*answer, records.records))


def _warm_up():
    """Render a small 正式文件 and slip: WeasyPrint imported, fonts and title words loaded."""
    from collective.gongwen.typeset.slip_layout import OUTGOING
    from collective.gongwen.typeset.title_words import title_words

    render(OFFICIAL, {"title": "预热", "text": "<p>预热</p>", "issue_number": "预〔2026〕1号"})
    title_words("预热")  # jieba's dictionary, shared with every forked child
    render(SLIP, {"kind": OUTGOING, "title": "预热", "opinions": []})


def serve(path):
    """Warm up, listen on ``path``, fork a child per connection until the parent is gone."""
    parent = os.getppid()
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.CRITICAL)
    _warm_up()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(64)
    listener.settimeout(1.0)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the children are reaped as they end
    gc.freeze()  # the warm objects stay shared with the children, not copied by their GC
    sys.stdout.buffer.write(READY + b"\n")
    sys.stdout.flush()
    # Nobody reads these pipes any more.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    while os.getppid() == parent:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            continue
        if os.fork() == 0:
            listener.close()
            try:
                connection.settimeout(None)
                _serve_one(connection)
            finally:
                os._exit(0)
        connection.close()
    listener.close()
    os.remove(path)
    with contextlib.suppress(OSError):  # its private folder (``socket_path``)
        os.rmdir(os.path.dirname(path))


if __name__ == "__main__":
    serve(sys.argv[1])
