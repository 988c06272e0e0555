"""R-SEC5: an uploaded office file's links are removed before LibreOffice sees it, and the
conversion tools run with no network and without the server's files (``conversion.links``,
``conversion.sandbox``). No LibreOffice here: the rules on small files built in the test, and
the sandbox with Python inside it."""

import io
import os
import subprocess
import sys
import zipfile

import pytest
from lxml import etree

from collective.gongwen.conversion import links
from collective.gongwen.conversion import sandbox
from tests.support.fetching import recording_server
from tests.support.linked_office import PACKAGE_RELS
from tests.support.linked_office import VISIBLE_TEXT
from tests.support.linked_office import linked_docx
from tests.support.linked_office import linked_odt
from tests.support.linked_office import linked_rtf

TARGETS = ("http://127.0.0.1:9/x.png", "file:///etc/passwd", "\\\\server\\share\\t.dotx")


def neutralised(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    removed = links.neutralise(str(path))
    return path, removed


def members(path):
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_r_sec5_docx_loses_external_relationships_and_fetching_fields(tmp_path):
    path, removed = neutralised(tmp_path, "a.docx", linked_docx(TARGETS))
    parts = members(path)
    for name in ("word/_rels/document.xml.rels", "word/_rels/settings.xml.rels"):
        relations = etree.fromstring(parts[name]).iter(f"{{{PACKAGE_RELS}}}Relationship")
        assert [r.get("Target") for r in relations if r.get("TargetMode")] == []
    # The package's own parts stay related.
    assert b'Target="settings.xml"' in parts["word/_rels/document.xml.rels"]
    document = parts["word/document.xml"].decode()
    for target in TARGETS:
        assert target not in document
    assert "INCLUDEPICTURE" not in document and "INCLUDETEXT" not in document
    assert document.count(VISIBLE_TEXT) == 2  # the text and the fields' last results stay
    assert "旧结果" in document
    kinds = " ".join(removed)
    for what in ("image", "oleObject", "attachedTemplate", "aFChunk", "INCLUDEPICTURE", "LINK"):
        assert what in kinds
    # The rewritten package is whole and keeps its members in order.
    assert list(parts) == list(members_of(linked_docx(TARGETS)))


def members_of(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [info.filename for info in archive.infolist()]


def test_r_sec5_a_field_split_over_runs_and_nested_is_still_found():
    w = links.W
    document = (
        f'<w:document xmlns:w="{w}"><w:body><w:p>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> INCLUDE</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText>PAGE</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:instrText>PICTURE "file:///etc/passwd"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>shown</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText>PAGE</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "</w:p></w:body></w:document>"
    ).encode()
    cleaned, what = links.neutralise_part("word/document.xml", document)
    assert what == ["field INCLUDEPICTURE"]
    assert b"passwd" not in cleaned and b"PICTURE" not in cleaned
    assert cleaned.count(b"PAGE") == 2 and b"shown" in cleaned


def test_r_sec5_odt_loses_links_outside_the_package_but_keeps_hyperlinks_and_its_own(tmp_path):
    data = linked_odt(TARGETS)
    content = members_of(data)
    path, removed = neutralised(tmp_path, "a.odt", data)
    parts = members(path)
    assert list(parts) == content
    assert parts["mimetype"] == b"application/vnd.oasis.opendocument.text"
    with zipfile.ZipFile(path) as archive:
        assert archive.infolist()[0].compress_type == zipfile.ZIP_STORED
    for name in ("content.xml", "styles.xml"):
        for target in TARGETS:
            assert target.encode() not in parts[name]
    assert b"section-source" not in parts["content.xml"]
    assert parts["content.xml"].decode().count(VISIBLE_TEXT) == 2
    assert len(removed) == 4 * len(TARGETS)

    kept = (
        f"<office:document-content {links_namespaces()}><office:body><office:text><text:p>"
        '<text:a xlink:href="https://www.gov.cn/">网站</text:a>'
        '<draw:frame><draw:image xlink:href="Pictures/logo.png"/></draw:frame>'
        '<draw:frame><draw:image xlink:href="./Pictures/seal.png"/></draw:frame>'
        '<draw:frame><draw:image xlink:href="../outside.png"/></draw:frame>'
        "</text:p></office:text></office:body></office:document-content>"
    ).encode()
    cleaned, what = links.neutralise_part("content.xml", kept)
    assert what == ["link of image"]
    for target in (b"https://www.gov.cn/", b"Pictures/logo.png", b"./Pictures/seal.png"):
        assert target in cleaned
    assert b"outside" not in cleaned


def links_namespaces():
    from tests.support.linked_office import ODF_NAMESPACES

    return ODF_NAMESPACES


def test_r_sec5_rtf_fields_show_their_last_result(tmp_path):
    path, removed = neutralised(tmp_path, "a.doc", linked_rtf(TARGETS))
    data = path.read_bytes()
    assert removed == [f"RTF field instruction × {3 * len(TARGETS)}"]
    assert b"\\fldinst" not in data and data.count(b"{\\*\\gongwenfldinst") == 3 * len(TARGETS)
    assert b"\\fldrslt old" in data


def test_r_sec5_files_without_links_are_left_as_they_are(tmp_path):
    clean = linked_docx(())
    path, removed = neutralised(tmp_path, "clean.docx", clean)
    assert removed == [] and path.read_bytes() == clean
    text = b"plain text, not a package"
    path, removed = neutralised(tmp_path, "a.txt", text)
    assert removed == [] and path.read_bytes() == text
    broken = b"PK\x03\x04 not really a zip"
    path, removed = neutralised(tmp_path, "broken.docx", broken)
    assert removed == [] and path.read_bytes() == broken


def test_r_sec5_entities_are_not_expanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Relationships xmlns="' + PACKAGE_RELS.encode() + b'">'
        b'<Relationship Id="r1" Type="t" Target="&c;&x;" TargetMode="External"/></Relationships>'
    )
    # Nothing is expanded or read; what cannot be checked is not converted.
    with pytest.raises(links.Unreadable, match="document.xml.rels"):
        links.neutralise_part("word/_rels/document.xml.rels", bomb)
    only_internal = bomb.replace(b"&x;", b"")
    cleaned, what = links.neutralise_part("word/_rels/document.xml.rels", only_internal)
    assert what == ["external relationship t"] and b"aaaa" not in cleaned


# The sandbox: what the tools' child process can reach.


def in_sandbox(tmp_path, code):
    writable = tmp_path / "job"
    private = tmp_path / "private"
    writable.mkdir(exist_ok=True)
    private.mkdir(exist_ok=True)
    command = sandbox.command([sys.executable, "-c", code], [str(writable)], str(private))
    return subprocess.run(
        command, capture_output=True, text=True, timeout=60, env=sandbox.child_environment()
    )


def test_r_sec5_the_tools_run_in_bubblewrap_here():
    # scripts/install_system_packages.sh installs bubblewrap; without it this machine
    # would convert with the network reachable (only logged).
    assert sandbox.isolation() == sandbox.BWRAP


def test_r_sec5_the_sandbox_reaches_no_network(tmp_path):
    with recording_server() as server:
        result = in_sandbox(
            tmp_path,
            f"import urllib.request; urllib.request.urlopen({server.base + '/x.png'!r}, timeout=5)",
        )
        assert result.returncode != 0
        assert "URLError" in result.stderr or "unreachable" in result.stderr, result.stderr
        assert server.hits == []
        # The same request from outside is recorded: the server does record.
        import urllib.request

        urllib.request.urlopen(server.base + "/outside", timeout=5).read()
        assert server.hits == ["GET /outside"]


def test_r_sec5_the_sandbox_sees_no_server_file_nor_the_workers_secrets(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRETMARK server data")
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "source").write_text("the job's own file")
    monkeypatch.setenv("GONGWEN_WORKER_SECRET", "SECRETMARK key")
    result = in_sandbox(
        tmp_path,
        "import os, sys\n"
        f"print(os.path.exists({str(secret)!r}), os.path.exists('/root/.ssh'),"
        " os.path.exists('/etc/shadow'))\n"
        "print(open('/etc/passwd').read().count(chr(10)))\n"
        "print(open('/proc/self/environ', 'rb').read().count(b'SECRETMARK'))\n"
        f"print(open({str(tmp_path / 'job' / 'source')!r}).read())\n"
        "open('written', 'w').write('ok')\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["False False False", "1", "0", "the job's own file"]
    assert (tmp_path / "job" / "written").read_text() == "ok"
    assert os.path.exists("/etc/shadow")  # it is there outside


@pytest.mark.parametrize("kind", [sandbox.UNSHARE])
def test_r_sec5_without_bubblewrap_the_network_is_still_cut(tmp_path, monkeypatch, kind):
    monkeypatch.setattr(sandbox, "isolation", lambda: kind)
    with recording_server() as server:
        result = in_sandbox(
            tmp_path, f"import urllib.request; urllib.request.urlopen({server.base!r}, timeout=5)"
        )
        assert result.returncode != 0 and server.hits == []
