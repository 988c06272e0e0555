"""Fixtures shared by the whole suite: the Plone layers as pytest fixtures.

``integration`` / ``portal`` come from GONGWEN_INTEGRATION_TESTING and
``functional`` / ``functional_portal`` from GONGWEN_FUNCTIONAL_TESTING
(pytest-plone); each layer is set up once per session.
"""

import atexit
import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
import transaction

# The bureau's day is the tests' day: the portal dates steps and deadlines in Beijing time
# (content.times.DEFAULT_ZONE, as `make start` runs with TZ=Asia/Shanghai), so the tests'
# own "today" must be Beijing's too — from 16:00 UTC the two dates differ.
os.environ["TZ"] = "Asia/Shanghai"
time.tzset()

# The conversion queue and key of this test session, set before any module
# of ours reads them (collective.gongwen.jobs.queue does at import).
_QUEUE_DIR = tempfile.mkdtemp(prefix="gongwen-test-queue-")
atexit.register(shutil.rmtree, _QUEUE_DIR, True)
os.environ["GONGWEN_QUEUE_URL"] = f"sqlite:///{_QUEUE_DIR}/queue.db"
os.environ["GONGWEN_CONVERSION_SECRET"] = "test-session-key"

from pytest_plone import fixtures_factory  # noqa: E402


def _compile_mo_files_atomically():
    """The xdist workers load the ZCML at the same moment, and zope.i18n compiles each stale
    .mo file in place while another process may read it: a worker read a half-written one
    (``struct.error: unpack requires a buffer of 4 bytes`` in a fresh clone's CI). Each .mo
    is written beside and moved into place, so a reader finds the old file or the whole new
    one."""
    import zope.i18n.zcml
    from pythongettext.msgfmt import Msgfmt
    from pythongettext.msgfmt import PoSyntaxError

    def compile_mo_file(domain, lc_messages_path):
        base = os.path.join(lc_messages_path, domain)
        pofile, mofile = f"{base}.po", f"{base}.mo"
        try:
            if os.path.getmtime(pofile) <= os.path.getmtime(mofile):
                return
        except FileNotFoundError:
            if not os.path.exists(pofile):
                return
        try:
            with open(pofile, "rb") as po:
                data = Msgfmt(po, domain).get()
        except (PoSyntaxError, OSError):
            return  # zope.i18n logs and goes on without it; so do we
        partial = f"{mofile}.{os.getpid()}.tmp"
        with open(partial, "wb") as mo:
            mo.write(data)
        os.replace(partial, mofile)

    zope.i18n.zcml.compile_mo_file = compile_mo_file


_compile_mo_files_atomically()


from collective.gongwen.testing import GONGWEN_DEMO_DOCUMENTS_FUNCTIONAL_TESTING  # noqa: E402
from collective.gongwen.testing import GONGWEN_DEMO_DOCUMENTS_TESTING  # noqa: E402
from collective.gongwen.testing import GONGWEN_FUNCTIONAL_TESTING  # noqa: E402
from collective.gongwen.testing import GONGWEN_INTEGRATION_TESTING  # noqa: E402

pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (GONGWEN_FUNCTIONAL_TESTING, "functional"),
            (GONGWEN_INTEGRATION_TESTING, "integration"),
        ),
    )
)
# The two layers on the demo documents' fixture, in one place: zope.pytestlayer makes a
# layer's fixtures once per session, so a test module of its own would leave the other
# without their common base. Only their tests hold them for the session (``usefixtures`` of
# ``demo_documents_session`` / ``demo_documents_served_session``); those run last.
globals().update(
    fixtures_factory(
        (
            (GONGWEN_DEMO_DOCUMENTS_TESTING, "demo_documents"),
            (GONGWEN_DEMO_DOCUMENTS_FUNCTIONAL_TESTING, "demo_documents_served"),
        ),
        keep_session=False,
    )
)


_POSTGRES = contextlib.ExitStack()


