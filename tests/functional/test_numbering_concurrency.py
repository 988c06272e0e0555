"""R-O8 on the real site: concurrent requests numbering documents of one unit.

Worker threads each open their own connection to the functional layer's
database (a DemoStorage of this test over the layer's), find the demo unit
长垣河务局 and call ``numbering.issue_number`` on their own documents as a
logged-in user, committing like a request and retrying on ConflictError as
Zope's publisher does. The series lives in the unit's annotations and the
number is indexed in the catalog, both in the same transaction.
"""

import threading
import time

import transaction
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from plone.testing.zope import addRequestContainer
from plone.testing.zope import login
from ZODB.POSException import ConflictError
from zope.component.hooks import setSite

from collective.gongwen import numbering
from collective.gongwen.numbering.rules import numbering_year
from collective.gongwen.numbering.rules import parse_issue_number

WORKERS = 4
PER_WORKER = 8


def number_documents(db, paths, outcome, lock, start_line, abort_first=False):
    # The thread's own default transaction manager, as a Zope request thread
    # has: Plone's indexing queue joins that one.
    manager = transaction.manager
    connection = db.open()
    try:
        start_line.wait()
        for index, path in enumerate(paths):
            while True:
                manager.begin()
                try:
                    app = addRequestContainer(connection.root()["Application"])
                    portal = app.plone
                    setSite(portal)
                    login(app["acl_users"], SITE_OWNER_NAME)
                    number = numbering.issue_number(portal.unrestrictedTraverse(path))
                    time.sleep(0.002)  # a request does more work before it commits
                    if abort_first and index == 0:
                        manager.abort()  # this request fails after numbering
                        with lock:
                            outcome["aborted"].append(number)
                        abort_first = False
                        continue
                    manager.commit()
                    with lock:
                        outcome["numbers"].append(number)
                    break
                except ConflictError:
                    manager.abort()
                    with lock:
                        outcome["conflicts"] += 1
    finally:
        setSite(None)
        connection.close()


def test_r_o8_concurrent_requests_number_a_units_documents_gaplessly(functional):
    portal = functional["portal"]
    setRoles(portal, TEST_USER_ID, ["Manager"])
    folder = portal.changyuan["outgoing"]
    paths = []
    with api.env.adopt_roles(["Manager"]):
        for i in range(WORKERS * PER_WORKER):
            document = api.content.create(
                container=folder, type="gongwen_outgoing", title=f"并发编号测试{i}"
            )
            paths.append("/".join(document.getPhysicalPath()[2:]))
    transaction.commit()

    outcome = {"numbers": [], "aborted": [], "conflicts": 0}
    lock = threading.Lock()
    start_line = threading.Barrier(WORKERS)
    threads = [
        threading.Thread(
            target=number_documents,
            args=(
                functional["zodbDB"],
                paths[w * PER_WORKER : (w + 1) * PER_WORKER],
                outcome,
                lock,
                start_line,
                w == 0,
            ),
        )
        for w in range(WORKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    total = WORKERS * PER_WORKER
    sequences = sorted(parse_issue_number(number)[2] for number in outcome["numbers"])
    assert sequences == list(range(1, total + 1))  # unique and gapless
    assert outcome["aborted"]  # an aborted request took a number and gave it back
    assert outcome["conflicts"] > 0  # the requests really collided

    transaction.abort()  # see what the workers committed
    year = numbering_year()
    record = numbering.series_record(portal.changyuan, "issue", year)
    assert record["last"] == total
    catalog = api.portal.get_tool("portal_catalog")
    numbered = {
        brain.issue_number
        for brain in catalog.unrestrictedSearchResults(
            portal_type="gongwen_outgoing", path="/".join(folder.getPhysicalPath())
        )
    }
    assert numbered == {f"长河〔{year}〕{n}号" for n in range(1, total + 1)}
