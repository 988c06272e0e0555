"""SPEC §2 and §17: units, departments, their folders, function groups and local roles.

Runs on the integration layer, which carries the demo organisation (§17).
"""

import json
from pathlib import Path

import pytest
from Acquisition import aq_base
from plone import api
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from plone.app.workflow.interfaces import ISharingPageRole
from plone.protect.authenticator import createToken
from Products.statusmessages.interfaces import IStatusMessage
from zope.component import getUtility
from zope.component import queryUtility
from zope.i18n import translate
from zope.interface import Invalid
from zope.interface import alsoProvides
from zope.schema.interfaces import IVocabularyFactory

from collective.gongwen.interfaces import IGongwenLayer
from collective.gongwen.org.units import department_holders
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import function_holders
from collective.gongwen.org.units import subordinate_units
from collective.gongwen.org.units import unit_departments
from tests.support.calls import recorded


@pytest.fixture
def manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    alsoProvides(portal.REQUEST, IGongwenLayer)
    return portal


@pytest.fixture
def puyang(manager):
    """A new unit with one department, created as an administrator would."""
    unit = api.content.create(
        container=manager,
        type="gongwen_unit",
        id="puyang",
        title="濮阳河务局",
        agency_code="濮河",
        issuer_mark="濮阳河务局文件",
    )
    api.content.create(container=unit, type="gongwen_department", id="works", title="工务科")
    return unit


def local_roles(obj, principal):
    return set(obj.get_local_roles_for_userid(principal))


def test_spec2_new_unit_gets_its_three_folders(puyang):
    assert [puyang[i].Title() for i in ("outgoing", "incoming", "archive")] == [
        "发文",
        "收文",
        "档案",
    ]
    assert puyang["outgoing"].portal_type == "Folder"
    assert tuple(puyang["outgoing"].locally_allowed_types) == ("gongwen_outgoing",)
    assert tuple(puyang["incoming"].locally_allowed_types) == ("gongwen_incoming",)
    assert tuple(puyang["archive"].locally_allowed_types) == ()
    assert not puyang["archive"].allowedContentTypes()
    # R-D7: and its address book's folder, for the external organs its office keeps.
    assert puyang["addressbook"].Title() == "通讯录"
    assert tuple(puyang["addressbook"].locally_allowed_types) == ("gongwen_organ",)
    assert puyang["addressbook"].getLayout() == "gongwen-addressbook"


def test_spec2_new_unit_gets_one_group_per_function_with_its_local_role(puyang):
    expected = {
        "puyang-director": ("濮阳河务局 局长", "GongwenDirector"),
        "puyang-leaders": ("濮阳河务局 局领导", "GongwenLeader"),
        "puyang-office_heads": ("濮阳河务局 办公室负责人", "GongwenOfficeHead"),
        "puyang-secretaries": ("濮阳河务局 秘书", "GongwenSecretary"),
        "puyang-print_room": ("濮阳河务局 文印室", "GongwenPrintRoom"),
        "puyang-archivists": ("濮阳河务局 档案员", "GongwenArchivist"),
    }
    for group_id, (title, role) in expected.items():
        assert api.group.get(groupname=group_id).getProperty("title") == title
        assert local_roles(puyang, group_id) == {role}


def test_spec2_department_groups_roles_and_drafting_in_outgoing(puyang):
    works = puyang["works"]
    assert (
        api.group.get(groupname="puyang-works-heads").getProperty("title")
        == "濮阳河务局 工务科 部门负责人"
    )
    assert local_roles(works, "puyang-works-members") == {"GongwenStaff"}
    assert local_roles(works, "puyang-works-heads") == {"GongwenDeptHead"}
    assert local_roles(works, "puyang-works-receivers") == {"GongwenReceiver"}
    outgoing = puyang["outgoing"]
    assert local_roles(outgoing, "puyang-works-members") == {"GongwenStaff"}
    assert local_roles(outgoing, "puyang-works-heads") == {"GongwenStaff"}
    assert not local_roles(outgoing, "puyang-works-receivers")
    assert not local_roles(puyang["incoming"], "puyang-works-members")


