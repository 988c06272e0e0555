"""A private PostgreSQL for tests (scripts/postgres.sh, Debian's server): a fresh cluster
in a temporary directory on a free 127.0.0.1 port, stopped and removed afterwards.

The directory is made directly under the system's temporary directory, not under pytest's
``tmp_path`` (``/tmp/pytest-of-root`` is closed to others): as root the server runs as
``postgres``, which must be able to enter it.
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.network import free_port

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "postgres.sh"
# The directory of each server this process started, by port (``create_database``).
_DIRECTORIES = {}


def dsn_of(port, dbname):
    """A libpq DSN for ``dbname`` on the private server (as RelStorage's ``dsn`` takes it)."""
    return f"host=127.0.0.1 port={port} user=gongwen dbname={dbname}"


@contextlib.contextmanager
def running_postgres(databases=("gongwen", "gongwen_audit")):
    """Start PostgreSQL with ``databases`` created; yields its port (see :func:`dsn_of`)."""
    directory = tempfile.mkdtemp(prefix="gongwen-pg-")
    port = free_port()
    _DIRECTORIES[port] = directory
    env = dict(os.environ, GONGWEN_PG_DATABASES=" ".join(databases))
    try:
        subprocess.run(
            [SCRIPT, "start", directory, str(port)],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
        yield port
    finally:
        subprocess.run([SCRIPT, "stop", directory, str(port)], env=env, capture_output=True)
        shutil.rmtree(directory, ignore_errors=True)
        _DIRECTORIES.pop(port, None)


def create_database(port, name):
    """An empty database ``name`` (dropped first if it exists); its DSN."""
    subprocess.run(
        [SCRIPT, "recreate", _DIRECTORIES[port], str(port), name], check=True, capture_output=True
    )
    return dsn_of(port, name)
