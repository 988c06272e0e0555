"""The built wheel ships the GenericSetup profiles and works without the checkout.

``profiles/`` is a top-level folder reached through the symlink
``src/collective/gongwen/profiles``; these tests prove that the wheel carries
the real files (not the link) and that a fresh venv with only the wheel
installed creates the demo site with collective.gongwen and
collective.documentviewer installed, the profiles read from site-packages.
"""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.network import free_port

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 15 * 60

SITE_SCRIPT = """\
import json
import os

import collective.gongwen
from Products.CMFPlone.utils import get_installer
from Products.GenericSetup.utils import _getProductPath

from collective.gongwen.setuphandlers.site import run

site = run(app, "admin", "secret", site_id="Plone", demo=True)
info = site.portal_setup.getProfileInfo("collective.gongwen:default")
path = info["path"]
if info.get("product"):
    path = os.path.join(_getProductPath(info["product"]), path)
installer = get_installer(site)
print(json.dumps({
    "package_file": collective.gongwen.__file__,
    "profile_path": path,
    "gongwen": installer.is_product_installed("collective.gongwen"),
    "documentviewer": installer.is_product_installed("collective.documentviewer"),
}))
"""


def run(cmd, cwd, **extra_env):
    """Run ``cmd`` in ``cwd`` (no PYTHONPATH/VIRTUAL_ENV); fail showing its output."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(extra_env)
    result = subprocess.run(
        [str(part) for part in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    if result.returncode:
        pytest.fail(
            f"{' '.join(map(str, cmd))} exited {result.returncode}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}",
            pytrace=False,
        )
    return result.stdout


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """Build the wheel once; setuptools' build/ goes to a temp dir, not the checkout."""
    out = tmp_path_factory.mktemp("wheel")
    extra_cfg = out / "build.cfg"
    extra_cfg.write_text(f"[build]\nbuild_base = {out / 'build'}\n")
    cmd = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out]
    run(cmd, cwd=REPO, DIST_EXTRA_CONFIG=str(extra_cfg))
    (path,) = out.glob("*.whl")
    return path


def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    profiles = {
        f"collective/gongwen/profiles/{p.relative_to(REPO / 'profiles').as_posix()}"
        for p in (REPO / "profiles").rglob("*")
        if p.is_file()
    }
    assert profiles <= names, sorted(profiles - names)
    assert {
        "collective/gongwen/profiles/default/metadata.xml",
        "collective/gongwen/profiles/uninstall/registry.xml",
        "collective/gongwen/profiles/demo/metadata.xml",
        "collective/gongwen/configure.zcml",
        "collective/gongwen/viewer/static/documentviewer.js",
        # configure.zcml registers locales/; a wheel has no empty folders
        "collective/gongwen/locales/zh_CN/LC_MESSAGES/collective.gongwen.po",
    } <= names
    assert "collective/__init__.py" not in names


@pytest.mark.slow
def test_wheel_installs_and_creates_site(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(["python3.11", "-m", "venv", venv], cwd=tmp_path)
    run([venv / "bin/pip", "install", "-q", "-c", REPO / "constraints.txt", wheel], cwd=tmp_path)
    var = tmp_path / "var"
    make_instance = [REPO / "scripts/make_instance.py", "--var", var, "--port", free_port()]
    run([venv / "bin/python", *make_instance], cwd=tmp_path)
    script = tmp_path / "check_site.py"
    script.write_text(SITE_SCRIPT)
    zconsole = [venv / "bin/zconsole", "run", var / "instance/etc/zope.conf", script]
    output = run(zconsole, cwd=tmp_path)
    facts = json.loads(output.strip().splitlines()[-1])

    (site_packages,) = (venv / "lib").glob("python3*/site-packages")
    site_packages = site_packages.resolve()
    assert Path(facts["package_file"]).resolve().is_relative_to(site_packages), facts
    profile = Path(facts["profile_path"]).resolve()
    assert profile.is_relative_to(site_packages), facts
    assert (profile / "metadata.xml").is_file(), facts
    assert facts["gongwen"] and facts["documentviewer"], facts