def test_spec2_group_member_gets_the_role_on_the_unit_only(puyang):
    api.group.add_user(groupname="puyang-secretaries", username="cy_secretary2")
    roles = api.user.get_roles(username="cy_secretary2", obj=puyang["incoming"])
    assert "GongwenSecretary" in roles
    assert "GongwenSecretary" not in api.user.get_roles(
        username="cy_secretary2", obj=api.portal.get()
    )


def test_spec2_units_only_at_site_root_departments_only_in_units(manager):
    root_types = [fti.getId() for fti in manager.allowedContentTypes()]
    assert "gongwen_unit" in root_types
    assert "gongwen_department" not in root_types
    folder = api.content.create(container=manager, type="Folder", id="misc", title="杂项")
    assert "gongwen_unit" not in [fti.getId() for fti in folder.allowedContentTypes()]
    unit_types = [fti.getId() for fti in manager["changyuan"].allowedContentTypes()]
    assert unit_types == ["gongwen_department", "gongwen_notice"]  # and its 通知公告 (R-P2)
    department_types = manager["changyuan"]["flood"].allowedContentTypes()
    assert [fti.getId() for fti in department_types] == ["gongwen_news"]  # its 工作动态


def test_spec2_only_administrators_may_add_units(portal):
    permission = "collective.gongwen: Add Unit"
    roles = {r["name"] for r in portal.rolesOfPermission(permission) if r["selected"]}
    assert roles == {"Manager", "Site Administrator", "GongwenSystemAdmin"}


def test_spec2_lookups_on_the_demo_organisation(portal):
    changyuan, xinxiang = portal["changyuan"], portal["xinxiang"]
    assert find_unit(changyuan["flood"]) is changyuan
    assert find_unit(changyuan["outgoing"]) is changyuan
    assert find_unit(portal) is None
    assert subordinate_units(xinxiang) == [changyuan]
    assert subordinate_units(changyuan) == []
    assert [d.getId() for d in unit_departments(changyuan)] == [
        "office",
        "engineering",
        "flood",
        "finance",
    ]
    assert function_holders(changyuan, "leaders") == ["cy_leader1", "cy_leader2", "cy_leader3"]
    assert department_holders(changyuan["flood"], "heads") == ["cy_flood_deputy", "cy_flood_head"]


def test_r_p1_unit_departments_does_not_wake_the_units_notices(manager, monkeypatch):
    """The departments are found among the unit's containers: the 通知公告 and 工作动态 that
    pile up in the unit over the years are not loaded on each transition."""
    changyuan = manager["changyuan"]
    for number in range(5):
        api.content.create(
            container=changyuan, type="gongwen_notice", id=f"n{number}", title=f"通知{number}"
        )
    woken = recorded(monkeypatch, type(aq_base(changyuan)), "_getOb", lambda _self, id, *_: id)
    assert [d.getId() for d in unit_departments(changyuan)] == [
        "office",
        "engineering",
        "flood",
        "finance",
    ]
    assert not {id for id in woken if id.startswith("n") and id[1:].isdigit()}
    assert "notice-1" not in woken and "office" in woken


def test_r_p1_function_holders_without_building_the_group(manager, monkeypatch):
    """Who holds a function is read from the group plugins; a group that is gone holds none.

    Each transition asks it several times; building the group object (properties, roles) to
    check it exists was 5 % of walking a 发文.
    """
    from Products.PlonePAS.tools.groups import GroupsTool

    from collective.gongwen.org.units import group_member_ids

    api.group.create(groupname="short-lived")
    api.group.add_user(groupname="short-lived", username="cy_leader1")
    built = recorded(monkeypatch, GroupsTool, "getGroupById", lambda _self, id, *_: id)
    assert function_holders(manager["changyuan"], "leaders") == [
        "cy_leader1",
        "cy_leader2",
        "cy_leader3",
    ]
    assert group_member_ids("no-such-group") == []
    assert group_member_ids("short-lived") == ["cy_leader1"]
    assert not built
    api.group.delete(groupname="short-lived")
    assert group_member_ids("short-lived") == []


