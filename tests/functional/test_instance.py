"""What ``make start`` builds, end to end: a FileStorage instance serving the themed Chinese site.

Runs the same pieces as the Makefile (scripts/make_instance.py, zconsole with
scripts/create_site.py, runwsgi) on a temporary var/ and a free loopback port.
"""

import pytest
import requests

from tests.support.instance import create_site
from tests.support.instance import make_instance
from tests.support.instance import serving
from tests.support.network import free_port

# Its own FileStorage instance: run once, not again in the RelStorage run.
pytestmark = [pytest.mark.slow, pytest.mark.filestorage]

SITE = {"GONGWEN_ADMIN": "admin:secret", "GONGWEN_DEMO": "1"}


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """Instance in a temp var/, site created, runwsgi serving; yields the site URL."""
    var = tmp_path_factory.mktemp("var")
    port = free_port()
    zope_conf = make_instance(var, port)
    assert "Plone site 'Plone' created" in create_site(zope_conf, **SITE)
    assert "Plone site 'Plone' exists" in create_site(zope_conf, **SITE)
    with serving(var, port) as url:
        yield {"url": url, "var": var}


def test_data_lives_in_filestorage_and_blobstorage(served_site):
    var = served_site["var"]
    assert (var / "filestorage" / "Data.fs").stat().st_size > 0
    assert (var / "blobstorage").is_dir()


def test_front_page_is_chinese_and_themed_on_loopback(served_site):
    response = requests.get(served_site["url"], timeout=30)
    assert response.status_code == 200
    assert 'lang="zh-cn"' in response.text
    # The window title is the bureau's (门户设置; the first unit's name until one is set).
    assert "<title>新乡河务局 电子公文系统</title>" in response.text
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
