"""R-RUN1, R-X3 for real: the exchange package is built by a worker, then downloaded.

The secretary's first request for the package only queues the job and
answers with the 发文's page saying 「交换包正在生成，请稍后下载。」; a real
``gongwen-worker`` claims it over HTTP, streams the files, builds the ZIP in
its own process and files it; the same link then downloads the package
``build_package`` gives.
"""

import pytest
import requests
import transaction

from collective.gongwen.exchange.export import package_for
from collective.gongwen.exchange.package import read_package
from collective.gongwen.packaging.store import fresh_package
from collective.gongwen.typeset.child import OFFICIAL
from collective.gongwen.typeset.render_jobs import is_rendering
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.rest import demo
from tests.support.rest import url_of
from tests.support.waiting import wait_for

pytestmark = pytest.mark.slow


def test_r_run1_package_is_built_by_a_worker_and_downloaded(
    functional_portal, portal_url, conversion_worker
):
    document = draft(functional_portal, "downward")
    for user, action, opinion, after in DOWNWARD_PATH:
        do(document, user, action, opinion)
        if after == "secretary_check":
            break
    transaction.commit()
    assert wait_for(lambda: "official" in document.objectIds(), timeout=120)
    assert wait_for(lambda: not is_rendering(document, OFFICIAL), timeout=30)

    url = f"{url_of(portal_url, document)}/@@gongwen-exchange-package"
    asked = requests.get(url, auth=demo("cy_secretary1"), timeout=60)
    assert asked.status_code == 200 and asked.url.rstrip("/") == url_of(portal_url, document)
    assert "交换包正在生成，请稍后下载。" in asked.text

    assert wait_for(lambda: fresh_package(document) is not None, timeout=120)
    got = requests.get(url, auth=demo("cy_secretary1"), timeout=60)
    assert got.status_code == 200
    assert got.headers["Content-Type"] == "application/zip"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    expected, _name = package_for(document)
    assert read_package(got.content) == read_package(expected)