def test_spec2_leaders_vocabulary_offers_the_units_leaders(portal):
    factory = getUtility(IVocabularyFactory, "collective.gongwen.UnitLeaders")
    terms = factory(portal["changyuan"]["engineering"])
    assert [t.value for t in terms] == ["cy_leader1", "cy_leader2", "cy_leader3"]
    assert terms.getTerm("cy_leader2").title == "张志强 (cy_leader2)"


def test_spec2_units_vocabulary_excludes_the_unit_itself(portal):
    factory = getUtility(IVocabularyFactory, "collective.gongwen.Units")
    assert [t.title for t in factory(portal["changyuan"])] == ["新乡河务局"]
    assert {t.title for t in factory(portal)} == {"新乡河务局", "长垣河务局"}


def _validate(validator_class, context, field_name, value):
    from collective.gongwen.content.unit import IGongwenUnit

    field = IGongwenUnit[field_name]
    validator_class(context, context.REQUEST, None, field, None).validate(value)


def test_spec2_duplicate_agency_code_refused_by_the_form(manager):
    from collective.gongwen.org.validators import AgencyCodeValidator

    with pytest.raises(Invalid) as raised:
        _validate(AgencyCodeValidator, manager, "agency_code", "长河")
    assert (
        translate(raised.value.args[0], target_language="zh_CN")
        == "机关代字「长河」已被其他单位使用，请换一个。"
    )
    # Editing 长垣 keeps its own code.
    _validate(AgencyCodeValidator, manager["changyuan"], "agency_code", "长河")


def test_spec2_unit_as_its_own_superior_refused_by_the_form(manager):
    from collective.gongwen.org.validators import SuperiorUnitValidator

    changyuan, xinxiang = manager["changyuan"], manager["xinxiang"]
    # Not even offered (the vocabulary leaves the unit out), and refused if posted.
    with pytest.raises(Invalid):
        _validate(SuperiorUnitValidator, changyuan, "superior_unit", changyuan.UID())
    with pytest.raises(Invalid) as raised:
        _validate(SuperiorUnitValidator, xinxiang, "superior_unit", changyuan.UID())
    assert "循环" in translate(raised.value.args[0], target_language="zh_CN")


def _post_functions(context, form):
    request = context.REQUEST
    request.method = "POST"
    request.form.update(form, _authenticator=createToken())
    request.form["form.buttons.save"] = "save"
    view = api.content.get_view("gongwen-functions", context, request)
    view()
    return view


def test_spec2_functions_form_writes_group_membership(manager):
    changyuan = manager["changyuan"]
    _post_functions(
        changyuan,
        {
            "groups": ["changyuan-secretaries", "changyuan-engineering-heads"],
            "holders.changyuan-secretaries": ["cy_secretary2", "cy_eng_staff"],
            "holders.changyuan-engineering-heads": ["cy_eng_head", "cy_eng_staff"],
        },
    )
    assert function_holders(changyuan, "secretaries") == ["cy_eng_staff", "cy_secretary2"]
    assert department_holders(changyuan["engineering"], "heads") == ["cy_eng_head", "cy_eng_staff"]
    # A group not listed in the form is left alone.
    assert function_holders(changyuan, "leaders") == ["cy_leader1", "cy_leader2", "cy_leader3"]
    # What 用户和用户组 shows is the same groups.
    groups = [g.getId() for g in api.group.get_groups(username="cy_eng_staff")]
    assert {"changyuan-secretaries", "changyuan-engineering-heads"} <= set(groups)


def test_spec2_functions_form_reads_what_users_and_groups_changed(manager):
    changyuan = manager["changyuan"]
    api.group.add_user(groupname="changyuan-archivists", username="cy_fin_staff")
    view = api.content.get_view("gongwen-functions", changyuan, changyuan.REQUEST)
    rows = {row["group_id"]: row for section in view.sections() for row in section["rows"]}
    assert rows["changyuan-archivists"]["members"] == {"cy_archivist", "cy_fin_staff"}
    html = view()
    assert "职能与人员" in html and "防汛办公室" in html and "朱琳 (cy_fin_staff)" in html


def test_spec2_functions_form_refuses_foreign_groups(manager):
    from zExceptions import BadRequest

    with pytest.raises(BadRequest):
        _post_functions(manager["changyuan"]["finance"], {"groups": ["Administrators"]})


