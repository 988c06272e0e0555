"""A real clamd (Debian's clamav-daemon) for the tests, started by ``scripts/clamd.sh``.

Only the signatures shipped in ``etc/clamav`` are loaded (the official databases are
kept out: they take tens of seconds and a gigabyte to load), which is what the tests
need: EICAR's test file and our own test sample (``SAMPLE_MARKER`` anywhere in a file,
inside a DOCX too, since clamd unpacks it).
"""

import contextlib
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "clamd.sh"

# EICAR's anti-virus test file, put together here so that no file of the repository is one.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# etc/clamav/gongwen.ndb's signature «Gongwen.Test.ArchiveSample»: these bytes anywhere.
SAMPLE_MARKER = b"GONGWEN-ARCHIVE-" + b"TEST-MALWARE-SAMPLE-2026"


def clamd(command, directory):
    """Run ``scripts/clamd.sh command directory`` (without the official databases)."""
    env = dict(os.environ, GONGWEN_CLAMAV_OFFICIAL_DB=str(Path(directory) / "no-official"))
    return subprocess.run(
        [SCRIPT, command, str(directory)], env=env, check=True, capture_output=True, text=True
    )


@contextlib.contextmanager
def running_clamd(directory):
    """clamd with its state in ``directory`` while the block runs; yields its socket path."""
    clamd("start", directory)
    try:
        yield str(Path(directory) / "clamd.sock")
    finally:
        clamd("stop", directory)
