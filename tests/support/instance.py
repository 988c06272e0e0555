"""A real instance as ``make start`` builds it, on a temporary var/ and a free loopback port:
scripts/make_instance.py, zconsole with scripts/create_site.py, runwsgi."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*command, env=None, timeout=600):
    """Run a set-up command; fail the test with its output if it fails. Its output."""
    result = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def make_instance(var, port, name="instance", **options):
    """scripts/make_instance.py: an instance in ``var`` to serve on ``port``; its zope.conf.

    ``make start``'s unless ``options`` say otherwise, as the script's flags: ``storage``
    ("relstorage" with a ``dsn``), ``queue_url``, ``audit_db``, ``cache_size``; ``name`` is the
    instance's folder in ``var`` (the cluster's instance1 …)."""
    flags = [f"--{key.replace('_', '-')}={value}" for key, value in options.items()]
    run(
        str(BIN / "python"),
        "scripts/make_instance.py",
        "--var",
        str(var),
        "--port",
        str(port),
        f"--name={name}",
        *flags,
    )
    return var / name / "etc" / "zope.conf"


def zconsole(zope_conf, script, env):
    """``zconsole run`` of ``script`` on the instance of ``zope_conf``; what it prints."""
    return run(str(BIN / "zconsole"), "run", str(zope_conf), str(script), env=env)


def create_site(zope_conf, **environment):
    """scripts/create_site.py on the instance, ``environment`` added to ours; what it prints.

    The demo organisation without its documents (minutes of work) unless
    ``GONGWEN_DEMO_DOCUMENTS="1"`` is given.
    """
    environment = {"GONGWEN_DEMO_DOCUMENTS": "0", **environment}
    return zconsole(zope_conf, "scripts/create_site.py", dict(os.environ, **environment))


def start(var, port, **environment):
    """runwsgi on the instance in ``var`` (``environment`` added to ours), waited for until its
    site answers; the process and the site's URL. The caller stops it (or kills it: the
    fault tests)."""
    url = f"http://127.0.0.1:{port}/Plone"
    process = subprocess.Popen(
        [str(BIN / "runwsgi"), str(var / "instance" / "etc" / "zope.ini")],
        cwd=REPO,
        env=dict(os.environ, **environment),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(url, timeout=30).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not up, or a cold first page
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the site at {url} did not come up")
            time.sleep(0.3)
    except BaseException:
        process.kill()
        process.wait(timeout=60)
        raise
    return process, url


@contextmanager
def serving(var, port, **environment):
    """runwsgi on the instance in ``var`` (``environment`` added to ours) until its site answers;
    the site's URL. Stopped on exit."""
    process, url = start(var, port, **environment)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)
