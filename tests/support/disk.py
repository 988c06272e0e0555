"""A small file system that fills up: a tmpfs mounted for a test, and a file filling it."""

import contextlib
import errno
import subprocess

import pytest


@contextlib.contextmanager
def tmpfs(path, size):
    """A tmpfs of ``size`` mounted on ``path`` (skips where mounting is not permitted)."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {mounted.stderr}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder):
    """Write a file in ``folder`` until its file system is full; the file."""
    filler = folder / "filler.bin"
    chunk = b"\0" * (1024 * 1024)
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(chunk)
        except OSError as error:
            assert error.errno == errno.ENOSPC
        with contextlib.suppress(OSError):  # the last few bytes
            while True:
                out.write(b"\0" * 512)
    return filler
