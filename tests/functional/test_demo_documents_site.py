"""``make start``'s site creation (scripts/create_site.py → setuphandlers/site.py) makes the
demo documents (SPEC §17, issue 18) on a real FileStorage instance, once; the served site
shows them to who may see them."""

import time

import pytest
import requests

from tests.support.instance import create_site
from tests.support.instance import make_instance
from tests.support.instance import serving
from tests.support.network import free_port
from tests.support.rest import demo

# Its own FileStorage instance: run once, not again in the RelStorage run.
pytestmark = [pytest.mark.slow, pytest.mark.filestorage]

SITE = {"GONGWEN_ADMIN": "admin:secret", "GONGWEN_DEMO": "1", "GONGWEN_DEMO_DOCUMENTS": "1"}
ADMIN = ("admin", "secret")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    port = free_port()
    zope_conf = make_instance(var, port)
    started = time.monotonic()
    assert "Plone site 'Plone' created" in create_site(zope_conf, **SITE)
    print(f"site with the demo documents created in {time.monotonic() - started:.0f} s")
    assert "Plone site 'Plone' exists" in create_site(zope_conf, **SITE)
    with serving(var, port) as url:
        yield url


def search(url, auth, **query):
    response = requests.get(
        f"{url}/@search",
        params=dict(query, b_size=200, metadata_fields="review_state"),
        headers={"Accept": "application/json"},
        auth=auth,
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_site_creation_makes_the_demo_documents_once(demo_site):
    sent = search(demo_site, ADMIN, portal_type="gongwen_outgoing", review_state="sent")
    assert len(sent) == 15  # 长河〔2026〕1…12号, 新河〔2026〕1…3号
    archived = search(demo_site, ADMIN, review_state="archived")
    assert len(archived) == 12  # 2015 and 2016, 长垣
    incoming = search(demo_site, ADMIN, portal_type="gongwen_incoming")
    assert len(incoming) == 10 + 3 + 3  # 长垣 2026, 新乡 2026 签收, 长垣 2015 (archived)


def test_a_numbered_document_is_served_to_its_drafter_not_to_another_unit(demo_site):
    url = f"{demo_site}/changyuan/outgoing/demo-2026-flood-duty"
    page = requests.get(url, auth=demo("cy_flood_staff"), timeout=60)
    assert page.status_code == 200
    assert "长河〔2026〕4号" in page.text
    refused = requests.get(url, auth=demo("xx_water_staff"), timeout=60, allow_redirects=False)
    assert refused.status_code in (302, 401, 403)
