"""R-RUN1: a worker's filed slip does not collide with the user's next action on the document.

Two connections to the served site's database, as the worker's request and
the user's request would have: the worker claims the slip's render job and
files its PDF (its own record in the site's BTree, PDF on the file item)
while the user records another opinion on the document (the request's record
only); both commit, with no ZODB ConflictError.
"""

import transaction
from Testing.makerequest import makerequest
from zope.component.hooks import getSite
from zope.component.hooks import setSite

from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.kept_slips import current_slip
from collective.gongwen.typeset.render_jobs import waiting_job
from collective.gongwen.typeset.rendered import file_rendered
from collective.gongwen.typeset.rendered import render_input
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.renders import render_round_trip


def test_r_run1_the_filed_slip_and_the_next_opinion_both_commit(functional_portal):
    portal = functional_portal
    document = draft(portal, "downward")
    for user, action, opinion, _after in DOWNWARD_PATH[:2]:
        do(document, user, action, opinion)
    assert render_round_trip(portal, document, SLIP)[0] == 200  # the kept file exists
    do(document, "cy_office_deputy", "approve", "请李局长签发。")
    job = waiting_job(document, SLIP)
    data, _name = current_slip(document)  # what the worker renders in its own process
    transaction.commit()
    path = document.getPhysicalPath()

    # The worker's request, in a connection of its own.
    worker_tm = transaction.TransactionManager()
    connection = portal._p_jar.db().open(transaction_manager=worker_tm)
    site = getSite()
    try:
        app = makerequest(connection.root()["Application"])
        worker_portal = app.unrestrictedTraverse(portal.getPhysicalPath())
        setSite(worker_portal)
        worker_document = worker_portal.unrestrictedTraverse(path)
        assert render_input(worker_document, SLIP, job) is not None
        item = file_rendered(worker_document, SLIP, job, data)
        assert item and item.getId() == "slip"
    finally:
        setSite(site)

    # Meanwhile the user's next action on the document, committed first.
    do(document, "cy_leader2", "sign", "同意印发。")
    transaction.commit()
    worker_tm.commit()  # no ConflictError: nothing the worker wrote is the document
    connection.close()

    transaction.begin()
    assert document["slip"].file.data == data
    assert waiting_job(document, SLIP) is not None  # the 签发 asked for its own refresh
