"""R-S1, R-R1, R-R2 on an existing site: the upgrade to 1011 brings search and the archive."""

from plone import api

from collective.gongwen.accounts.settings import IAccountSettings
from collective.gongwen.org.functions import unit_group_id
from collective.gongwen.search.lookup import find_by_number
from collective.gongwen.search.splitter import GongwenSplitter
from collective.gongwen.search.splitter import uninstall_splitter
from collective.gongwen.setuphandlers.upgrades import SEARCH_INDEXES
from collective.gongwen.setuphandlers.upgrades import archive_and_search
from tests.support.archive import archive_as
from tests.support.archive import sent_outgoing

ADDRESS_LOCKOUT = f"{IAccountSettings.__identifier__}.lockout_address_attempts"


def _roles(portal, permission):
    return {r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]}


def _splitters(catalog):
    return [type(element) for element in catalog.plone_lexicon._pipeline]


def test_r_r1_upgrade_1011_on_a_site_made_before(portal):
    catalog = api.portal.get_tool("portal_catalog")
    with api.env.adopt_roles(["Manager"]):
        document = sent_outgoing(portal, title="防汛物资储备情况的通知")
    number = document.issue_number
    unit = portal["changyuan"]
    # The site as issue 17 left it: no new indexes, Plone's splitter, no 监销人 group,
    # the 档案 folder's old listing, the permission not granted.
    uninstall_splitter(catalog)
    for name in SEARCH_INDEXES:
        catalog.delIndex(name)
    supervisors = unit_group_id("changyuan", "destruction_supervisors")
    api.group.delete(groupname=supervisors)
    unit["archive"].setLayout("gongwen-listing")
    portal.manage_permission("collective.gongwen: Archive documents", [], acquire=False)
    api.portal.get_tool("portal_controlpanel").unregisterConfiglet("gongwen-archive-settings")
    registry = api.portal.get_tool("portal_registry")
    del registry.records[ADDRESS_LOCKOUT]  # 安全设置's address limit (R-SEC3) came with 1011
    assert not find_by_number(number.replace("〔", "[").replace("〕", "]"))

    attachment = document[document.objectIds()[0]]
    attachment.versioning_enabled = False  # switched off on a form before R-A2's fix

    with api.env.adopt_roles(["Manager"]):
        archive_and_search(None)

    assert set(SEARCH_INDEXES) <= set(catalog.indexes())
    assert GongwenSplitter in _splitters(catalog)
    # the 发文 made before is found by its 文号 however bracketed, in Plone's search box too
    for typed in (number, number.replace("〔", "[").replace("〕", "]"), number.replace("〔", "【")):
        with api.env.adopt_user(username="cy_eng_staff"):
            assert [b.UID for b in find_by_number(typed)] == [document.UID()]
    bracketed = number.replace("〔", "[").replace("〕", "]")
    found = catalog.unrestrictedSearchResults(
        SearchableText=bracketed, portal_type="gongwen_outgoing"
    )
    assert [b.UID for b in found] == [document.UID()]
    assert "versioning_enabled" not in attachment.__dict__
    assert api.group.get(groupname=supervisors) is not None
    assert unit["archive"].getLayout() == "gongwen-archive-home"
    assert _roles(portal, "collective.gongwen: Archive documents") >= {"GongwenArchivist"}
    configlets = api.portal.get_tool("portal_controlpanel").listActions()
    assert "gongwen-archive-settings" in [action.getId() for action in configlets]
    assert registry.records[ADDRESS_LOCKOUT].value == 50
    # and it can be archived, read-only for everyone afterwards
    archive_as(document)
    assert api.content.get_state(document) == "archived"
    assert catalog.unrestrictedSearchResults(archival_code=document_code(document))
    with api.env.adopt_roles(["Manager"]):
        assert not api.user.has_permission("Modify portal content", obj=document)


def document_code(document):
    from collective.gongwen.archive.record import archive_info

    return archive_info(document)["archival_code"]
