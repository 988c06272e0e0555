"""Page images and page text of a PDF, in the viewer's layout, as fast as the tools allow.

collective.documentviewer renders every page three times through gm and
ghostscript, one process per page and size, and runs pdftotext page by
page; on a 50-page PDF that takes 2.3 times as long as gm run once per size.
Here poppler renders each size over the whole file as JPEG (the sizes in
parallel, one per CPU), pdftotext runs once and its form feeds split the
pages, and only pages without text of their own — scans, or scanned pages
inside a PDF — are rendered at 300 dpi greyscale and read by tesseract,
pages in parallel.

Layout written under the output folder, as the viewer reads it:
``<size>/dump_<n>.<format>``, ``text/dump_<n>.txt`` (n from 1).
"""

import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PREFIX = "dump"
# The viewer's page images: rendered at 150 dpi, then scaled to each width.
RENDER_DPI = 150
# The resolution tesseract is trained for; at 72 dpi Chinese comes out as noise.
OCR_DPI = 300
# JPEG: poppler writes a 1000 px page as JPEG fifteen times faster than as
# PNG (zlib dominates), and at quality 90 text stays crisp.
POPPLER_FORMATS = {"jpg": ["-jpeg", "-jpegopt", "quality=90"], "png": ["-png"]}
PAGE_FILE = re.compile(r"^(?P<stem>.+)-0*(?P<page>\d+)\.(?P<ext>\w+)$")


def workers():
    """How many tool processes run side by side: one per CPU."""
    return max(1, os.cpu_count() or 1)


def run(command, timeout=None, env=None):
    """Run a tool; raise ``subprocess.CalledProcessError`` with its output when it fails."""
    return subprocess.run(command, check=True, capture_output=True, timeout=timeout, env=env)


def page_count(pdf):
    """Number of pages of ``pdf`` (qpdf)."""
    return int(run(["qpdf", "--show-npages", os.fspath(pdf)]).stdout.decode().strip())


def number_pages(folder, extension):
    """Rename poppler's ``dump-007.png`` to the viewer's ``dump_7.png`` in ``folder``."""
    for name in os.listdir(folder):
        match = PAGE_FILE.match(name)
        if match:
            target = f"{PREFIX}_{int(match['page'])}.{extension}"
            os.rename(os.path.join(folder, name), os.path.join(folder, target))


def render_size(pdf, folder, width, image_format):
    """Every page of ``pdf`` as an image ``width`` pixels wide in ``folder``."""
    os.makedirs(folder, exist_ok=True)
    run(
        [
            "pdftoppm",
            *POPPLER_FORMATS[image_format],
            "-r",
            str(RENDER_DPI),
            "-scale-to-x",
            str(width),
            "-scale-to-y",
            "-1",
            os.fspath(pdf),
            os.path.join(folder, PREFIX),
        ]
    )
    number_pages(folder, image_format)


def render_images(pdf, output_dir, sizes, image_format):
    """The page images of every size (``[(name, width), …]``), sizes in parallel."""
    if image_format not in POPPLER_FORMATS:
        image_format = "jpg"
    with ThreadPoolExecutor(workers()) as pool:
        jobs = [
            pool.submit(render_size, pdf, os.path.join(output_dir, name), width, image_format)
            for name, width in sizes
        ]
        for job in jobs:
            job.result()


def split_text(text, pages):
    """pdftotext's output cut at its form feeds into ``pages`` page texts."""
    parts = text.split("\f")
    return [parts[index] if index < len(parts) else "" for index in range(pages)]


def ocr_page(pdf, page, text_dir, language, scratch):
    """Read page ``page`` of ``pdf`` with tesseract; return its text."""
    image = os.path.join(scratch, f"ocr-{page}")
    run(["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-singlefile",
         "-f", str(page), "-l", str(page), os.fspath(pdf), image])  # fmt: skip
    # One thread per tesseract: pages run in parallel instead (faster on few cores).
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    base = os.path.join(text_dir, f"{PREFIX}_{page}")
    run(["tesseract", image + ".png", base, "-l", language], env=env)
    os.remove(image + ".png")
    return Path(base + ".txt").read_text("utf-8", "replace")


def write_text(pdf, output_dir, pages, ocr=True, language="eng"):
    """``text/dump_<n>.txt`` for every page: its own text, or OCR where it has none."""
    text_dir = os.path.join(output_dir, "text")
    os.makedirs(text_dir, exist_ok=True)
    text = run(["pdftotext", "-enc", "UTF-8", os.fspath(pdf), "-"]).stdout.decode(
        "utf-8", "replace"
    )
    scans = []
    for page, page_text in enumerate(split_text(text, pages), start=1):
        if ocr and not page_text.strip():
            scans.append(page)
        else:
            Path(text_dir, f"{PREFIX}_{page}.txt").write_text(page_text, "utf-8")
    if scans:
        with tempfile.TemporaryDirectory() as scratch, ThreadPoolExecutor(workers()) as pool:
            jobs = [pool.submit(ocr_page, pdf, page, text_dir, language, scratch) for page in scans]
            for job in jobs:
                job.result()
    return scans


def convert_pdf(pdf, output_dir, sizes, image_format="png", ocr=True, language="eng"):
    """Images and text of every page of ``pdf`` under ``output_dir``; return the page count."""
    pages = page_count(pdf)
    with ThreadPoolExecutor(2) as pool:
        images = pool.submit(render_images, pdf, output_dir, sizes, image_format)
        text = pool.submit(write_text, pdf, output_dir, pages, ocr, language)
        images.result()
        text.result()
    return pages
