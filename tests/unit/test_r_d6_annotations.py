"""content.annotations.annotation: the one "record in annotations, made on first use" (used by
the Word 正文's records, jobs and comparisons (R-D6), the conversions, deliveries, series …)."""

import pytest
from persistent.list import PersistentList
from zope.annotation.attribute import AttributeAnnotations
from zope.annotation.interfaces import IAnnotations
from zope.annotation.interfaces import IAttributeAnnotatable
from zope.component import provideAdapter
from zope.interface import implementer

from collective.gongwen.content.annotations import annotation


@implementer(IAttributeAnnotatable)
class Thing:
    pass


@pytest.fixture(autouse=True)
def _adapter():
    provideAdapter(AttributeAnnotations, (IAttributeAnnotatable,), IAnnotations)


def test_r_d6_reading_an_absent_record_writes_nothing():
    thing = Thing()
    assert annotation(thing, "key") is None
    assert not hasattr(thing, "__annotations__")


def test_r_d6_a_factory_makes_the_record_once():
    thing = Thing()
    made = annotation(thing, "key", PersistentList)
    assert isinstance(made, PersistentList)
    made.append(1)
    assert annotation(thing, "key", PersistentList) is made
    assert annotation(thing, "key") == [1]
    assert IAnnotations(thing)["key"] is made
