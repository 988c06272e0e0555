"""R-SEC5, R-A1: an uploaded DOCX, ODT or RTF-as-.doc linking a local HTTP server, /etc/passwd
and a server file still converts through the workers' real path (``convert_inline``: preflight,
the tools' child in its sandbox, LibreOffice), its linked pictures missing: the server gets no
request and no page, image or text carries what the links point at."""

import io
import subprocess

import pytest
from collective.documentviewer.settings import Settings

from collective.gongwen.conversion.inline import convert_inline
from collective.gongwen.conversion.status import conversion_status
from tests.support.fetching import recording_server
from tests.support.incoming import incoming_with_file
from tests.support.linked_office import VISIBLE_TEXT
from tests.support.linked_office import linked_docx
from tests.support.linked_office import linked_odt
from tests.support.linked_office import linked_rtf

pytestmark = pytest.mark.slow


@pytest.fixture
def server_files(tmp_path):
    """A text file and a picture on the server, outside any job's folder."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRETMARK server data\n")
    picture = tmp_path / "seal.png"
    subprocess.run(["gm", "convert", "-size", "60x60", "xc:red", str(picture)], check=True)
    return secret, picture


def converted(portal, filename, data):
    attachment = incoming_with_file(portal, data, filename)
    assert convert_inline(attachment) == "done", conversion_status(attachment)
    return Settings(attachment)


def blob_bytes(settings, name):
    with settings.blob_files[name].open() as data:
        return data.read()


def red_pixels(jpeg):
    """How many pixels of the page image ``jpeg`` are the seal's red."""
    from PIL import Image

    with Image.open(io.BytesIO(jpeg)) as image:
        pixels = image.convert("RGB").getdata()
        return sum(1 for red, green, blue in pixels if red > 200 and green < 80 and blue < 80)


@pytest.mark.parametrize(
    ("filename", "build"),
    [
        ("外单位来文.docx", linked_docx),
        ("外单位来文.odt", linked_odt),
        ("外单位来文.doc", linked_rtf),
    ],
)
def test_r_sec5_linked_office_files_convert_and_fetch_nothing(
    portal, server_files, filename, build
):
    secret, picture = server_files
    with recording_server() as server:
        targets = [
            f"{server.base}/x.png",
            "file:///etc/passwd",
            secret.as_uri(),
            picture.as_uri(),
        ]
        settings = converted(portal, filename, build(targets))
        assert server.hits == []
    text = "".join(
        blob_bytes(settings, f"text/dump_{page}.txt").decode()
        for page in range(1, settings.num_pages + 1)
    )
    assert VISIBLE_TEXT in text  # the document converted
    for leaked in ("root:", "SECRETMARK", "127.0.0.1", "/bin/"):
        assert leaked not in text
    # No picture made it into the pages: not the server's red seal, nor anything fetched.
    for page in range(1, settings.num_pages + 1):
        assert red_pixels(blob_bytes(settings, f"large/dump_{page}.jpg")) == 0