def pytest_configure(config):
    """On ``GONGWEN_TEST_STORAGE=relstorage`` without ``GONGWEN_TEST_PG_DSN``, a private
    PostgreSQL for this process's layers (one per xdist worker; none in xdist's controller,
    which runs no test)."""
    from collective.gongwen import testing

    if testing.test_storage() != "relstorage" or os.environ.get(testing.PG_DSN_VARIABLE):
        return
    if getattr(config, "workerinput", None) is None and config.getoption("numprocesses", None):
        return
    from tests.support.postgres import dsn_of
    from tests.support.postgres import running_postgres

    port = _POSTGRES.enter_context(running_postgres(databases=("gongwen",)))
    _POSTGRES.callback(os.environ.pop, testing.PG_DSN_VARIABLE, None)
    os.environ[testing.PG_DSN_VARIABLE] = dsn_of(port, "postgres")


def pytest_unconfigure(config):
    _POSTGRES.close()


@pytest.fixture(autouse=True)
def _timing_runs_alone(request):
    """Under pytest-xdist a test marked ``timing`` (it measures how fast something answers)
    runs with no test of another worker beside it: it holds this run's lock exclusively, every
    other test shares it. With two workers neither can starve: between two of its tests a
    worker holds nothing."""
    workerinput = getattr(request.config, "workerinput", None)
    if workerinput is None:
        yield
        return
    import fcntl

    path = Path(tempfile.gettempdir()) / f"gongwen-xdist-{workerinput['testrunuid']}.lock"
    exclusive = request.node.get_closest_marker("timing") is not None
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture
def lockout_clock(monkeypatch):
    """The login lockout's clock, moved by the test: ``lockout_clock[0]`` seconds since the
    epoch (R-SEC3)."""
    from collective.gongwen.accounts import plugin as lockout_plugin

    now = [1_700_000_000.0]
    monkeypatch.setattr(lockout_plugin, "clock", lambda: now[0])
    return now


@pytest.fixture
def functional_portal(functional):
    """The Plone site of the functional layer (served over HTTP)."""
    return functional["portal"]


@pytest.fixture
def portal_url(functional):
    """Base URL of the functional layer's site, e.g. http://127.0.0.1:41234/plone."""
    layer = functional
    return f"http://{layer['host']}:{layer['port']}/plone"


@pytest.fixture
def conversion_worker(functional, portal_url):
    """A real ``gongwen-worker`` process on this session's queue, stopped after the test.

    Jobs other tests left in the queue (their files never reached a worker)
    are flushed first.
    """
    from collective.gongwen.jobs.queue import huey
    from tests.support.workers import running_worker

    huey.flush()
    with running_worker(portal_url, Path(_QUEUE_DIR) / "worker.log") as process:
        yield process
        huey.flush()  # nothing more is started; what runs is finished before the worker stops


@pytest.fixture
def mail_inbox(functional_portal):
    """A real SMTP server on 127.0.0.1 that the site's MailHost sends to, notifications on
    (SPEC §15); committed, so the served site and its workers' requests mail it too."""
    from tests.support.smtp import point_portal_at
    from tests.support.smtp import running_inbox

    with running_inbox() as (inbox, port):
        point_portal_at(port)
        transaction.commit()
        yield inbox


@pytest.fixture(scope="session")
def sample_documents(tmp_path_factory):
    """Chinese DOCX, text PDF and scanned PDF made with LibreOffice, poppler and gm."""
    from tests.support.documents import make_samples

    return make_samples(tmp_path_factory.mktemp("samples"))


@pytest.fixture(scope="session")
def long_samples(tmp_path_factory):
    """A 20-page Chinese DOCX and an 8-page scan whose page 7 alone carries a phrase."""
    from tests.support.long_documents import make_long_samples

    return make_long_samples(tmp_path_factory.mktemp("long"), pages=20, scan_pages=8)


