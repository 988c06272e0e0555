"""Plain helpers of the 收文 deadline pages (R-I4, R-I5, R-P3)."""

import datetime
from types import SimpleNamespace

import pytest
from DateTime import DateTime
from Missing import MV

from collective.gongwen.content.downloads import _first_bytes
from collective.gongwen.portal.browser.overdue import requested_year
from collective.gongwen.steps.todo import brain_deadline

TODAY = datetime.date(2026, 3, 5)


@pytest.mark.parametrize(
    ("value", "year"),
    [(None, 2026), ("", 2026), ("2025", 2025), ("abc", 2026), ("99999", 2026), (2024, 2024)],
)
def test_requested_year_defaults_to_this_year(value, year):
    assert requested_year(value, TODAY) == year


def test_todo_deadline_is_the_steps_else_the_documents():
    step = DateTime("2026-03-01")
    own = DateTime("2026-04-01")
    assert brain_deadline(SimpleNamespace(step_deadline=step, deadline=own)) == datetime.date(
        2026, 3, 1
    )
    assert brain_deadline(SimpleNamespace(step_deadline=None, deadline=own)) == datetime.date(
        2026, 4, 1
    )
    assert brain_deadline(SimpleNamespace(step_deadline=MV, deadline=own)) == datetime.date(
        2026, 4, 1
    )
    assert brain_deadline(SimpleNamespace(deadline=None)) is None


class FakeRequest:
    def __init__(self, range_header=None):
        self.range_header = range_header

    def get_header(self, name):
        return self.range_header if name == "Range" else None


@pytest.mark.parametrize(
    ("header", "counted"),
    [(None, True), ("bytes=0-", True), ("bytes=0-1023", True), ("bytes=1024-2047", False)],
)
def test_only_a_request_from_the_first_byte_is_a_download(header, counted):
    assert _first_bytes(FakeRequest(header)) is counted
