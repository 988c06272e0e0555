"""PDF/A-2b renditions of an archived PDF for the 移交 package, by Ghostscript (R-R3).

Worker side, no Zope. ``make_rendition(source, target)`` runs ``gs -dPDFA=2`` on one PDF
in a child process isolated as the conversion tools are (``conversion.sandbox``: no
network, only the folders of the job), stopped after ``SECONDS`` and refused when it
writes more than ``MAX_BYTES``. A rendition without the original's page count, or whose
first page does not give the original's text (Ghostscript without its CMaps garbles CJK
text), is not kept. It returns None when the rendition was made, else the reason (a
translatable message): the package then keeps the original alone and its metadata says
why (the file's 备注, ``transfer.item_metadata_xml``).
"""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import warnings

from collective.gongwen import _
from collective.gongwen.archive import probe
from collective.gongwen.conversion import sandbox

GHOSTSCRIPT = "gs"
SECONDS = 120
MAX_BYTES = 500 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def ghostscript_command(source, target):
    """The Ghostscript arguments that write ``source`` as PDF/A-2b into ``target``."""
    return [
        GHOSTSCRIPT,
        "-dPDFA=2",
        "-dPDFACompatibilityPolicy=1",
        "-dBATCH",
        "-dNOPAUSE",
        "-dSAFER",
        "-dQUIET",
        "-sColorConversionStrategy=RGB",
        "-sDEVICE=pdfwrite",
        f"-sOutputFile={target}",
        source,
    ]


def _pages(path):
    """The page count of the PDF at ``path``; None when it cannot be read."""
    from pypdf import PdfReader

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(PdfReader(path).pages)
    except Exception:  # an unreadable PDF has no pages to compare
        return None


def _text_of(path):
    """The words of the first page of the PDF at ``path``, spaces aside (``probe.pdf_text``)."""
    return "".join(probe.pdf_text(path).split())


def _stop(process):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def make_rendition(source, target, seconds=SECONDS, max_bytes=MAX_BYTES):
    """Write the PDF/A-2b rendition of the PDF ``source`` into ``target``; None, or why not."""
    if shutil.which(GHOSTSCRIPT) is None:
        return _("pdfa_no_ghostscript", default="未安装 Ghostscript，未转换为 PDF/A，保留原文件。")
    folder = os.path.dirname(os.path.abspath(target))
    work = os.path.dirname(os.path.abspath(source))
    private = tempfile.mkdtemp(prefix="gongwen-pdfa-")
    try:
        arguments = ghostscript_command(source, target)
        process = subprocess.Popen(
            sandbox.command(arguments, sorted({folder, work}), private),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=sandbox.child_environment(),
            process_group=0,  # killed as one (``_stop``), in the worker's session
        )
        try:
            _out, err = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            _stop(process)
            return _(
                "pdfa_timeout",
                default="转换为 PDF/A 超过 ${seconds} 秒仍未完成，保留原文件。",
                mapping={"seconds": seconds},
            )
    finally:
        shutil.rmtree(private, ignore_errors=True)
    reason = None
    if process.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [str(process.returncode)]
        reason = _(
            "pdfa_failed",
            default="转换为 PDF/A 失败（${detail}），保留原文件。",
            mapping={"detail": tail[0][-200:]},
        )
    elif not os.path.isfile(target) or os.path.getsize(target) > max_bytes:
        reason = _(
            "pdfa_bad_output",
            default="转换为 PDF/A 未得到可用的 PDF 文件，保留原文件。",
        )
    else:
        with open(target, "rb") as stream:
            if stream.read(len(PDF_MAGIC)) != PDF_MAGIC:
                reason = _(
                    "pdfa_bad_output",
                    default="转换为 PDF/A 未得到可用的 PDF 文件，保留原文件。",
                )
    if reason is None and not 0 < (_pages(source) or 0) == (_pages(target) or 0):
        reason = _(
            "pdfa_pages_differ",
            default="转换为 PDF/A 后页数与原文件不符，保留原文件。",
        )
    if reason is None and _text_of(target) != _text_of(source):
        reason = _(
            "pdfa_text_lost",
            default="转换为 PDF/A 后文字无法正确提取，保留原文件。",
        )
    if reason is not None and os.path.exists(target):
        os.remove(target)
    return reason
