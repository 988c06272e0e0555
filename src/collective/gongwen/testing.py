"""Test layers for collective.gongwen.

* ``GONGWEN_INTEGRATION_TESTING`` — a Simplified Chinese Plone site with the
  add-on (and so collective.documentviewer) installed; one transaction per
  test, rolled back.
* ``GONGWEN_FUNCTIONAL_TESTING`` — the same site served by a real WSGI server
  on 127.0.0.1; tests commit, the layer's DemoStorage is thrown away after.
  The Playwright fixtures in ``tests/browser`` drive Chromium against it,
  launched with ``CHROMIUM_LAUNCH_OPTIONS``.
* ``GONGWEN_DEMO_DOCUMENTS_TESTING`` / ``GONGWEN_DEMO_DOCUMENTS_FUNCTIONAL_TESTING`` — the
  same with the demo documents, in process / served (slow to set up).

The storage under the layers (issue 21): ``GONGWEN_TEST_STORAGE`` unset or ``demo`` gives
plone.testing's in-memory DemoStorages; ``relstorage`` gives every stacked DemoStorage a
RelStorage on PostgreSQL as its changes (history-preserving, its own database, zapped when
reused, a private blob cache), so each layer's and each functional test's commits, conflicts
and blobs really go through PostgreSQL. The server is ``GONGWEN_TEST_PG_DSN`` (a libpq DSN
of a role that may create databases; tests/conftest.py starts a private one when unset).
"""

import atexit
import contextlib
import os
import shutil
import tempfile
import threading

import transaction
from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import applyProfile
from plone.registry.interfaces import IRegistry
from plone.testing import zodb
from plone.testing import zope as zope_testing
from zope.component import getUtility

import collective.gongwen
from collective.gongwen.content import times

# Compile our .po files when the layer loads the ZCML, as zope.conf makes the
# instance do, so tests see the translations people see.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

# The audit store of this test run (R-U1): its own file under a new temporary directory,
# for every layer (the served one too: same process); instances a test starts set theirs.
_AUDIT_DIR = tempfile.mkdtemp(prefix="gongwen-test-audit-")
atexit.register(shutil.rmtree, _AUDIT_DIR, True)
os.environ["GONGWEN_AUDIT_DB"] = os.path.join(_AUDIT_DIR, "audit.db")

STORAGE_VARIABLE = "GONGWEN_TEST_STORAGE"
PG_DSN_VARIABLE = "GONGWEN_TEST_PG_DSN"
STORAGES = ("demo", "relstorage")


def test_storage(environ=os.environ):
    """The storage the layers stack on: ``demo`` (default) or ``relstorage``."""
    kind = environ.get(STORAGE_VARIABLE, "").strip().lower() or "demo"
    if kind not in STORAGES:
        raise ValueError(f"{STORAGE_VARIABLE}={kind!r}: expected one of {', '.join(STORAGES)}")
    return kind


def storage_stacker(environ=os.environ):
    """The function the layers make their databases with (``stackDemoStorage``'s signature)."""
    if test_storage(environ) == "demo":
        return _DEMO_STACKER
    return RelStorageStacker(lambda: environ.get(PG_DSN_VARIABLE, ""))


_DEMO_STACKER = zodb.stackDemoStorage


