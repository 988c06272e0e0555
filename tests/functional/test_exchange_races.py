"""R-X2 under concurrency: a recall and the recipient's first open arrive at the same moment.

Two threads act like requests on their own connections (``tests/support/races.py``):
the sender's secretary recalls the delivery while the recipient's secretary
opens it. Exactly one outcome: either it was recalled (and the open is
refused, the document back at 审核发送) or it was opened (and the recall is
refused and audited).
"""

import transaction
from plone import api

from collective.gongwen.exchange import actions
from collective.gongwen.exchange import deliveries
from collective.gongwen.exchange import rules
from tests.integration.test_exchange_deliveries import sent_request
from tests.support.races import race


def test_r_x2_recall_and_open_at_once_leave_exactly_one_outcome(functional):
    portal = functional["portal"]
    for _round in range(3):
        document = sent_request(portal)
        (record,) = deliveries.deliveries(document)
        transaction.commit()
        path = "/".join(document.getPhysicalPath()[2:])

        def recall(portal, path=path, delivery_id=record["id"]):
            return actions.recall_delivery(portal.unrestrictedTraverse(path), delivery_id)

        def open_it(portal, path=path, delivery_id=record["id"]):
            return actions.open_delivery(portal.unrestrictedTraverse(path), delivery_id)

        outcome = race(functional, [("cy_secretary2", recall), ("xx_secretary", open_it)])
        assert len(outcome["done"]) == 1 and len(outcome["refused"]) == 1, outcome
        transaction.abort()  # see what the threads committed
        document = portal.unrestrictedTraverse(path)
        (record,) = deliveries.deliveries(document)
        winner = outcome["done"][0][0]
        loser, error = outcome["refused"][0]
        events = [entry["event"] for entry in record["trail"]]
        if winner == "cy_secretary2":
            assert record["state"] == rules.RECALLED
            assert error.code == "recalled"
            assert events == ["sent", "recalled"]
            assert api.content.get_state(obj=document) == "secretary_check"
        else:
            assert record["state"] == rules.OPENED
            assert error.code == "recall_opened"
            assert api.content.get_state(obj=document) == "sent"
            # (The harness aborts a refused request; the recall view commits
            # the refusal's audit entry, see test_exchange_deliveries.)
            assert events == ["sent", "opened"]
        assert outcome["conflicts"], "the requests did not collide"
