"""R-P3: the unit folders' listings — filters, overdue, catalog queries. Plain Python."""

import datetime

from DateTime import DateTime

from collective.gongwen.portal import listing_rules
from collective.gongwen.portal.listing_rules import Filters

TODAY = datetime.date(2026, 12, 5)
STATES = ["registered", "proposing", "handling", "done", "archived"]


def test_r_p3_each_unit_folder_lists_its_documents():
    assert listing_rules.folder_types("outgoing") == ("gongwen_outgoing",)
    assert listing_rules.folder_types("incoming") == ("gongwen_incoming",)
    assert listing_rules.folder_types("archive") == ("gongwen_outgoing", "gongwen_incoming")
    assert listing_rules.folder_types("news") == ()


def test_r_p3_sent_done_and_archived_documents_are_finished():
    for state in ("sent", "done", "archived"):
        assert listing_rules.is_finished(state)
    for state in ("draft", "registered", "handling", "secretary_check"):
        assert not listing_rules.is_finished(state)


def test_r_p3_open_document_past_its_deadline_is_overdue():
    yesterday = TODAY - datetime.timedelta(days=1)
    assert listing_rules.is_overdue(yesterday, "handling", TODAY)
    assert not listing_rules.is_overdue(TODAY, "handling", TODAY)
    assert not listing_rules.is_overdue(None, "handling", TODAY)


def test_r_p3_finished_document_is_never_overdue():
    long_ago = datetime.date(2020, 1, 1)
    assert not listing_rules.is_overdue(long_ago, "done", TODAY)
    assert not listing_rules.is_overdue(long_ago, "sent", TODAY)
    assert not listing_rules.is_overdue(long_ago, "archived", TODAY)


def test_r_p3_filters_read_from_the_request():
    form = {"state": "handling", "year": "2026", "urgency": "very_urgent", "overdue": "1"}
    filters = listing_rules.parse_filters(form, STATES, TODAY)
    assert filters == Filters(state="handling", year=2026, urgency="very_urgent", overdue=True)
    assert filters.active()


def test_r_p3_unknown_filter_values_mean_all():
    form = {"state": "sent", "year": "2999", "urgency": "whenever", "overdue": "no"}
    filters = listing_rules.parse_filters(form, STATES, TODAY)
    assert filters == Filters()
    assert not filters.active()
    assert listing_rules.parse_filters({}, STATES, TODAY) == Filters()
    assert listing_rules.parse_year("1899", TODAY) is None
    assert listing_rules.parse_year("abc", TODAY) is None
    assert listing_rules.parse_year(["2025", "2024"], TODAY) == 2024


def test_r_p3_listing_query_newest_first_within_the_folder():
    query = listing_rules.listing_query(
        "/plone/changyuan/incoming", ("gongwen_incoming",), Filters()
    )
    assert query == {
        "portal_type": ["gongwen_incoming"],
        "path": "/plone/changyuan/incoming",
        "sort_on": "created",
        "sort_order": "descending",
    }


def test_r_p3_listing_query_filters_by_state_year_and_urgency():
    filters = Filters(state="handling", year=2025, urgency="urgent")
    query = listing_rules.listing_query("/p/u/incoming", ("gongwen_incoming",), filters)
    assert query["review_state"] == "handling"
    assert query["urgency"] == "urgent"
    low, high = query["created"]["query"]
    assert query["created"]["range"] == "min:max"
    assert (low.year(), low.month(), low.day()) == (2025, 1, 1)
    assert (high.year(), high.month(), high.day(), high.hour()) == (2025, 12, 31, 23)


def test_r_p3_overdue_queries_look_at_both_deadlines_of_open_documents():
    query = listing_rules.listing_query("/p/u/incoming", ("gongwen_incoming",), Filters())
    by_step, by_document = listing_rules.overdue_queries(query, TODAY)
    assert by_step["review_state"] == {"not": ["sent", "done", "archived", "voided"]}  # R-O13
    assert by_document["review_state"] == {"not": ["sent", "done", "archived", "voided"]}
    assert "deadline" not in by_step and "step_deadline" not in by_document
    before = by_step["step_deadline"]
    assert before["range"] == "max" and before == by_document["deadline"]
    assert before["query"] < DateTime("2026/12/05 00:00:00")
    assert before["query"] > DateTime("2026/12/04 23:00:00")


def test_r_p3_overdue_in_a_finished_state_is_nothing():
    query = listing_rules.listing_query("/p", ("gongwen_incoming",), Filters(state="done"))
    assert listing_rules.overdue_queries(query, TODAY) == []
    assert listing_rules.open_query(query) is None


def test_r_p3_overdue_in_an_open_state_keeps_that_state():
    query = listing_rules.listing_query("/p", ("gongwen_incoming",), Filters(state="handling"))
    assert listing_rules.open_query(query)["review_state"] == "handling"


def test_r_p3_open_documents_are_those_in_the_workflows_open_states():
    """Given the workflows' states, 办理中 asks for the open ones by name (a few small sets
    united), not for every state but the finished (nearly every document); without them the
    negative form stays."""
    query = listing_rules.listing_query("/p", ("gongwen_incoming",), Filters())
    states = ("registered", "handling", *listing_rules.FINISHED_STATES)
    assert listing_rules.open_query(query, states)["review_state"] == ["registered", "handling"]
    for overdue in listing_rules.overdue_queries(query, TODAY, states):
        assert overdue["review_state"] == ["registered", "handling"]
    assert listing_rules.open_query(query)["review_state"] == {
        "not": list(listing_rules.FINISHED_STATES)
    }
    asked = listing_rules.listing_query("/p", ("gongwen_incoming",), Filters(state="handling"))
    assert listing_rules.open_query(asked, states)["review_state"] == "handling"


def test_r_p3_years_to_choose_from_this_year_back_to_the_oldest():
    assert listing_rules.available_years(2023, TODAY) == [2026, 2025, 2024, 2023]
    assert listing_rules.available_years(None, TODAY) == [2026]
    assert listing_rules.available_years(1500, TODAY) == [2026]
