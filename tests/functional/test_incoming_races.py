"""R-I1 and R-I3 under concurrency: the same 收文 registered twice at once, and two
leaders' 阅批 at once when only one of them holds the step.

The threads act like requests on their own connections
(``tests/support/races.py``).
"""

import transaction
from plone import api

from collective.gongwen.incoming import rules
from collective.gongwen.incoming.actions import act_incoming
from collective.gongwen.incoming.registration import registration_key
from tests.support.incoming import at_leader_reading
from tests.support.incoming import register_incoming
from tests.support.races import race

SOURCE_NUMBER = "新河〔2026〕88号"


def test_r_i1_two_secretaries_registering_the_same_delivery_make_one_entry(functional):
    def register(portal):
        return register_incoming(
            portal, secretary=api.user.get_current().getId(), source_number=SOURCE_NUMBER
        ).receipt_number

    outcome = race(functional, [("cy_secretary1", register), ("cy_secretary2", register)])
    assert len(outcome["done"]) == 1 and len(outcome["refused"]) == 1, outcome
    winner, number = outcome["done"][0]
    loser, error = outcome["refused"][0]
    assert outcome["conflicts"] == [loser]
    assert number in str(error)  # names the entry already registered

    transaction.abort()
    catalog = api.portal.get_tool("portal_catalog")
    entries = catalog.unrestrictedSearchResults(
        portal_type="gongwen_incoming", source_key=registration_key("新乡河务局", SOURCE_NUMBER)
    )
    assert [b.receipt_number for b in entries] == [number]


def test_r_i3_a_leader_out_of_turn_racing_the_current_one_is_refused(functional):
    portal = functional["portal"]
    document = at_leader_reading(
        portal, leaders=["cy_leader1", "cy_leader2"], source_number="新河〔2026〕89号"
    )
    transaction.commit()
    path = "/".join(document.getPhysicalPath()[2:])

    def read(portal):
        return act_incoming(portal.unrestrictedTraverse(path), rules.READ, "已阅。")

    outcome = race(functional, [("cy_leader1", read), ("cy_leader2", read)])
    assert [user for user, _ in outcome["done"]] == ["cy_leader1"], outcome
    assert [user for user, _ in outcome["refused"]] == ["cy_leader2"]
    transaction.abort()
    document = portal.unrestrictedTraverse(path)
    assert document.assignees == ("cy_leader2",)
    assert document.read_by == ("cy_leader1",)
