"""R-D7: what a 主送/抄送 name stands for in the sending unit's address book (plain rules)."""

from collective.gongwen.org import addressbook_rules as rules


def book():
    return (
        rules.Entry("局属各科室", rules.LIST, rules.OWN_GROUP, members=("办公室", "工程管理科")),
        rules.Entry(
            "办公室", rules.DEPARTMENT, rules.OWN_GROUP, "u-cy", "cy", "d-office", "office"
        ),
        rules.Entry(
            "工程管理科", rules.DEPARTMENT, rules.OWN_GROUP, "u-cy", "cy", "d-eng", "engineering"
        ),
        rules.Entry("新乡河务局", rules.UNIT, rules.PORTAL_GROUP, "u-xx", "xx"),
        rules.Entry(
            "新乡河务局水政水资源科",
            rules.DEPARTMENT,
            rules.PORTAL_GROUP,
            "u-xx",
            "xx",
            "d-water",
            "water",
        ),
        rules.Entry(
            "长垣市财政局", rules.ORGAN, rules.ORGAN_GROUP, method="paper", aliases=("市财政局",)
        ),
    )


def test_r_d7_names_resolve_to_units_departments_lists_and_organs():
    found = dict(
        rules.resolve(
            ["新乡河务局", "工程管理科", "局属各科室", "长垣市财政局", "新乡河务局水政水资源科"],
            book(),
        )
    )
    assert found["新乡河务局"].kind == rules.UNIT and found["新乡河务局"].on_portal
    assert found["工程管理科"].department_uid == "d-eng"
    assert found["局属各科室"].kind == rules.LIST
    assert found["长垣市财政局"].kind == rules.ORGAN and not found["长垣市财政局"].on_portal
    assert found["新乡河务局水政水资源科"].unit_uid == "u-xx"


def test_r_d7_unknown_name_is_external_and_flagged_once():
    names = ["新乡河务局", "各科室", "长垣县应急局", "各科室", ""]
    assert rules.unknown(names, book()) == ["各科室", "长垣县应急局"]
    assert rules.targets("长垣县应急局", None, book()) == [("长垣县应急局", None)]


def test_r_d7_normalised_names_match():
    """Full-width letters, spaces and a trailing colon do not make another name."""
    entries = book()
    assert rules.find(" 工程 管理科 ", entries).department_id == "engineering"
    assert rules.find("新乡河务局：", entries).unit_id == "xx"
    assert rules.find("市财政局", entries).name == "长垣市财政局"  # a 简称
    assert rules.find("工程管理", entries) is None


def test_r_d7_a_list_stands_for_each_of_its_departments():
    entries = book()
    entry = rules.find("局属各科室", entries)
    assert [(name, e.department_id) for name, e in rules.targets("局属各科室", entry, entries)] == [
        ("办公室", "office"),
        ("工程管理科", "engineering"),
    ]


def test_r_d7_one_delivery_per_recipient_whatever_it_is_called():
    entries = book()
    office = rules.find("办公室", entries)
    assert rules.target_key("办公室", office) == rules.target_key("办公室 ", office) == "d-office"
    assert rules.target_key("某 机关", None) == rules.target_key("某机关", None)


def test_r_d7_the_picker_groups_in_order_and_the_methods_have_titles():
    assert [key for key, _title, _entries in rules.grouped(book())] == [
        rules.OWN_GROUP,
        rules.PORTAL_GROUP,
        rules.ORGAN_GROUP,
    ]
    assert [title for _key, title, _e in rules.grouped(book())] == [
        "本单位科室",
        "系统内单位",
        "外部机关",
    ]
    assert rules.method_title("paper") == "纸质件"
    assert rules.method_title("nonsense") == "交换包"
