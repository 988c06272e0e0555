"""Issue 21 (cost per document): walking a 发文 to its recipient, who signs for it, and
uploading a 附件 log no error. Each document used to leave an ERROR 「uncatalogObject
unsuccessfully attempted」: plone.api added it under a random id and renamed it, and the
rename unindexed a path that was never indexed. The error log must hold only errors."""

import logging

from plone import api
from zope.interface import alsoProvides

from collective.gongwen.exchange import actions
from collective.gongwen.exchange import deliveries
from collective.gongwen.interfaces import IGongwenLayer
from tests.integration.test_routing_outgoing import UPWARD_PATH
from tests.integration.test_upload_types import file_upload_view
from tests.support.bad_files import pdf_bytes
from tests.support.outgoing import draft_outgoing
from tests.support.outgoing import walk_until


class Errors(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(f"{record.name}: {record.getMessage()}")


def test_issue21_a_walked_signed_document_logs_no_error(portal):
    alsoProvides(portal.REQUEST, IGongwenLayer)
    errors = Errors()
    logging.getLogger().addHandler(errors)
    try:
        document = draft_outgoing(
            portal,
            "upward",
            title="关于堤防维修经费的请示",
            doc_kind="request",
            main_recipients=["新乡河务局"],
            attachment_note=["维修预算"],
        )
        with api.env.adopt_user(username="cy_eng_staff"):
            status, answer = file_upload_view(document, pdf_bytes(), "维修预算.pdf")
        assert status == 200, answer
        walk_until(document, UPWARD_PATH, "sent")
        (record,) = deliveries.deliveries(document)
        with api.env.adopt_user(username="xx_secretary"):
            actions.open_delivery(document, record["id"])
            incoming = actions.sign_delivery(document, record["id"], portal["xinxiang"])
    finally:
        logging.getLogger().removeHandler(errors)
    assert incoming.getId() in portal["xinxiang"]["incoming"]
    assert [m for m in errors.messages if "uncatalog" in m] == []