class _SharedRelStorage:
    """One RelStorage instance as the changes of a DemoStorage, which every thread of the
    layer's DB reads through (RelStorage expects one instance per thread): its calls are
    serialized, and after each commit or abort its view moves to the database's newest
    transaction, as a ZODB connection's would at its next transaction (one writer: this DB).
    DemoStorage reads ``_lock`` and ``tpc_transaction`` from its changes.

    DemoStorage asks its changes first for every object, down the whole stack: an object
    never committed here is answered POSKeyError without a query (this DB's only writer is
    this instance, its database zapped when taken), so only the layer holding it reads PG;
    and a read of the newest state (ZODB asks ``loadBefore`` a tid after this database's
    last) is a ``load``, which RelStorage answers from its cache."""

    _by_oid = ("load", "loadSerial", "getTid", "history")
    _locked = (
        "lastTransaction",
        "tpc_vote",
        "getSize",
        "new_oid",
        "temporaryDirectory",
        "pack",
        "iterator",
    )

    def __init__(self, storage, dsn, on_close):
        from zope.interface import directlyProvides
        from zope.interface import providedBy

        self.storage = storage
        self.dsn = dsn  # its database's, for tests that look at the tables
        self._lock = threading.RLock()
        self._transaction = None
        self._on_close = on_close
        # (oid, tid) of the blob revisions committed here: RelStorage fails an assertion
        # (not POSKeyError, which sends DemoStorage to its base) on a blob it lacks.
        self._blobs = set()
        self._pending_blobs = []
        self._oids = set()  # the objects committed here
        self._pending_oids = []
        self._last_tid = None
        directlyProvides(self, providedBy(storage))
        for name in self._locked:
            setattr(self, name, self._locking(getattr(storage, name)))
        for name in self._by_oid:
            setattr(self, name, self._here_only(getattr(storage, name)))

    def _locking(self, method):
        def locked(*args, **kwargs):
            with self._lock:
                return method(*args, **kwargs)

        return locked

    def _here_only(self, method):
        from ZODB.POSException import POSKeyError

        def here_only(oid, *args, **kwargs):
            if oid not in self._oids:
                raise POSKeyError(oid)
            with self._lock:
                return method(oid, *args, **kwargs)

        return here_only

    def loadBefore(self, oid, tid):
        from ZODB.POSException import POSKeyError

        if oid not in self._oids:
            raise POSKeyError(oid)
        with self._lock:
            if tid > self._last_tid:
                return (*self.storage.load(oid), None)
            return self.storage.loadBefore(oid, tid)

    def __getattr__(self, name):
        return getattr(self.storage, name)

    def __len__(self):
        with self._lock:
            return len(self.storage)

    def tpc_transaction(self):
        return self._transaction

    def store(self, oid, serial, data, version, transaction):
        with self._lock:
            self.storage.store(oid, serial, data, version, transaction)
            self._pending_oids.append(oid)

    def storeBlob(self, oid, oldserial, data, blobfilename, version, transaction):
        with self._lock:
            self.storage.storeBlob(oid, oldserial, data, blobfilename, version, transaction)
            self._pending_oids.append(oid)
            self._pending_blobs.append(oid)

    def loadBlob(self, oid, serial):
        with self._lock:
            self._has_blob(oid, serial)
            return self.storage.loadBlob(oid, serial)

    def openCommittedBlobFile(self, oid, serial, blob=None):
        with self._lock:
            self._has_blob(oid, serial)
            return self.storage.openCommittedBlobFile(oid, serial, blob)

    def _has_blob(self, oid, serial):
        from ZODB.POSException import POSKeyError

        if (oid, serial) not in self._blobs:
            raise POSKeyError(oid, serial)

    def tpc_begin(self, transaction, *args, **kwargs):
        with self._lock:
            self.storage.tpc_begin(transaction, *args, **kwargs)
            self._transaction = transaction

    def tpc_finish(self, transaction, func=lambda tid: None):
        with self._lock:
            try:
                tid = self.storage.tpc_finish(transaction, func)
                self._blobs.update((oid, tid) for oid in self._pending_blobs)
                self._oids.update(self._pending_oids)
                self._last_tid = tid
                return tid
            finally:
                self._pending_oids = []
                self._pending_blobs = []
                self._transaction = None
                self._catch_up()

    def tpc_abort(self, transaction):
        with self._lock:
            try:
                return self.storage.tpc_abort(transaction)
            finally:
                self._pending_oids = []
                self._pending_blobs = []
                self._transaction = None
                self._catch_up()

    def _catch_up(self):
        self.storage.sync()
        self.storage.poll_invalidations()

    def close(self):
        with self._lock:
            try:
                self.storage.close()
            finally:
                self._on_close()


class RelStorageStacker:
    """``stackDemoStorage`` with RelStorage changes: each stacked DemoStorage takes a free
    database of this process's pool on the server (creating one when none is free), zapped
    before use, with its own blob cache directory; closing the DB gives the database back."""

    def __init__(self, server_dsn):
        self._server_dsn = server_dsn  # a callable: the conftest may start the server late
        self._prefix = f"gwtest_{os.getpid()}"
        self._created = []
        self._free = []
        self._mutex = threading.Lock()

    def __call__(self, db=None, name=None):
        from ZODB.DB import DB
        from ZODB.DemoStorage import DemoStorage

        base = db.storage if db is not None else None
        changes = self.changes_storage(name)
        # The base is the layer below's: that layer closes it at its own tear-down.
        return DB(DemoStorage(name=name, base=base, changes=changes, close_base_on_close=False))

    def server_dsn(self):
        dsn = self._server_dsn()
        if not dsn:
            raise RuntimeError(f"{STORAGE_VARIABLE}=relstorage needs {PG_DSN_VARIABLE}")
        return dsn

    def dsn(self, database):
        from psycopg2.extensions import make_dsn

        return make_dsn(self.server_dsn(), dbname=database)

    def changes_storage(self, name=None):
        """A zapped RelStorage on a database of the pool, shareable by threads.

        History-preserving, as the cluster's (conflict resolution reads the revision a
        transaction started from). Its schema refers each revision to its previous
        transaction (``object_state.prev_tid``); a stacked DemoStorage's changes hold new
        revisions of objects whose previous one is in the base, not in this database: that
        one reference is dropped from the test database."""
        from relstorage.adapters.postgresql import PostgreSQLAdapter
        from relstorage.options import Options
        from relstorage.storage import RelStorage

        database = self._take_database()
        blob_dir = tempfile.mkdtemp(prefix=f"{database}-blobs-")
        options = Options(
            keep_history=True,
            blob_dir=blob_dir,
            shared_blob_dir=False,
            cache_local_mb=16,
            name=f"{name or 'stacked'}:{database}",
        )
        dsn = self.dsn(database)
        storage = RelStorage(PostgreSQLAdapter(dsn=dsn, options=options), options=options)
        storage.zap_all(slow=False)
        self._execute(
            "ALTER TABLE object_state DROP CONSTRAINT IF EXISTS object_state_prev_tid_fkey",
            dsn=dsn,
        )

        def given_back():
            shutil.rmtree(blob_dir, ignore_errors=True)
            with self._mutex:
                self._free.append(database)

        return _SharedRelStorage(storage, dsn, given_back)

    def _take_database(self):
        with self._mutex:
            if self._free:
                return self._free.pop()
            database = f"{self._prefix}_{len(self._created)}"
            self._created.append(database)
        self._execute(f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"')
        if len(self._created) == 1:
            atexit.register(self.drop_databases)
        return database

    def drop_databases(self):
        """Drop this process's databases (at exit; the server may be gone: then nothing)."""
        import psycopg2

        if not self._server_dsn():
            return
        with contextlib.suppress(psycopg2.OperationalError):
            self._execute(*(f'DROP DATABASE IF EXISTS "{d}" WITH (FORCE)' for d in self._created))

    def _execute(self, *statements, dsn=None):
        import psycopg2

        connection = psycopg2.connect(dsn or self.server_dsn())
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            connection.close()


# Every layer (plone.testing's Startup, PloneFixture, the sandboxes, FunctionalTesting's
# per-test stack) calls ``zodb.stackDemoStorage`` through the module: set before they set up.
zodb.stackDemoStorage = storage_stacker()

SITE_LANGUAGE = "zh-cn"
SITE_TIMEZONE = times.DEFAULT_ZONE

# Debian's Chromium (Playwright cannot download its own here). Without the
# background-networking flags it keeps dialling Google on a closed network.
CHROMIUM_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ],
}


