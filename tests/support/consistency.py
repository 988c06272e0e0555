"""One document read from every place that keeps its state, and the check that they agree
(R-SEC4 faults: after a kill -9 or a full disk the document is in its old or its new state).

``document_facts`` runs inside Zope (an integration test, or ``zconsole run`` of
``tests/support/consistency_probe.py`` on a stopped instance) and reads: the workflow's
review_state, the states of its history, the opinion records, the catalog's review_state and
assignees, the step's holders and whether each holder's 我的待办 (a draft never returned: 草稿)
lists the document.
``inconsistencies`` (plain Python, on those facts) names every disagreement; ``[]`` when the
document is whole and in one of the states allowed.
"""

from plone import api

from collective.gongwen.steps.opinions import opinions
from collective.gongwen.steps.roles import current_assignees
from collective.gongwen.steps.todo import held_brains


def _holders(principal_id):
    """The user ids a step holder stands for: the user, or a group's members."""
    if api.user.get(userid=principal_id) is not None:
        return [principal_id]
    return sorted(user.getId() for user in api.user.get_users(groupname=principal_id))


def document_facts(document):
    """What each store says about ``document`` (a dict of plain values, JSON-able)."""
    workflow = api.portal.get_tool("portal_workflow")
    catalog = api.portal.get_tool("portal_catalog")
    (chain,) = workflow.getChainFor(document)
    history = document.workflow_history.get(chain, ())
    uid = document.UID()
    brains = catalog.unrestrictedSearchResults(UID=uid)
    indexed = catalog.getIndexDataForRID(brains[0].getRID()) if len(brains) == 1 else {}
    todo = {}
    for principal_id in current_assignees(document):
        for user_id in _holders(principal_id):
            with api.env.adopt_user(username=user_id):
                todo[user_id] = uid in {brain.UID for brain in held_brains(user_id)}
    return {
        "uid": uid,
        "review_state": workflow.getInfoFor(document, "review_state"),
        "history": [
            {"action": entry.get("action"), "review_state": entry.get("review_state")}
            for entry in history
        ],
        "opinions": [[r.step, r.action, r.actor] for r in opinions(document)],
        "catalog_count": len(brains),
        "catalog_review_state": brains[0].review_state if len(brains) == 1 else None,
        "catalog_assignees": sorted(indexed.get("assignees") or ()),
        "assignees": sorted(current_assignees(document)),
        "todo": todo,
    }


def inconsistencies(facts, allowed_states):
    """The disagreements among ``facts`` (of ``document_facts``), and a state outside
    ``allowed_states`` (the old and the new one); [] for a whole document."""
    found = []
    state = facts["review_state"]
    if state not in allowed_states:
        found.append(f"state {state!r} is neither of {sorted(allowed_states)}")
    history = facts["history"]
    if not history or history[-1]["review_state"] != state:
        found.append(f"workflow history ends in {history[-1:]} for state {state!r}")
    if facts["catalog_count"] != 1:
        found.append(f"{facts['catalog_count']} catalog entries")
    elif facts["catalog_review_state"] != state:
        found.append(f"catalog says {facts['catalog_review_state']!r}, workflow {state!r}")
    # every transition of the history left one opinion record, made in the state it left
    left = [
        (before["review_state"], entry["action"])
        for before, entry in zip(history, history[1:], strict=False)
        if entry["action"]
    ]
    steps = [step for step, _, _ in facts["opinions"]]
    if steps != [step for step, _ in left]:
        found.append(f"opinions at {steps} for the transitions {left}")
    if facts["catalog_assignees"] != facts["assignees"]:
        found.append(
            f"catalog assignees {facts['catalog_assignees']}, document {facts['assignees']}"
        )
    missing = sorted(user for user, listed in facts["todo"].items() if not listed)
    if missing:
        found.append(f"not in the 我的待办 or 草稿 of {missing}")
    return found
