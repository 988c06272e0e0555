"""Issue 19 on an existing site: the upgrade to 1012 runs its import steps and every package's
own step, once and again (each package's step has its own test beside its rule)."""

from plone import api

from collective.gongwen.setuphandlers.upgrades import DAILY_USE_STEPS
from collective.gongwen.setuphandlers.upgrades import daily_use


def test_upgrade_1012_runs_every_step_of_issue_19(portal):
    unit = portal["changyuan"]
    # The site as issue 18 left it: no 「通讯录」, Plone's title.
    unit._delObject("addressbook", suppress_events=True)
    portal.setTitle("Plone site")
    portal.setDescription("电子政务 电子公文管理")
    assert len(DAILY_USE_STEPS) == 5
    with api.env.adopt_roles(["Manager"]):
        daily_use(None)
        daily_use(None)  # twice: nothing breaks, nothing doubles
    assert unit["addressbook"].getLayout() == "gongwen-addressbook"
    assert portal.Title() != "Plone site"
    assert portal.Description() == ""  # not shown under 我的待办's heading any more
