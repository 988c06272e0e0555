"""A site on RelStorage/PostgreSQL whose PostgreSQL a test stops and starts (issue 21 item 7):
scripts/postgres.sh on a directory of ours, scripts/make_instance.py --storage relstorage with
the audit store in PostgreSQL too, scripts/create_site.py (the demo organisation, no documents),
runwsgi. Everything is stopped and removed afterwards, even on failure."""

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

from tests.support import instance
from tests.support.network import free_port
from tests.support.postgres import SCRIPT
from tests.support.postgres import dsn_of

BIN = Path(sys.executable).parent


class Postgres:
    """scripts/postgres.sh on a directory of ours: ``run("stop")``, ``run("start")``."""

    def __init__(self):
        # Not under pytest's tmp_path: as root the server runs as postgres, which must enter it.
        self.directory = tempfile.mkdtemp(prefix="gongwen-pg-faults-")
        self.port = free_port()
        self.env = dict(os.environ, GONGWEN_PG_DATABASES="gongwen gongwen_audit")

    def run(self, command):
        result = subprocess.run(
            [SCRIPT, command, self.directory, str(self.port)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def remove(self):
        subprocess.run(
            [SCRIPT, "stop", self.directory, str(self.port)], env=self.env, capture_output=True
        )
        shutil.rmtree(self.directory, ignore_errors=True)


@contextlib.contextmanager
def relstorage_site(var):
    """The served site in ``var``: ``{"url", "root", "postgres"}`` (``root``: the application
    root, where ``@@gongwen-health`` answers)."""
    postgres = Postgres()
    process = None
    try:
        postgres.run("start")
        setup = instance.run(
            str(BIN / "gongwen-audit"),
            "setup-postgres",
            f"postgresql://gongwen@127.0.0.1:{postgres.port}/gongwen_audit",
        )
        audit_url = setup.strip().splitlines()[-1]
        port = free_port()
        instance.run(
            str(BIN / "python"),
            "scripts/make_instance.py",
            *("--var", str(var), "--port", str(port), "--name", "instance"),
            *("--storage", "relstorage", "--dsn", dsn_of(postgres.port, "gongwen")),
            *("--audit-db", audit_url),
        )
        instance.create_site(var / "instance" / "etc" / "zope.conf")
        process, url = instance.start(var, port)
        yield {"url": url, "root": f"http://127.0.0.1:{port}", "postgres": postgres}
    finally:
        if process is not None:
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=60)
            if process.poll() is None:
                process.kill()
                process.wait()
        postgres.remove()


def healthy(root):
    """True when the instance's ``@@gongwen-health`` answers 200."""
    with contextlib.suppress(requests.RequestException):
        return requests.get(f"{root}/@@gongwen-health", timeout=30).status_code == 200
    return False
