"""Issue 16: opinion records pickled before the ``steps`` package still load, and the upgrade
to 1008 writes them again under their new class path (R-O2: records are never lost)."""

import pickle

from plone import api
from zope.annotation.interfaces import IAnnotations

from collective.gongwen.setuphandlers.upgrades import steps_package
from collective.gongwen.steps import opinions
from tests.support.outgoing import draft_outgoing

OLD = b"collective.gongwen.routing.opinions"
NEW = b"collective.gongwen.steps.opinions"


def old_pickle(record):
    """``record`` pickled as before the move (protocol 1 names the class as plain text)."""
    data = pickle.dumps(record, protocol=1)
    assert NEW in data
    return data.replace(NEW, OLD)


def test_r_o2_a_record_pickled_under_the_old_path_loads_as_the_new_class(portal):
    with api.env.adopt_user(username="cy_eng_staff"):
        document = draft_outgoing(portal)
        record = opinions.append_opinion(document, "draft", "submit", "cy_eng_staff", "请审核。")
    loaded = pickle.loads(old_pickle(record))
    assert type(loaded) is opinions.Opinion
    assert loaded == record


def test_r_o2_the_upgrade_rewrites_every_record_keeping_its_words(portal):
    with api.env.adopt_user(username="cy_eng_staff"):
        document = draft_outgoing(portal)
        first = opinions.append_opinion(document, "draft", "submit", "cy_eng_staff", "请审核。")
        second = opinions.append_opinion(
            document, "dept_review", "return", "cy_eng_head", "请修改。", on_behalf_of=None
        )
    annotations = IAnnotations(document)
    annotations[opinions.KEY] = [pickle.loads(old_pickle(first)), pickle.loads(old_pickle(second))]
    with api.env.adopt_roles(["Manager"]):
        steps_package(None)
    records = annotations[opinions.KEY]
    assert [type(r) for r in records] == [opinions.Opinion, opinions.Opinion]
    assert list(records) == [first, second]
    assert b"routing.opinions" not in pickle.dumps(list(records), protocol=1)
