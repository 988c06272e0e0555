"""Run the conversion tools on one file, in a process of its own.

``python -m collective.gongwen.conversion.tools OPTIONS.json`` turns the file
named in the options into a PDF (LibreOffice for office files, gm for
images) and that into page images and page text (``pages``) under the
output folder, in collective.documentviewer's layout, and prints the page
count. Workers run it with a time limit and kill its whole process group (soffice,
gm, tesseract) when the limit passes; nothing hung survives a job.

Nothing an uploaded file links is fetched (R-SEC5): the child runs isolated
(``sandbox``: no network, only the system's files and its job's folders),
LibreOffice gets a copy with its external links removed (``links``) and a
profile whose settings block linked content, macros and link updates
(``office_settings``).
"""

import contextlib
import json
import multiprocessing.util
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile

from collective.gongwen.conversion import links
from collective.gongwen.conversion import pages
from collective.gongwen.conversion import sandbox

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff"}
# Images become PDF pages at this resolution, the one scans are made at, so
# OCR reads them at their own pixels instead of enlarged fourfold.
IMAGE_DPI = 300
DUMP_PDF = "dump.pdf"


class ToolsTimedOut(Exception):
    """The tools ran longer than allowed and were stopped."""


class ToolsFailed(Exception):
    """The tools exited with an error; ``args[0]`` is the end of their output."""


def image_to_pdf(source, target):
    """Every frame of the image ``source`` (multi-page TIFF scans too) as a page of ``target``."""
    pages.run(["gm", "convert", "-density", str(IMAGE_DPI), source, target])


# LibreOffice's settings in every profile it runs with: linked pictures and
# other content of a document not in a trusted place are not loaded, links
# are never updated, formulas not recalculated on load (WEBSERVICE, external
# references), macros never run.
OFFICE_SETTINGS = (
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "2"),
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "1"),
    ("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode", "1"),
    ("/org.openoffice.Office.Calc/Formula/Load", "ODFRecalcMode", "1"),
)


# The LibreOffice profile of each process that converts, by process id (a forked worker makes
# its own); removed when that process exits.
_profiles = {}


def office_profile():
    """The LibreOffice profile of this worker process, created the first time.

    LibreOffice refuses a second instance on one profile: a profile per
    worker process lets several workers convert at once. It is kept for the
    process's next files (a new profile costs LibreOffice a second) in a
    private temporary folder, removed at the process's exit.
    """
    pid = os.getpid()
    if pid not in _profiles:
        _profiles[pid] = tempfile.mkdtemp(prefix="gongwen-office-")
        # Removed by multiprocessing's exit hook, which runs in this process only: at exit in
        # a program, and in a worker process huey started, which leaves without atexit.
        multiprocessing.util.Finalize(
            None, shutil.rmtree, args=(_profiles[pid], True), exitpriority=0
        )
    return _profiles[pid]


def office_settings(profile):
    """Write ``OFFICE_SETTINGS`` into ``profile``'s registrymodifications.xcu (before each run)."""
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in OFFICE_SETTINGS
    )
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items'
            ' xmlns:oor="http://openoffice.org/2001/registry"'
            ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            f"{items}</oor:items>\n"
        )


def office_convert(source, extension, target, profile, to):
    """The office document ``source`` as ``target`` of the format ``to`` ("pdf", "docx"), by
    LibreOffice.

    LibreOffice gets a copy without links outside itself (``links``), and
    runs on ``profile`` (``office_profile``) with ``OFFICE_SETTINGS``.
    """
    # LibreOffice picks its import filter by extension.
    folder = os.path.dirname(target)
    named = os.path.join(folder, f"source.{extension}")
    shutil.copyfile(source, named)
    try:
        links.neutralise(named)
    except links.Unreadable as error:
        os.remove(named)
        raise ToolsFailed(f"无法检查 {error.args[0]} 中的外部链接，未转换") from None
    office_settings(profile)
    try:
        pages.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", to, "--outdir", folder, named]
        )  # fmt: skip
    finally:
        os.remove(named)
    converted = os.path.join(folder, f"source.{to}")
    if not os.path.exists(converted):
        raise ToolsFailed(f"LibreOffice 未能生成 {to.upper()}")
    os.replace(converted, target)


