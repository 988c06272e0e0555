"""What ``make start`` builds, end to end: a FileStorage instance serving the themed Chinese site.

Runs the same pieces as the Makefile (scripts/make_instance.py, zconsole with
scripts/create_site.py, runwsgi) on a temporary var/ and a free loopback port.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support.network import free_port

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*command, env=None):
    """Run a set-up command; fail the test with its output if it fails."""
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """Instance in a temp var/, site created, runwsgi serving; yields the site URL."""
    var = tmp_path_factory.mktemp("var")
    port = free_port()
    run(str(BIN / "python"), "scripts/make_instance.py", "--var", str(var), "--port", str(port))
    zope_conf = var / "instance" / "etc" / "zope.conf"
    env = dict(os.environ, GONGWEN_ADMIN="admin:secret", GONGWEN_DEMO="1")
    created = run(str(BIN / "zconsole"), "run", str(zope_conf), "scripts/create_site.py", env=env)
    assert "Plone site 'Plone' created" in created
    again = run(str(BIN / "zconsole"), "run", str(zope_conf), "scripts/create_site.py", env=env)
    assert "Plone site 'Plone' exists" in again
    server = subprocess.Popen(
        [str(BIN / "runwsgi"), str(var / "instance" / "etc" / "zope.ini")],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/Plone"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(url, timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        yield {"url": url, "var": var}
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_data_lives_in_filestorage_and_blobstorage(served_site):
    var = served_site["var"]
    assert (var / "filestorage" / "Data.fs").stat().st_size > 0
    assert (var / "blobstorage").is_dir()


def test_front_page_is_chinese_and_themed_on_loopback(served_site):
    response = requests.get(served_site["url"], timeout=30)
    assert response.status_code == 200
    assert 'lang="zh-cn"' in response.text
    assert "<title>电子公文</title>" in response.text
    # Barceloneta's stylesheet: the theme applies on 127.0.0.1 too.
    assert "++theme++barceloneta" in response.text


def test_addon_and_viewer_assets_are_served(served_site):
    url = served_site["url"]
    for path in (
        "++plone++collective.gongwen.viewer/documentviewer.js",
        "++resource++dv.resources/assets/viewer.js",
    ):
        assert requests.get(f"{url}/{path}", timeout=30).status_code == 200, path


def test_admin_reaches_the_control_panel(served_site):
    url = f"{served_site['url']}/@@overview-controlpanel"
    response = requests.get(url, auth=("admin", "secret"), timeout=30, allow_redirects=False)
    assert response.status_code == 200
    assert 'name="__ac_password"' not in response.text
    assert "@@global-documentviewer-settings" in response.text
