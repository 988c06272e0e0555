"""The virus scan of 四性检测 (DA/T 70-2018 安全性): clamd over its UNIX socket.

Plain Python, run in the workers. ``scanner()`` returns a ``Clamd`` for the socket at
``GONGWEN_CLAMD_SOCKET`` (default ``var/clamav/clamd.sock``, where ``scripts/clamd.sh``
binds it); calling it with a file's path streams the file with clamd's ``INSTREAM``
command and returns None (clean) or the name of the signature found.

Whatever stops a verdict — no socket, clamd not answering within ``timeout`` seconds, a
file above ``max_bytes`` (clamd's ``StreamMaxLength``), an error reply — raises
``ScanUnavailable`` with the Chinese reason, so the security check fails: a scan that did
not happen never passes.
"""

import os
import socket
import struct
from string import Template

from collective.gongwen import _

SOCKET_ENV = "GONGWEN_CLAMD_SOCKET"
DEFAULT_SOCKET = os.path.join("var", "clamav", "clamd.sock")
MB = 1024 * 1024
# clamd.conf's StreamMaxLength (etc/clamav/clamd.conf.in) — keep them equal.
DEFAULT_MAX_BYTES = 512 * MB
DEFAULT_TIMEOUT = 120.0  # seconds without progress on the socket
CHUNK = 256 * 1024


class ScanUnavailable(Exception):
    """No verdict from clamd; ``message`` says why (translatable, Chinese default)."""

    def __init__(self, message):
        self.message = message
        default = getattr(message, "default", None) or str(message)
        super().__init__(Template(default).safe_substitute(getattr(message, "mapping", {}) or {}))


def socket_path():
    """The clamd socket this process uses: ``GONGWEN_CLAMD_SOCKET`` or the default."""
    return os.environ.get(SOCKET_ENV) or DEFAULT_SOCKET


class Clamd:
    """A client of one clamd: ``ping()``, ``version()``, and ``self(path)`` to scan a file."""

    def __init__(self, path=None, timeout=DEFAULT_TIMEOUT, max_bytes=DEFAULT_MAX_BYTES):
        self.path = path or socket_path()
        self.timeout = timeout
        self.max_bytes = max_bytes

    def _connect(self):
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(self.timeout)
        try:
            connection.connect(self.path)
        except OSError as error:
            connection.close()
            raise ScanUnavailable(
                _(
                    "archive_clamd_unreachable",
                    default="病毒扫描服务（clamd）无法连接（${socket}：${error}），未能完成病毒检测。",
                    mapping={"socket": self.path, "error": error.strerror or str(error)},
                )
            ) from error
        return connection

    def _reply(self, connection):
        data = bytearray()
        while not data.endswith(b"\0"):
            chunk = connection.recv(4096)
            if not chunk:
                break
            data += chunk
        return data.rstrip(b"\0").decode("utf-8", "replace").strip()

    def _command(self, command):
        with self._connect() as connection:
            try:
                connection.sendall(b"z" + command + b"\0")
                return self._reply(connection)
            except OSError as error:
                raise self._lost(error) from error

    def _lost(self, error):
        if isinstance(error, TimeoutError | socket.timeout):
            return ScanUnavailable(
                _(
                    "archive_clamd_timeout",
                    default="病毒扫描服务（clamd）超过 ${seconds} 秒没有响应，未能完成病毒检测。",
                    mapping={"seconds": int(self.timeout)},
                )
            )
        return ScanUnavailable(
            _(
                "archive_clamd_failed",
                default="病毒扫描出错：${detail}",
                mapping={"detail": str(error)[:200]},
            )
        )

    def ping(self):
        """True if clamd answers PING."""
        try:
            return self._command(b"PING") == "PONG"
        except ScanUnavailable:
            return False

    def version(self):
        """clamd's version line (engine and signature database)."""
        return self._command(b"VERSION")

    def __call__(self, path):
        """Scan the file at ``path``: None if clean, else the signature's name."""
        size = os.path.getsize(path)
        if size > self.max_bytes:
            raise ScanUnavailable(
                _(
                    "archive_clamd_too_large",
                    default="文件大小 ${size} MB 超过病毒扫描上限 ${limit} MB，未能完成病毒检测。",
                    mapping={"size": round(size / MB, 1), "limit": self.max_bytes // MB},
                )
            )
        with open(path, "rb") as file, self._connect() as connection:
            try:
                connection.sendall(b"zINSTREAM\0")
                while chunk := file.read(CHUNK):
                    connection.sendall(struct.pack("!L", len(chunk)) + chunk)
                connection.sendall(struct.pack("!L", 0))
                reply = self._reply(connection)
            except OSError as error:
                raise self._lost(error) from error
        return verdict(reply)


def verdict(reply):
    """None for clamd's ``stream: OK``; the signature of ``stream: NAME FOUND``; else
    ``ScanUnavailable`` with clamd's error."""
    if reply.endswith(" OK") or reply == "OK":
        return None
    if reply.endswith(" FOUND"):
        name = reply.rsplit(" ", 1)[0]
        return name.split(": ", 1)[-1].strip() or "unknown"
    raise ScanUnavailable(
        _(
            "archive_clamd_failed",
            default="病毒扫描出错：${detail}",
            mapping={"detail": (reply or "clamd 未作答复")[:200]},
        )
    )


def scanner(path=None, **options):
    """The scan callable for ``check_item``: a ``Clamd`` on ``path`` or this process's socket."""
    return Clamd(path, **options)
