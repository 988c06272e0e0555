"""R-SEC4: the consistency check the fault tests use (tests/support/consistency.py) finds a
document whole after real transitions, and names each kind of disagreement a torn write would
leave: an opinion without its transition, a catalog behind the workflow, a lost 待办 entry."""

from plone import api

from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from collective.gongwen.steps.opinions import append_opinion
from tests.support.consistency import document_facts
from tests.support.consistency import inconsistencies
from tests.support.outgoing import draft_outgoing


def submitted(portal):
    document = draft_outgoing(portal, "downward", main_recipients=["局属各科室"])
    with api.env.adopt_user(username="cy_eng_staff"):
        act(document, rules.SUBMIT)
    return document


def test_r_sec4_consistency_whole_after_transitions(portal):
    document = submitted(portal)
    facts = document_facts(document)
    assert facts["review_state"] == "dept_review"
    assert facts["todo"] and all(facts["todo"].values())
    assert inconsistencies(facts, {"draft", "dept_review"}) == []
    assert inconsistencies(facts, {"draft"}) == ["state 'dept_review' is neither of ['draft']"]


def test_r_sec4_consistency_names_an_opinion_without_its_transition(portal):
    document = submitted(portal)
    with api.env.adopt_user(username="cy_eng_head"):
        append_opinion(document, "dept_review", "approve", "cy_eng_head", "同意。")
    (found,) = inconsistencies(document_facts(document), {"dept_review"})
    assert found.startswith("opinions at ['draft', 'dept_review']")


def test_r_sec4_consistency_names_a_catalog_behind_and_a_lost_todo(portal):
    document = submitted(portal)
    catalog = api.portal.get_tool("portal_catalog")
    (brain,) = catalog.unrestrictedSearchResults(UID=document.UID())
    catalog.uncatalog_object(brain.getPath())
    found = inconsistencies(document_facts(document), {"dept_review"})
    assert found[0] == "0 catalog entries"
    catalog.catalog_object(document)
    holder = next(iter(document_facts(document)["todo"]))
    document.assignees = ()  # the step's holder no longer indexed: gone from 我的待办
    catalog.catalog_object(document, idxs=["assignees"], update_metadata=False)
    document.assignees = (holder,)
    found = inconsistencies(document_facts(document), {"dept_review"})
    assert found == [
        f"catalog assignees [], document ['{holder}']",
        f"not in the 我的待办 or 草稿 of ['{holder}']",
    ]