@pytest.fixture
def notice_pdf(functional_portal, sample_documents):
    """The sample 通知 PDF uploaded, converted and committed; the test user may read it.

    Converted in this process with the workers' pipeline (``convert_inline``),
    so tests of the viewer page need no worker.
    """
    from collective.documentviewer.interfaces import ILayer as IViewerLayer
    from plone import api
    from plone.app.testing import TEST_USER_ID
    from plone.namedfile.file import NamedBlobFile
    from zope.interface import alsoProvides

    from collective.gongwen.conversion.inline import convert_inline

    portal = functional_portal
    # The viewer takes up uploads only when its browser layer is active, as in a real request.
    alsoProvides(portal.REQUEST, IViewerLayer)
    path = sample_documents["pdf"]
    with api.env.adopt_roles(["Manager"]):
        notice = api.content.create(
            container=portal,
            type="File",
            id="notice",
            title="关于做好黄河防汛工作的通知",
            file=NamedBlobFile(
                path.read_bytes(), filename=path.name, contentType="application/pdf"
            ),
        )
        api.user.grant_roles(user=api.user.get(userid=TEST_USER_ID), obj=notice, roles=["Reader"])
    assert convert_inline(notice) == "done"
    transaction.commit()
    return notice


@pytest.fixture(scope="session")
def clamd_socket():
    """A real clamd for 四性检测 (R-R3), its socket in ``GONGWEN_CLAMD_SOCKET`` for this
    process and the workers it starts; stopped at the end of the session."""
    from tests.support.clamav import running_clamd

    # a short path: a UNIX socket's path is limited to 107 bytes
    with (
        tempfile.TemporaryDirectory(prefix="gw-clamd-") as directory,
        running_clamd(directory) as socket_path,
    ):
        previous = os.environ.get("GONGWEN_CLAMD_SOCKET")
        os.environ["GONGWEN_CLAMD_SOCKET"] = socket_path
        yield socket_path
        if previous is None:
            os.environ.pop("GONGWEN_CLAMD_SOCKET", None)
        else:
            os.environ["GONGWEN_CLAMD_SOCKET"] = previous


@pytest.hookimpl(tryfirst=True)  # before xdist's, which reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    """The tests on the demo documents' layer run last; on RelStorage the tests marked
    ``filestorage`` are deselected.

    Once that layer is set up, what its set-up committed (a year of documents, numbers
    taken) shows in the tests of the other Plone layers that run after it in the same
    session; at the end of the session nothing runs after it.
    """
    from collective.gongwen import testing

    if testing.test_storage() == "relstorage":
        bound = [item for item in items if item.get_closest_marker("filestorage")]
        if bound:
            config.hook.pytest_deselected(items=bound)
            items[:] = [item for item in items if item not in bound]
    demo = [
        item
        for item in items
        if {"demo_documents", "demo_documents_served"} & set(getattr(item, "fixturenames", ()))
    ]
    if demo:
        items[:] = [item for item in items if item not in demo] + demo
    # Under pytest-xdist (``--dist loadgroup``) they go to one worker as one group: its layer is
    # set up once, and, the group being last in the queue, nothing runs after it there. So do
    # the tests of a module sharing a module-scoped fixture of its own (a served instance, a
    # cluster: up to 90 s to set up), which each worker would otherwise set up again. The
    # group is the ``@name`` suffix of the node id that the scheduler reads; xdist 3.8 writes it
    # where pytest 9 no longer reads it (``_nodeid``, not ``_id``), so it is written here.
    if hasattr(config, "workerinput") and config.getvalue("loadgroup"):
        from _pytest.nodeid import NodeId

        for item in items:
            group = "demo_documents" if item in demo else _module_fixture_group(item)
            if group:
                item._id = NodeId.parse(f"{item.nodeid}@{group}")


def _module_fixture_group(item):
    """The path of ``item``'s module when it uses a module-scoped fixture defined there."""
    module = item.nodeid.split("::", 1)[0]
    fixtures = getattr(item, "_fixtureinfo", None)
    for definitions in fixtures.name2fixturedefs.values() if fixtures else ():
        if any(d.scope == "module" and d.baseid == module for d in definitions):
            return module
    return None
