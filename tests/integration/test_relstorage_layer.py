"""Issue 21 item 2: with ``GONGWEN_TEST_STORAGE=relstorage`` the layers' storage is RelStorage
on PostgreSQL: every stacked DemoStorage keeps its changes there, and a functional test's
commit (an object, a blob) is rows in its database. Skipped on the default storage."""

import psycopg2
import pytest
import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile
from relstorage.storage import RelStorage

from collective.gongwen import testing

pytestmark = pytest.mark.skipif(
    testing.test_storage() != "relstorage", reason="GONGWEN_TEST_STORAGE is not relstorage"
)


def stack_of(db):
    """The DemoStorages from ``db``'s down to the bottom of the stack."""
    storage = db.storage
    while storage is not None and hasattr(storage, "changes"):
        yield storage
        storage = storage.base


def counts(changes):
    connection = psycopg2.connect(changes.dsn)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM object_state")
            objects = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM blob_chunk")
            return objects, cursor.fetchone()[0]
    finally:
        connection.close()


def test_cluster_layers_portal_lives_on_relstorage(portal):
    stack = list(stack_of(portal._p_jar.db()))
    assert len(stack) >= 4  # Startup, Plone, contenttypes, ours
    assert all(isinstance(layer.changes.storage, RelStorage) for layer in stack)
    # history-preserving, as the cluster's
    assert all(layer.changes.storage._options.keep_history for layer in stack)
    assert len({layer.changes.dsn for layer in stack}) == len(stack)
    # the site was committed by the layers into their databases, not kept in memory
    assert sum(counts(layer.changes)[0] for layer in stack) > 1000


def test_cluster_layers_a_commit_reaches_postgresql(functional_portal):
    changes = functional_portal._p_jar.db().storage.changes  # this test's own stack
    objects, blobs = counts(changes)
    with api.env.adopt_roles(["Manager"]):
        api.content.create(
            container=functional_portal,
            type="File",
            id="relstorage-probe",
            title="存储测试",
            file=NamedBlobFile(b"%PDF-1.4 probe", filename="probe.pdf"),
        )
    transaction.commit()
    after = counts(changes)
    assert after[0] > objects and after[1] == blobs + 1
    # another connection (another thread's view) reads it back, blob included
    manager = transaction.TransactionManager()
    connection = functional_portal._p_jar.db().open(manager)
    try:
        site = connection.root()["Application"]["plone"]
        assert site["relstorage-probe"].file.data == b"%PDF-1.4 probe"
    finally:
        manager.abort()
        connection.close()
