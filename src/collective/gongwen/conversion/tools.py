"""Run the viewer's conversion tools on one file, in a process of its own.

``python -m collective.gongwen.conversion.tools OPTIONS.json`` converts the
file named in the options into page images (three sizes), per-page text
(pdftotext, or tesseract for scans) and ``dump.pdf`` under the output folder,
with collective.documentviewer's own tool chain, and prints the page count.
Workers run it with a time limit and kill its whole process group (soffice,
gm, tesseract) when the limit passes; nothing hung survives a job.
"""

import json
import os
import signal
import subprocess
import sys
import tarfile
import tempfile

IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff"}
# Images become PDF pages at this resolution, the one scans are made at, so
# OCR reads them at their own pixels instead of enlarged fourfold.
IMAGE_DPI = 300


class ToolsTimedOut(Exception):
    """The tools ran longer than allowed and were stopped."""


class ToolsFailed(Exception):
    """The tools exited with an error; ``args[0]`` is the end of their output."""


def image_to_pdf(source, target):
    """Every frame of the image ``source`` (multi-page TIFF scans too) as a page of ``target``."""
    subprocess.run(
        ["gm", "convert", "-density", str(IMAGE_DPI), source, target],
        check=True,
        capture_output=True,
        timeout=600,
    )


def convert(options):
    """Convert ``options["source"]`` into ``options["output_dir"]``; return the page count."""
    from collective.documentviewer.convert import Safe_Convert

    import collective.gongwen  # noqa: F401  (makes collective.documentviewer importable)
    from collective.gongwen.viewer import ocr  # noqa: F401  (its fixes to the tools)

    source = options["source"]
    extension = os.path.splitext(options["filename"])[1].lower().lstrip(".")
    convert_to_pdf = options["convert_to_pdf"]
    if extension in IMAGE_EXTENSIONS:
        pdf = os.path.join(options["output_dir"], "image.pdf")
        image_to_pdf(source, pdf)
        source, convert_to_pdf = pdf, False
    # LibreOffice keeps one profile per user and refuses a second instance
    # on it; a profile per worker process lets several workers run at once.
    os.environ["HOME"] = os.path.join(tempfile.gettempdir(), f"gongwen-office-{os.getppid()}")
    pages = Safe_Convert().convert(
        options["output_dir"],
        inputfilepath=source,
        converttopdf=convert_to_pdf,
        sizes=[tuple(size) for size in options["sizes"]],
        enable_indexation=True,
        ocr=options["ocr"],
        detect_text=options["detect_text"],
        format=options["format"],
        filename=options["filename"],
        language=options["language"],
    )
    if source != options["source"] and os.path.exists(source):
        os.remove(source)
    return pages


def pack(output_dir, target):
    """Put what the tools made in ``output_dir`` into the tar file ``target``; return it."""
    with tarfile.open(target, mode="w") as tar:
        for name in sorted(os.listdir(output_dir)):
            tar.add(os.path.join(output_dir, name), arcname=name)
    return target


def run(options, timeout):
    """Run ``convert`` in a child process group; return its page count.

    Raises ``ToolsTimedOut`` after ``timeout`` seconds and ``ToolsFailed``
    when the tools fail.
    """
    options_path = os.path.join(options["output_dir"], "options.json")
    with open(options_path, "w", encoding="utf-8") as options_file:
        json.dump(options, options_file)
    process = subprocess.Popen(
        [sys.executable, "-m", __name__, options_path],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ToolsTimedOut(timeout) from None
    finally:
        os.remove(options_path)
    if process.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
        raise ToolsFailed(tail[0][-300:])
    return int(out.decode().strip().splitlines()[-1])


def main():
    """Entry point of the child process: convert and print the page count."""
    with open(sys.argv[1], encoding="utf-8") as options_file:
        options = json.load(options_file)
    print(convert(options))


if __name__ == "__main__":
    main()