class GongwenLayer(PloneSandboxLayer):
    """Plone with collective.gongwen:default applied, in Simplified Chinese."""

    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        self.loadZCML(package=collective.gongwen)
        self.loadZCML("overrides.zcml", package=collective.gongwen)  # as Plone includes it
        zope_testing.installProduct(app, "collective.documentviewer")

    def setUpPloneSite(self, portal):
        registry = getUtility(IRegistry)
        registry["plone.default_language"] = SITE_LANGUAGE
        registry["plone.available_languages"] = [SITE_LANGUAGE, "en"]
        # As make start creates the site (setuphandlers/site.py); Plone's test site says UTC.
        registry["plone.portal_timezone"] = SITE_TIMEZONE
        applyProfile(portal, "plonetheme.barceloneta:default")
        applyProfile(portal, "collective.gongwen:default")
        # The demo organisation (SPEC §17) is the tests' organisation fixture.
        applyProfile(portal, "collective.gongwen:demo")


class LoopbackWSGIServer(zope_testing.WSGIServer):
    """The WSGI server fixture, bound to 127.0.0.1 on a free port."""

    host = "127.0.0.1"
    port = 0


GONGWEN_FIXTURE = GongwenLayer()
LOOPBACK_WSGI_SERVER_FIXTURE = LoopbackWSGIServer()

GONGWEN_INTEGRATION_TESTING = IntegrationTesting(
    bases=(GONGWEN_FIXTURE,),
    name="CollectiveGongwenLayer:IntegrationTesting",
)

GONGWEN_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(GONGWEN_FIXTURE, LOOPBACK_WSGI_SERVER_FIXTURE),
    name="CollectiveGongwenLayer:FunctionalTesting",
)


class GongwenDemoDocumentsLayer(PloneSandboxLayer):
    """The demo documents (``collective.gongwen:demo_documents``) on the Gongwen site: a year
    of 发文 and 收文 through the real flows and archived old years, as ``make start`` makes
    them. Slow to set up: only the tests of the demo data use it."""

    defaultBases = (GONGWEN_FIXTURE,)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "collective.gongwen:demo_documents")
        # Committed here, with the site set: the audit's before-commit hook reads the
        # documents' paths on the site; the sandbox's own commit runs after setSite(None)
        # and would fail (silently: plone.testing swallows it), losing them all.
        transaction.commit()


GONGWEN_DEMO_DOCUMENTS_FIXTURE = GongwenDemoDocumentsLayer()

GONGWEN_DEMO_DOCUMENTS_TESTING = IntegrationTesting(
    bases=(GONGWEN_DEMO_DOCUMENTS_FIXTURE,),
    name="CollectiveGongwenLayer:DemoDocumentsTesting",
)

# The demo documents' site served on 127.0.0.1, as ``make start`` serves it (the crawler of
# tests/browser/test_r_p_chinese_everywhere.py walks it as every demo user).
GONGWEN_DEMO_DOCUMENTS_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(GONGWEN_DEMO_DOCUMENTS_FIXTURE, LOOPBACK_WSGI_SERVER_FIXTURE),
    name="CollectiveGongwenLayer:DemoDocumentsFunctionalTesting",
)
