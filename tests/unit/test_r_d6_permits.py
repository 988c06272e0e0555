"""content.permits: the one per-thread permit behind bodyguard.writing (R-D6), readonly.lifted
and filing (R-R1) and keeping.sanctioned_removal (R-R2)."""

import threading

import pytest

from collective.gongwen.content.permits import PathPermit


class Thing:
    def __init__(self, *path):
        self.path = path

    def getPhysicalPath(self):
        return self.path


def test_r_d6_permit_holds_inside_the_block_only():
    permit, document = PathPermit(), Thing("", "plone", "doc")
    assert not permit.permits(document)
    with permit.granted(document) as granted:
        assert granted is document
        assert permit.permits(document)
        assert permit.permits(Thing("", "plone", "doc"))  # the same path, another wrapper
        assert not permit.permits(Thing("", "plone", "other"))
    assert not permit.permits(document)
    assert not permit.permits(None)


def test_r_d6_permit_blocks_nest_and_end_on_an_error():
    permit, document = PathPermit(), Thing("", "plone", "doc")
    with permit.granted(document):
        with permit.granted(document):
            pass
        assert permit.permits(document)  # the outer block still holds
    with pytest.raises(RuntimeError), permit.granted(document):
        raise RuntimeError("boom")
    assert not permit.permits(document)


def test_r_d6_permit_is_for_this_thread_and_this_permit_only():
    permit, other, document = PathPermit(), PathPermit(), Thing("", "plone", "doc")
    seen = []
    with permit.granted(document):
        assert not other.permits(document)
        thread = threading.Thread(target=lambda: seen.append(permit.permits(document)))
        thread.start()
        thread.join()
    assert seen == [False]
