"""The keys of answers kept for one request: an object by its physical path, else itself."""

from collective.gongwen.request_answers import kept
from collective.gongwen.request_answers import object_key


class Located:
    def __init__(self, *path):
        self.path = path

    def getPhysicalPath(self):
        return self.path


def test_an_object_is_keyed_by_its_path_whatever_wrapper_reaches_it():
    assert object_key(Located("", "Plone", "changyuan")) == ("", "Plone", "changyuan")
    assert object_key(Located("", "Plone")) == object_key(Located("", "Plone"))


def test_an_object_without_a_path_is_keyed_by_itself():
    first, second = object(), object()
    assert object_key(first) == object_key(first) != object_key(second)


def test_outside_a_request_nothing_is_kept():
    kept("collective.gongwen.test")["answer"] = 42
    assert kept("collective.gongwen.test") == {}
