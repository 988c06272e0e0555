"""R-RUN1 for real: 登记编号 answers without rendering; a worker typesets the 正式文件 after.

The request that numbers the document only queues the render job (its
after-commit hook hands it to the queue); a real ``gongwen-worker`` claims
it over HTTP, renders in its own process and files the 正式文件, which the
document page then lists instead of 「正式文件正在排版…」.
"""

import time

import pytest
import requests
import transaction
from plone import api

from collective.gongwen.routing.actions import act
from collective.gongwen.typeset.child import OFFICIAL
from collective.gongwen.typeset.render_jobs import is_rendering
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.rest import demo
from tests.support.rest import url_of
from tests.support.waiting import wait_for

pytestmark = pytest.mark.slow


def test_r_run1_numbering_queues_the_official_pdf_and_a_worker_files_it(
    functional_portal, portal_url, conversion_worker
):
    document = draft(functional_portal, "downward")
    for user, action, opinion, after in DOWNWARD_PATH:
        if after == "secretary_check":
            started = time.monotonic()
            with api.env.adopt_user(username=user):
                act(document, action, opinion)  # 登记编号, the worker left to typeset
            numbering = time.monotonic() - started
            break
        do(document, user, action, opinion)
    assert document.issue_number and "official" not in document.objectIds()
    assert is_rendering(document, OFFICIAL)
    assert numbering < 1.0, numbering  # nothing rendered in the step
    transaction.commit()

    assert wait_for(lambda: "official" in document.objectIds(), timeout=120)
    assert wait_for(lambda: not is_rendering(document, OFFICIAL), timeout=30)
    official = document["official"]
    assert official.file.data.startswith(b"%PDF")
    assert official.file.filename == f"{document.issue_number}{document.Title()}.pdf"
    page = requests.get(url_of(portal_url, document), auth=demo("cy_print"), timeout=60)
    assert page.status_code == 200
    assert "正式文件正在排版" not in page.text and official.file.filename[:-4] in page.text