def test_spec2_renaming_a_department_moves_its_groups(manager):
    changyuan = manager["changyuan"]
    api.content.rename(obj=changyuan["finance"], new_id="caiwu")
    assert api.group.get(groupname="changyuan-finance-heads") is None
    assert department_holders(changyuan["caiwu"], "heads") == ["cy_fin_head"]
    assert local_roles(changyuan["caiwu"], "changyuan-caiwu-heads") == {"GongwenDeptHead"}
    assert not local_roles(changyuan["caiwu"], "changyuan-finance-heads")
    assert local_roles(changyuan["outgoing"], "changyuan-caiwu-members") == {"GongwenStaff"}
    assert not local_roles(changyuan["outgoing"], "changyuan-finance-members")


def test_spec2_renaming_a_unit_moves_its_groups(manager):
    api.content.rename(obj=manager["xinxiang"], new_id="xx")
    unit = manager["xx"]
    assert function_holders(unit, "director") == ["xx_director"]
    assert department_holders(unit["water"], "heads") == ["xx_water_head"]
    assert api.group.get(groupname="xinxiang-director") is None
    assert local_roles(unit, "xx-director") == {"GongwenDirector"}
    assert not local_roles(unit, "xinxiang-director")


def test_spec2_retitling_a_unit_retitles_its_groups(manager):
    unit = manager["xinxiang"]
    unit.title = "黄河新乡河务局"
    from zope.lifecycleevent import modified

    modified(unit)
    assert (
        api.group.get(groupname="xinxiang-leaders").getProperty("title") == "黄河新乡河务局 局领导"
    )
    assert (
        api.group.get(groupname="xinxiang-water-heads").getProperty("title")
        == "黄河新乡河务局 水政水资源科 部门负责人"
    )


def test_spec2_deleting_a_department_keeps_groups_with_members(manager):
    changyuan = manager["changyuan"]
    api.content.delete(obj=changyuan["flood"])
    # heads/members/receivers all have people: kept, the admin is told.
    assert api.group.get(groupname="changyuan-flood-heads") is not None
    assert not local_roles(changyuan["outgoing"], "changyuan-flood-members")
    messages = [m.message for m in IStatusMessage(manager.REQUEST).show()]
    assert any("changyuan-flood-heads" in m and "已保留" in m for m in messages)


def test_spec2_deleting_an_empty_unit_removes_its_groups(puyang, manager):
    api.content.delete(obj=puyang)
    assert api.group.get(groupname="puyang-director") is None
    assert api.group.get(groupname="puyang-works-heads") is None


def test_spec17_demo_units_and_hierarchy(portal):
    changyuan, xinxiang = portal["changyuan"], portal["xinxiang"]
    assert (changyuan.Title(), changyuan.agency_code, changyuan.issuer_mark) == (
        "长垣河务局",
        "长河",
        "长垣河务局文件",
    )
    assert xinxiang.agency_code == "新河" and not xinxiang.superior_unit
    assert changyuan.superior_unit == xinxiang.UID()


def test_spec17_demo_departments_with_one_and_two_heads(portal):
    changyuan = portal["changyuan"]
    heads = {d.getId(): department_holders(d, "heads") for d in unit_departments(changyuan)}
    assert heads["engineering"] == ["cy_eng_head"]
    assert len(heads["office"]) == 2 and len(heads["flood"]) == 2
    assert all(department_holders(d, "receivers") for d in unit_departments(changyuan))


def test_spec17_demo_functions_and_supervising_leaders(portal):
    changyuan = portal["changyuan"]
    for key in ("director", "office_heads", "secretaries", "print_room", "archivists"):
        assert function_holders(changyuan, key), key
    assert len(function_holders(changyuan, "leaders")) == 3
    supervised = {d.supervising_leader for d in unit_departments(changyuan)}
    assert supervised == {"cy_leader1", "cy_leader2", "cy_leader3"}


def test_spec17_demo_people_have_chinese_full_names(portal):
    user = api.user.get(userid="cy_secretary1")
    assert user.getProperty("fullname") == "孙丽"
    assert user.getUserName().isascii()


