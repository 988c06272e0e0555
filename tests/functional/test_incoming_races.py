"""R-I1 and R-I3 under concurrency: the same 收文 registered twice at once, and two
leaders' 阅批 at once when only one of them holds the step.

Worker threads each open their own connection to the functional layer's
database, act as one person and commit like a request; on ConflictError
they abort and redo the whole request as Zope's publisher does.
"""

import threading

import transaction
from plone import api
from plone.app.testing import login
from plone.testing.zope import addRequestContainer
from zExceptions import BadRequest
from ZODB.POSException import ConflictError
from zope.component.hooks import setSite

from collective.gongwen.incoming import rules
from collective.gongwen.incoming.actions import act_incoming
from tests.support.incoming import department_uid
from tests.support.incoming import do_incoming
from tests.support.incoming import register_incoming

SOURCE_NUMBER = "新河〔2026〕88号"


def as_request(db, user, work, outcome, lock, barrier):
    """Run ``work(portal)`` as ``user`` like a request: commit, retry on conflict.

    Both threads do their work before either commits (``barrier``), so they
    really collide. ``work`` raising BadRequest or a RoutingError is a refusal.
    """
    manager = transaction.manager
    connection = db.open()
    first_attempt = True
    try:
        while True:
            manager.begin()
            try:
                app = addRequestContainer(connection.root()["Application"])
                portal = app.plone
                setSite(portal)
                login(portal, user)
                try:
                    result = work(portal)
                except (BadRequest, rules.RoutingError) as error:
                    manager.abort()
                    with lock:
                        outcome["refused"].append((user, error))
                    return
                finally:
                    if first_attempt:
                        first_attempt = False
                        barrier.wait(timeout=30)
                manager.commit()
                with lock:
                    outcome["done"].append((user, result))
                return
            except ConflictError:
                manager.abort()
                with lock:
                    outcome["conflicts"].append(user)
    finally:
        manager.abort()
        setSite(None)
        connection.close()


def race(functional, jobs):
    """Run ``jobs`` ([(user, work)]) at once; return the outcome."""
    outcome = {"done": [], "refused": [], "conflicts": []}
    lock = threading.Lock()
    barrier = threading.Barrier(len(jobs))
    threads = [
        threading.Thread(
            target=as_request, args=(functional["zodbDB"], user, work, outcome, lock, barrier)
        )
        for user, work in jobs
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcome


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
        portal_type="gongwen_incoming", source_key=f"新乡河务局|{SOURCE_NUMBER}"
    )
    assert [b.receipt_number for b in entries] == [number]


def test_r_i3_a_leader_out_of_turn_racing_the_current_one_is_refused(functional):
    portal = functional["portal"]
    document = register_incoming(portal, source_number="新河〔2026〕89号")
    do_incoming(document, "cy_secretary1", "send_to_propose")
    do_incoming(
        document,
        "cy_office_head",
        "propose",
        "请阅。",
        leaders=["cy_leader1", "cy_leader2"],
        departments=[department_uid(portal, "engineering")],
    )
    do_incoming(document, "cy_secretary1", "send_to_leaders")
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
