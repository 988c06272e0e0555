"""R-RUN1: the workers' children (``python -m …``) import this package however the parent
was started — under buildout's ``bin/instance`` the eggs are put on ``sys.path`` by that
script, and ``sys.executable`` alone (a plain interpreter) knows none of them."""

import json
import os
import sys

import pytest

from collective.gongwen.conversion.tools import start_child
from collective.gongwen.exchange.package import read_package
from collective.gongwen.packaging.build import JOB_NAME
from collective.gongwen.packaging.build import ZIP_NAME
from collective.gongwen.packaging.build import build_in_child

METADATA = {
    "title": "关于做好汛前检查的通知",
    "issuer": "长垣河务局",
    "issue_number": "长河〔2026〕8号",
}


@pytest.fixture
def plain_interpreter(monkeypatch):
    """``sys.executable`` as under buildout: an interpreter without this package's path."""
    base = getattr(sys, "_base_executable", sys.executable)
    if base == sys.executable:
        pytest.skip("not run from a virtual environment: no plain interpreter to compare with")
    monkeypatch.setattr(sys, "executable", base)
    return base


def test_r_run1_packaging_child_imports_the_package_from_its_parents_path(
    plain_interpreter, tmp_path
):
    (tmp_path / "0.bin").write_bytes(b"%PDF-1.7 official")
    data = build_in_child(METADATA, [("official", "正式.pdf", "0.bin")], str(tmp_path), 60)
    metadata, files = read_package(data)
    assert metadata["issue_number"] == METADATA["issue_number"]
    assert files == [("official", "正式.pdf", b"%PDF-1.7 official")]


def test_r_run1_started_child_imports_the_package_from_its_parents_path(
    plain_interpreter, tmp_path
):
    (tmp_path / "0.bin").write_bytes(b"%PDF-1.7 official")
    with open(tmp_path / JOB_NAME, "w", encoding="utf-8") as job:
        json.dump({"metadata": METADATA, "files": [["official", "正式.pdf", "0.bin"]]}, job)
    process = start_child("collective.gongwen.packaging.build", str(tmp_path))
    _, errors = process.communicate(timeout=60)
    assert process.returncode == 0, errors.decode("utf-8", "replace")[-500:]
    assert os.path.getsize(tmp_path / ZIP_NAME) > 0