def test_spec17_demo_profile_is_idempotent(manager):
    def snapshot():
        return (
            len(api.user.get_users()),
            sorted(g.getId() for g in api.group.get_groups()),
            len(api.content.find(portal_type=["gongwen_unit", "gongwen_department", "Folder"])),
            {g: function_holders(manager["changyuan"], g) for g in ("leaders", "secretaries")},
        )

    before = snapshot()
    manager.portal_setup.runAllImportStepsFromProfile("profile-collective.gongwen:demo")
    assert snapshot() == before


def test_spec17_default_profile_alone_creates_no_demo_data(manager):
    """The demo import step acts only on a profile shipping organisation.json."""
    api.content.delete(obj=manager["changyuan"])
    manager.portal_setup.runAllImportStepsFromProfile("profile-collective.gongwen:default")
    assert "changyuan" not in manager.objectIds()


def test_spec2_gongwen_settings_records_and_defaults(portal):
    from collective.gongwen.org.settings import IGongwenSettings
    from collective.gongwen.org.settings import get_setting

    # issue 19: one place for step deadlines, the unit's 「办理时限」 (自然日)
    registry = api.portal.get_tool("portal_registry")
    for name in ("deadline_normal", "deadline_urgent", "deadline_very_urgent"):
        assert name not in IGongwenSettings
        assert f"{IGongwenSettings.__identifier__}.{name}" not in registry.records
    assert get_setting("upload_max_mb") == 50
    assert get_setting("font_body") == "Noto Serif CJK SC"
    assert get_setting("email_notifications") is False


def test_spec2_gongwen_settings_control_panel_listed_for_administrators(manager):
    configlets = manager.portal_controlpanel.enumConfiglets(group="Products")
    ours = [c for c in configlets if c["id"] == "gongwen-settings"]
    assert ours and ours[0]["title"] == "公文设置"
    html = api.content.get_view("gongwen-settings", manager, manager.REQUEST)()
    assert "上传文件大小上限" in html and "楷体字体" in html
    # issue 19: the units' 「办理时限」 (自然日) are the one place
    assert "默认办理时限" not in html


def test_spec2_sharing_tab_offers_the_drafting_and_archive_roles(manager):
    view = api.content.get_view("sharing", manager["changyuan"]["outgoing"], manager.REQUEST)
    roles = {role["id"]: role["title"] for role in view.roles()}
    assert translate(roles["GongwenStaff"], target_language="zh_CN") == "可拟稿"
    assert "GongwenSecretary" not in roles


def test_spec2_uninstall_removes_types_and_settings_keeps_groups(manager, installer):
    installer.uninstall_product("collective.gongwen")
    types = manager.portal_types.objectIds()
    assert "gongwen_unit" not in types and "gongwen_department" not in types
    assert "gongwen_unit" not in manager.portal_types["Plone Site"].allowed_content_types
    records = manager.portal_registry.records
    assert not [name for name in records if "IGongwenSettings" in name]
    assert api.group.get(groupname="changyuan-secretaries") is not None
    assert queryUtility(ISharingPageRole, name="GongwenStaff") is None
    assert "gongwen-settings" not in [
        c["id"] for c in manager.portal_controlpanel.enumConfiglets(group="Products")
    ]


def test_spec17_readme_lists_every_demo_account():
    root = Path(__file__).resolve().parents[2]
    organisation = json.loads((root / "profiles/demo/organisation.json").read_text("utf-8"))
    readme = (root / "README.rst").read_text("utf-8")
    for person in organisation["people"]:
        row = f"``{person['id']}``  "
        assert row in readme and person["fullname"] in readme, person["id"]
    assert f"``{organisation['password']}``" in readme


def test_spec2_moving_a_department_to_another_unit_moves_its_groups(puyang, manager):
    changyuan = manager["changyuan"]
    api.content.move(source=changyuan["engineering"], target=puyang)
    assert department_holders(puyang["engineering"], "heads") == ["cy_eng_head"]
    assert api.group.get(groupname="changyuan-engineering-heads") is None
    assert local_roles(puyang["outgoing"], "puyang-engineering-members") == {"GongwenStaff"}
    assert not local_roles(changyuan["outgoing"], "changyuan-engineering-members")
