"""R-RUN1: several files in one answer to a worker (``jobs.tarstream``), as a tar that is
produced while it is sent and read while it arrives."""

import io
import tarfile

from collective.gongwen.jobs.tarstream import TarStream
from collective.gongwen.jobs.tarstream import read_members


def chunks(stream, size=1000):
    """The stream's bytes cut at ``size`` as a network would (not at member boundaries)."""
    data = b"".join(stream)
    return [data[start : start + size] for start in range(0, len(data), size)]


def test_r_run1_tar_stream_has_its_announced_length_and_is_a_tar(tmp_path):
    on_disk = tmp_path / "blob"
    on_disk.write_bytes(b"%PDF-1.7 " + b"x" * 70_000)  # more than one read of the file
    stream = TarStream([("0", str(on_disk)), ("2", "值班表".encode()), ("3", b"")])
    length = len(stream)
    data = b"".join(stream)
    assert len(data) == length
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        assert archive.getnames() == ["0", "2", "3"]
        assert archive.extractfile("0").read() == on_disk.read_bytes()
        assert archive.extractfile("2").read() == "值班表".encode()
        assert archive.extractfile("3").read() == b""


def test_r_run1_read_members_writes_only_the_paths_asked_for(tmp_path):
    paths = {"0": str(tmp_path / "a"), "1": str(tmp_path / "b"), "2": str(tmp_path / "c")}
    stream = TarStream(
        [("0", b"A" * 5000), ("../../etc/x", b"evil"), ("1", b"B" * 20), ("2", b"C" * 101)]
    )
    written = read_members(chunks(stream, 777), paths, max_bytes=100)
    # "0" and "2" are over 100 bytes: read past, not written; no path but those asked for.
    assert written == {"1"}
    assert (tmp_path / "b").read_bytes() == b"B" * 20
    assert not (tmp_path / "a").exists() and not (tmp_path / "c").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


def test_r_run1_read_members_of_an_empty_answer(tmp_path):
    assert read_members(chunks(TarStream([])), {"0": str(tmp_path / "a")}, 100) == set()
