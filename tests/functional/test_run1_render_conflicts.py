"""R-RUN1: a worker's filed slip or 正式文件 does not collide with the user's next action on
the document.

Two connections to the served site's database, as the worker's request and
the user's request would have: the worker claims the render job and files its
PDF (its own record in the site's BTree, the PDF on the file item, added the
first time) while the user records another opinion on the document (the
request's record only); both commit, with no ZODB ConflictError. The worker
never writes the document itself: not its record, its modification date nor its
catalog entry (``content.files.add_file(document_modified=False)``).
"""

import contextlib

import transaction
from plone import api
from Testing.makerequest import makerequest
from zope.component.hooks import getSite
from zope.component.hooks import setSite

from collective.gongwen.routing.actions import act
from collective.gongwen.typeset.child import OFFICIAL
from collective.gongwen.typeset.child import SLIP
from collective.gongwen.typeset.kept_slips import current_slip
from collective.gongwen.typeset.render_jobs import waiting_job
from collective.gongwen.typeset.rendered import file_rendered
from collective.gongwen.typeset.rendered import render_input
from tests.integration.test_routing_outgoing import DOWNWARD_PATH
from tests.integration.test_routing_outgoing import do
from tests.integration.test_routing_outgoing import draft
from tests.support.renders import render_round_trip


@contextlib.contextmanager
def worker_connection(portal):
    """``(transaction manager, connection)`` of the worker's own connection to the database."""
    worker_tm = transaction.TransactionManager()
    connection = portal._p_jar.db().open(transaction_manager=worker_tm)
    try:
        yield worker_tm, connection
    finally:
        worker_tm.abort()  # nothing left if committed; a failed test's work thrown away
        connection.close()


def worker_files(connection, document, kind, job, data):
    """Claim job ``job`` of ``kind`` and file ``data`` as the worker does, in ``connection``;
    the document as the worker sees it."""
    site = getSite()
    try:
        app = makerequest(connection.root()["Application"])
        worker_portal = app.unrestrictedTraverse(site.getPhysicalPath())
        setSite(worker_portal)
        worker_document = worker_portal.unrestrictedTraverse(document.getPhysicalPath())
        assert render_input(worker_document, kind, job) is not None
        item = file_rendered(worker_document, kind, job, data)
        assert item and item.getId() == kind
        return worker_document
    finally:
        setSite(site)


def catalogued_modified(document):
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(UID=document.UID())[0].modified


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

    with worker_connection(portal) as (worker_tm, connection):
        worker_files(connection, document, SLIP, job, data)
        # Meanwhile the user's next action on the document, committed first.
        do(document, "cy_leader2", "sign", "同意印发。")
        transaction.commit()
        worker_tm.commit()  # no ConflictError: nothing the worker wrote is the document

    transaction.begin()
    assert document["slip"].file.data == data
    assert waiting_job(document, SLIP) is not None  # the 签发 asked for its own refresh


def test_r_run1_the_first_filed_slip_and_the_next_opinion_both_commit(functional_portal):
    portal = functional_portal
    document = draft(portal, "downward")
    for user, action, opinion, _after in DOWNWARD_PATH[:2]:
        do(document, user, action, opinion)
    assert "slip" not in document  # no slip kept yet: the worker adds the file item
    job = waiting_job(document, SLIP)
    data, _name = current_slip(document)
    transaction.commit()
    modified, catalogued = document.modified(), catalogued_modified(document)

    with worker_connection(portal) as (worker_tm, connection):
        worker_document = worker_files(connection, document, SLIP, job, data)
        assert not worker_document._p_changed  # the document's own record is not written
        do(document, "cy_office_deputy", "approve", "请李局长签发。")
        transaction.commit()
        worker_tm.commit()  # no ConflictError

    transaction.begin()
    assert document["slip"].file.data == data
    assert (document.modified(), catalogued_modified(document)) == (modified, catalogued)


def test_r_run1_the_first_filed_official_leaves_the_document_as_it_was(functional_portal):
    portal = functional_portal
    document = draft(portal, "downward")
    for user, action, opinion, _after in DOWNWARD_PATH[:4]:
        do(document, user, action, opinion)
    with api.env.adopt_user(username="cy_print"):
        act(document, "number")  # the worker has not typeset the 正式文件 yet
    assert OFFICIAL not in document
    job = waiting_job(document, OFFICIAL)
    data, _name = current_slip(document)  # any PDF: the filing is what is looked at
    transaction.commit()
    modified, catalogued = document.modified(), catalogued_modified(document)

    with worker_connection(portal) as (worker_tm, connection):
        worker_document = worker_files(connection, document, OFFICIAL, job, data)
        assert not worker_document._p_changed
        worker_tm.commit()

    transaction.begin()
    assert document[OFFICIAL].file.data == data
    assert (document.modified(), catalogued_modified(document)) == (modified, catalogued)