def convert(options):
    """Convert ``options["source"]`` into ``options["output_dir"]``; return the page count.

    Writes the viewer's layout: page images of every size, page text, and
    ``dump.pdf`` (the file as PDF, which the viewer offers for download).
    """
    output_dir = options["output_dir"]
    extension = os.path.splitext(options["filename"])[1].lower().lstrip(".")
    pdf = os.path.join(output_dir, DUMP_PDF)
    if extension in IMAGE_EXTENSIONS:
        image_to_pdf(options["source"], pdf)
    elif extension == "pdf":
        shutil.copyfile(options["source"], pdf)
    else:
        # Whatever preflight let through that is neither PDF nor image is an
        # office document: Word, WPS, ODT, RTF, Excel, ET, PowerPoint, text.
        office_convert(options["source"], extension, pdf, options["office_profile"], "pdf")
    return pages.convert_pdf(
        pdf,
        output_dir,
        [tuple(size) for size in options["sizes"]],
        image_format=options["format"],
        ocr=options["ocr"],
        language=options["language"],
    )


def pack(output_dir, target):
    """Put what the tools made in ``output_dir`` into the tar file ``target``; return it."""
    with tarfile.open(target, mode="w") as tar:
        for name in sorted(os.listdir(output_dir)):
            tar.add(os.path.join(output_dir, name), arcname=name)
    return target


def start_child(module, *args, isolated=None):
    """``python -m module args…`` in a process group of its own, its output piped.

    ``stop_child`` ends it and whatever it started; the typesetter's render
    server (``typeset.child``) is started the same way. ``isolated``, a pair
    (folders it may write, a private folder of the caller's), runs it in
    ``sandbox`` with a reduced environment.
    """
    return start_command([sys.executable, "-m", module, *args], isolated=isolated)


def start_command(command, isolated=None):
    """``command`` (a list) as ``start_child`` starts a module: its own process group, output
    piped, in ``sandbox`` when ``isolated`` (writable folders, private folder)."""
    environment = sandbox.with_python_path(os.environ)
    if isolated is not None:
        command = sandbox.command(command, *isolated)
        environment = sandbox.child_environment()
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        process_group=0,  # killed as one; in the caller's session (``priority``)
        env=environment,
    )


def stop_child(process):
    """Kill ``process`` (from ``start_child``) and its whole process group; reap it. What it
    wrote on stderr and nobody read (bytes)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    return process.communicate()[1] or b""


def run(options, timeout):
    """Run ``convert`` in a child process group; return its page count.

    Raises ``ToolsTimedOut`` after ``timeout`` seconds and ``ToolsFailed``
    when the tools fail.
    """
    profile = office_profile()
    options = dict(options, office_profile=profile)
    options_path = os.path.join(options["output_dir"], "options.json")
    with open(options_path, "w", encoding="utf-8") as options_file:
        json.dump(options, options_file)
    writable = [options["output_dir"], os.path.dirname(options["source"]), profile]
    try:
        out = run_isolated([sys.executable, "-m", __name__, options_path], writable, timeout)
    finally:
        os.remove(options_path)
    return int(out.strip().splitlines()[-1])


def run_isolated(command, writable, timeout):
    """Run ``command`` in ``sandbox`` (writing only ``writable``) in a process group of its own;
    return its output (text).

    Raises ``ToolsTimedOut`` after ``timeout`` seconds, the whole group killed
    (soffice and whatever else it started), and ``ToolsFailed`` with the last
    line of its error output when it exits non-zero.
    """
    private = tempfile.mkdtemp(prefix="gongwen-sandbox-")
    process = start_command(command, isolated=(writable, private))
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_child(process)
        raise ToolsTimedOut(timeout) from None
    finally:
        shutil.rmtree(private, ignore_errors=True)
    if process.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise ToolsFailed(tail[0][-300:])
    return out.decode("utf-8", "replace")


def main():
    """Entry point of the child process: convert, print the page count; on failure the reason."""
    with open(sys.argv[1], encoding="utf-8") as options_file:
        options = json.load(options_file)
    try:
        print(convert(options))
    except subprocess.CalledProcessError as error:
        output = (error.stderr or error.stdout or b"").decode("utf-8", "replace").strip()
        tool = os.path.basename(str(error.cmd[0]))
        sys.exit(f"{tool}: {output.splitlines()[-1] if output else error.returncode}")
    except ToolsFailed as error:
        sys.exit(error.args[0])


if __name__ == "__main__":
    main()
