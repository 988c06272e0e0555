"""R-D7 on the demo data: every 主送/抄送 of the demo 发文 is a name of its unit's address book
(units, departments, 局属各科室, the office's organs), and no body repeats the 主送 line that
the 正式文件 prints above it (issue 19: 「局属各科室：」 twice)."""

from collective.gongwen.org import addressbook_rules as rules
from collective.gongwen.setuphandlers.demo import demo_organisation
from collective.gongwen.setuphandlers.demo_documents import demo_documents
from collective.gongwen.typeset.rules import recipients_line


def demo_book(unit_id):
    """The address book of the demo unit ``unit_id``, from organisation.json alone."""
    units = demo_organisation()["units"]
    own = next(unit for unit in units if unit["id"] == unit_id)
    titles = tuple(department["title"] for department in own["departments"])
    entries = [
        rules.Entry(name, rules.LIST, rules.OWN_GROUP, members=titles)
        for name in rules.DEPARTMENT_LISTS
    ]
    for department in own["departments"]:
        entries.append(
            rules.Entry(
                department["title"],
                rules.DEPARTMENT,
                rules.OWN_GROUP,
                own["id"],
                own["id"],
                department["id"],
                department["id"],
            )
        )
    for unit in units:
        entries.append(
            rules.Entry(unit["title"], rules.UNIT, rules.PORTAL_GROUP, unit["id"], unit["id"])
        )
        for department in unit["departments"]:
            name = unit["title"] + department["title"]
            entries.append(
                rules.Entry(
                    name,
                    rules.DEPARTMENT,
                    rules.PORTAL_GROUP,
                    unit["id"],
                    unit["id"],
                    department["id"],
                    department["id"],
                )
            )
    for organ in own.get("organs", ()):
        entries.append(
            rules.Entry(
                organ["title"],
                rules.ORGAN,
                rules.ORGAN_GROUP,
                method=organ.get("exchange_method", ""),
                aliases=tuple(organ.get("short_names", ())),
            )
        )
    return entries


def outgoing():
    return [entry for entry in demo_documents()["documents"] if entry["type"] == "outgoing"]


def test_r_d7_demo_recipients_are_all_in_the_address_book():
    for entry in outgoing():
        names = entry["main_recipients"] + entry.get("cc_recipients", [])
        assert rules.unknown(names, demo_book(entry["unit"])) == [], entry["id"]


def test_r_d7_demo_recipients_include_departments_and_external_organs():
    kinds = set()
    for entry in outgoing():
        book = demo_book(entry["unit"])
        for name in entry["main_recipients"] + entry.get("cc_recipients", []):
            kinds.add(rules.find(name, book).kind)
    assert kinds == {rules.UNIT, rules.DEPARTMENT, rules.LIST, rules.ORGAN}


def test_demo_outgoing_bodies_do_not_repeat_the_main_recipients():
    for entry in outgoing():
        if "word_body" in entry:
            continue  # a Word 正文's own 主送 line: the 套红 leaves it out (typeset.body_frame)
        first = entry["text"][0].strip()
        assert first != recipients_line(entry["main_recipients"]), entry["id"]
        assert not first.endswith("："), entry["id"]
