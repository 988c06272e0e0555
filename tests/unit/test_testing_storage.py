"""Issue 21 item 2: the test layers take their storage from ``GONGWEN_TEST_STORAGE`` — the
selector (environment → the function the layers stack their databases with), no server."""

import pytest
from plone.testing import zodb

from collective.gongwen import testing

PG = "host=127.0.0.1 port=5999 user=gongwen dbname=postgres"


def test_cluster_layers_default_to_plone_testings_demo_storage():
    assert testing.test_storage({}) == "demo"
    assert testing.test_storage({"GONGWEN_TEST_STORAGE": " "}) == "demo"
    stacker = testing.storage_stacker({})
    assert (stacker.__module__, stacker.__name__) == ("plone.testing.zodb", "stackDemoStorage")


def test_cluster_layers_on_relstorage_stack_with_relstorage_changes():
    environ = {"GONGWEN_TEST_STORAGE": "RelStorage", "GONGWEN_TEST_PG_DSN": PG}
    assert testing.test_storage(environ) == "relstorage"
    stacker = testing.storage_stacker(environ)
    assert isinstance(stacker, testing.RelStorageStacker)
    dsn = dict(part.split("=") for part in stacker.dsn("gwtest_1_0").split())
    assert dsn == {"host": "127.0.0.1", "port": "5999", "user": "gongwen", "dbname": "gwtest_1_0"}


def test_cluster_layers_refuse_an_unknown_storage_by_name():
    with pytest.raises(ValueError, match="GONGWEN_TEST_STORAGE='filestorge'"):
        testing.test_storage({"GONGWEN_TEST_STORAGE": "filestorge"})


def test_cluster_layers_on_relstorage_need_a_server():
    stacker = testing.storage_stacker({"GONGWEN_TEST_STORAGE": "relstorage"})
    with pytest.raises(RuntimeError, match="GONGWEN_TEST_PG_DSN"):
        stacker()
    stacker.drop_databases()  # nothing made, no server: nothing to do, no error


def test_cluster_layers_patch_what_the_layers_call():
    """plone.testing's layers call ``zodb.stackDemoStorage`` through the module: it is the
    function this session's variable selects."""
    kind = testing.test_storage()
    if kind == "demo":
        assert zodb.stackDemoStorage is testing.storage_stacker({})
    else:
        assert isinstance(zodb.stackDemoStorage, testing.RelStorageStacker)
