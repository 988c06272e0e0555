"""R-A1: every format the bureau receives opens in the viewer.

PDF, DOC, DOCX, WPS (Kingsoft Writer saves Word 97 format under .wps), ODT,
XLS, XLSX, ET (Kingsoft Spreadsheets), RTF, JPG, PNG and TIFF (a two-page
scan): each upload is queued by the viewer's own subscriber, then converted
by the workers' pipeline (run here with ``convert_inline``).
"""

import shutil

import pytest
from collective.documentviewer.settings import Settings

from collective.gongwen.conversion.inline import convert_inline
from collective.gongwen.conversion.status import conversion_status
from tests.support.documents import make_office_variants
from tests.support.documents import run
from tests.support.incoming import incoming_with_file

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def formats(tmp_path_factory, sample_documents):
    """One file per format, made by LibreOffice and GraphicsMagick from the sample 通知."""
    folder = tmp_path_factory.mktemp("formats")
    files = {"pdf": (sample_documents["pdf"], 1), "docx": (sample_documents["docx"], 1)}
    variants = make_office_variants(folder, sample_documents)
    for kind in ("doc", "odt", "rtf", "xls", "xlsx"):
        files[kind] = (variants[kind], 1)
    files["wps"] = (shutil.copy(variants["doc"], folder / "通知.wps"), 1)
    files["et"] = (shutil.copy(variants["xls"], folder / "统计表.et"), 1)
    page = folder / "page.png"
    run(
        "pdftoppm",
        "-r",
        "100",
        "-png",
        "-singlefile",
        str(sample_documents["pdf"]),
        str(page.with_suffix("")),
    )
    files["png"] = (page, 1)
    for kind in ("jpg", "tif"):
        target = folder / f"page.{kind}"
        run("gm", "convert", str(page), str(target))
        files[kind] = (target, 1)
    scan = folder / "scan-2-pages.tif"
    run("gm", "convert", str(page), str(page), str(scan))
    files["tif (2 pages)"] = (scan, 2)
    return files


@pytest.mark.parametrize(
    "kind",
    [
        "pdf",
        "doc",
        "docx",
        "wps",
        "odt",
        "xls",
        "xlsx",
        "et",
        "rtf",
        "jpg",
        "png",
        "tif",
        "tif (2 pages)",
    ],
)
def test_r_a1_every_bureau_format_is_converted(portal, formats, kind):
    from pathlib import Path

    path, pages = formats[kind]
    path = Path(path)
    attachment = incoming_with_file(portal, path.read_bytes(), path.name)
    assert conversion_status(attachment)["state"] == "queued"  # the upload only queued it
    assert convert_inline(attachment) == "done", conversion_status(attachment)
    settings = Settings(attachment)
    assert settings.num_pages == pages
    assert f"large/dump_{pages}.jpg" in settings.blob_files
