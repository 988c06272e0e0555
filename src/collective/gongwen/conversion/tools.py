"""Run the conversion tools on one file, in a process of its own.

``python -m collective.gongwen.conversion.tools OPTIONS.json`` turns the file
named in the options into a PDF (LibreOffice for office files, gm for
images) and that into page images and page text (``pages``) under the
output folder, in collective.documentviewer's layout, and prints the page
count. Workers run it with a time limit and kill its whole process group (soffice,
gm, tesseract) when the limit passes; nothing hung survives a job.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile

from collective.gongwen.conversion import pages

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


def office_to_pdf(source, extension, target):
    """The office document ``source`` as the PDF ``target``, by LibreOffice."""
    # LibreOffice picks its import filter by extension, and refuses a second
    # instance on one profile: a profile per worker process lets several
    # workers convert at once.
    folder = os.path.dirname(target)
    named = os.path.join(folder, f"source.{extension}")
    shutil.copyfile(source, named)
    profile = os.path.join(tempfile.gettempdir(), f"gongwen-office-{os.getppid()}")
    try:
        pages.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", folder, named]
        )  # fmt: skip
    finally:
        os.remove(named)
    converted = os.path.join(folder, "source.pdf")
    if not os.path.exists(converted):
        raise ToolsFailed("LibreOffice 未能生成 PDF")
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
        office_to_pdf(options["source"], extension, pdf)
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


def start_child(module, *args):
    """``python -m module args…`` in a process group of its own, its output piped.

    ``stop_child`` ends it and whatever it started; the typesetter's render
    server (``typeset.child``) is started the same way.
    """
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def stop_child(process):
    """Kill ``process`` (from ``start_child``) and its whole process group; reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def run(options, timeout):
    """Run ``convert`` in a child process group; return its page count.

    Raises ``ToolsTimedOut`` after ``timeout`` seconds and ``ToolsFailed``
    when the tools fail.
    """
    options_path = os.path.join(options["output_dir"], "options.json")
    with open(options_path, "w", encoding="utf-8") as options_file:
        json.dump(options, options_file)
    process = start_child(__name__, options_path)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_child(process)
        raise ToolsTimedOut(timeout) from None
    finally:
        os.remove(options_path)
    if process.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise ToolsFailed(tail[0][-300:])
    return int(out.decode().strip().splitlines()[-1])


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
