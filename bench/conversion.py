"""Upload and conversion speed of a running portal, side by side with the raw tools.

    .venv/bin/python bench/conversion.py [--url http://127.0.0.1:8080/Plone]
                                         [--login admin:admin] [--unit changyuan]

Needs ``make start`` (portal and conversion worker). Makes a 50-page Chinese
PDF, a 20-page DOCX and an 8-page scanned PDF, then for each:

* the raw tools run by hand on the same file on this machine: gm (one call
  per image size) and pdftotext, as the issue defines the baseline; and
  poppler (pdftoppm per size, pdftotext), the tools our workers run; for
  the scan, tesseract per page; for the DOCX, LibreOffice first;
* the upload through the portal (REST POST of an attachment into an incoming
  document): seconds until the response;
* the conversion through queue and worker: seconds from the upload's
  response until the file's status is done, and pages per second.
"""

import argparse
import base64
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.documents import run  # noqa: E402
from tests.support.long_documents import make_long_samples  # noqa: E402

SIZES = (("large", 1000), ("normal", 700), ("small", 180))


def timed(function, *args):
    """Seconds ``function(*args)`` took."""
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def raw_gm(pdf, scratch):
    """The baseline of the issue: gm renders each size of all pages, pdftotext the text."""
    for name, width in SIZES:
        folder = scratch / f"gm-{name}"
        folder.mkdir()
        run(
            "gm",
            "convert",
            "-density",
            "150",
            "-resize",
            f"{width}x",
            str(pdf),
            str(folder / "p_%d.png"),
        )
    run("pdftotext", str(pdf), str(scratch / "gm.txt"))


def raw_poppler(pdf, scratch):
    """The tools our workers run, one after another by hand."""
    for name, width in SIZES:
        folder = scratch / f"poppler-{name}"
        folder.mkdir()
        run("pdftoppm", "-jpeg", "-jpegopt", "quality=90", "-r", "150", "-scale-to-x", str(width),
            "-scale-to-y", "-1", str(pdf), str(folder / "p"))  # fmt: skip
    run("pdftotext", str(pdf), str(scratch / "poppler.txt"))


def raw_ocr(pdf, scratch):
    """Scans by hand: 300 dpi greyscale pages, tesseract on each (chi_sim+eng)."""
    run("pdftoppm", "-r", "300", "-gray", "-png", str(pdf), str(scratch / "ocr"))
    for image in sorted(scratch.glob("ocr-*.png")):
        run("tesseract", str(image), str(image.with_suffix("")), "-l", "chi_sim+eng")


def raw_soffice(docx, scratch):
    """LibreOffice's DOCX to PDF by hand."""
    profile = f"-env:UserInstallation=file://{scratch}/lo"
    run(
        "soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(scratch), str(docx)
    )
    return scratch / f"{docx.stem}.pdf"


class Portal:
    """The running portal, as its administrator."""

    def __init__(self, url, login):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        self.session.auth = tuple(login.split(":", 1))
        self.session.headers["Accept"] = "application/json"

    def incoming_document(self, unit):
        """A new 收文 to upload into."""
        response = self.session.post(
            f"{self.url}/{unit}/incoming",
            json={
                "@type": "gongwen_incoming",
                "title": f"转换基准 {time.strftime('%H:%M:%S')}",
                "source_organ": "新乡河务局",
                "source_number": "新河〔2026〕1号",
                "doc_kind": "notice",
            },
            timeout=60,
        )
        response.raise_for_status()
        return response.json()["@id"]

    def upload(self, document, path):
        """Upload ``path`` into ``document`` by REST; return (seconds, file UID)."""
        body = {
            "@type": "gongwen_attachment",
            "file": {
                "data": base64.b64encode(path.read_bytes()).decode(),
                "encoding": "base64",
                "filename": path.name,
            },
        }
        start = time.perf_counter()
        response = self.session.post(document, json=body, timeout=60)
        seconds = time.perf_counter() - start
        response.raise_for_status()
        return seconds, response.json()["UID"]

    def wait_done(self, document, uid, timeout=900):
        """Seconds until the file ``uid`` is converted (raises if it fails)."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            status = self.session.get(f"{document}/@@gongwen-conversion-status", timeout=60).json()
            entry = next(item for item in status["files"] if item["uid"] == uid)
            if entry["state"] == "done":
                return time.perf_counter() - start, entry["pages"]
            if entry["state"] == "failed":
                raise RuntimeError(entry["message"])
            time.sleep(0.1)
        raise TimeoutError(uid)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080/Plone")
    parser.add_argument("--login", default="admin:admin")
    parser.add_argument("--unit", default="changyuan")
    args = parser.parse_args()
    portal = Portal(args.url, args.login)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        samples = make_long_samples(work / "samples", pages=50, scan_pages=8)
        docx20 = make_long_samples(work / "docx20", pages=20, scan_pages=1)["docx"]
        document = portal.incoming_document(args.unit)
        print(f"portal: {args.url}; document: {document}")
        print(
            f"{'file':<22}{'pages':>6}{'upload s':>10}{'convert s':>11}{'pages/s':>9}"
            f"{'raw gm s':>10}{'raw poppler s':>15}{'ratio gm':>10}{'ratio poppler':>15}"
        )
        for label, path, kind in (
            ("50-page PDF", samples["pdf"], "pdf"),
            ("20-page DOCX", docx20, "docx"),
            ("8-page scanned PDF", samples["scan"], "scan"),
        ):
            scratch = Path(tempfile.mkdtemp(dir=work))
            pdf = path
            raw_prefix = 0.0
            if kind == "docx":
                start = time.perf_counter()
                pdf = raw_soffice(path, scratch)
                raw_prefix = time.perf_counter() - start
            gm_seconds = raw_prefix + timed(raw_gm, pdf, scratch)
            poppler_seconds = raw_prefix + timed(raw_poppler, pdf, scratch)
            if kind == "scan":
                ocr_seconds = timed(raw_ocr, pdf, scratch)
                gm_seconds += ocr_seconds
                poppler_seconds += ocr_seconds
            upload_seconds, uid = portal.upload(document, path)
            convert_seconds, pages = portal.wait_done(document, uid)
            print(
                f"{label:<22}{pages:>6}{upload_seconds:>10.2f}{convert_seconds:>11.2f}"
                f"{pages / convert_seconds:>9.1f}{gm_seconds:>10.2f}{poppler_seconds:>15.2f}"
                f"{convert_seconds / gm_seconds:>10.2f}{convert_seconds / poppler_seconds:>15.2f}"
            )


if __name__ == "__main__":
    main()
