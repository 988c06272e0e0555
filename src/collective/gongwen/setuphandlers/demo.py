"""The demo organisation (SPEC §17): units, departments and accounts from a data file.

The ``demo`` profile ships ``organisation.json``; the import step registered in
``org/configure.zcml`` reads it and creates what is missing, so applying the
profile twice creates nothing twice. Each unit's 编辑 publishes its demo
通知公告 and its departments' 工作动态, so the front page (R-P1) has content.
Training data only.
"""

import json
import logging
from pathlib import Path

from DateTime import DateTime
from plone import api
from plone.app.textfield.value import RichTextValue

from collective.gongwen.accounts.password_plugin import waived
from collective.gongwen.org.functions import department_group_id
from collective.gongwen.org.functions import unit_group_id
from collective.gongwen.org.sync import ADDRESSBOOK_FOLDER

logger = logging.getLogger("collective.gongwen.demo")
DATA_FILE = "organisation.json"
DEMO_EMAIL_DOMAIN = "demo.gongwen.example.com"


def import_organisation(context):
    """GenericSetup import step: act only on a profile that has ``organisation.json``."""
    data = context.readDataFile(DATA_FILE)
    if data is None:
        return
    create_organisation(json.loads(data))
    logger.info("Demo organisation imported")


def demo_organisation():
    """The demo profile's ``organisation.json``, read from the package (for upgrades)."""
    path = Path(__file__).parents[1] / "profiles" / "demo" / DATA_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def create_organisation(organisation):
    """Create the people, units, departments and function holders of ``organisation``."""
    portal = api.portal.get()
    with api.env.adopt_roles(["Manager"]):
        for person in organisation["people"]:
            ensure_person(person, organisation["password"])
        units = {spec["id"]: ensure_unit(portal, spec) for spec in organisation["units"]}
        for spec in organisation["units"]:
            unit = units[spec["id"]]
            if spec.get("superior") and not unit.superior_unit:
                unit.superior_unit = units[spec["superior"]].UID()
                unit.reindexObject()
            for key, user_ids in spec["functions"].items():
                add_members(unit_group_id(unit.getId(), key), user_ids)
            for department_spec in spec["departments"]:
                ensure_department(unit, department_spec)
            for organ_spec in spec.get("organs", ()):
                ensure_organ(unit, organ_spec)
    for spec in organisation["units"]:
        unit = units[spec["id"]]
        editor = spec["functions"].get("editors", [None])[0]
        for item in spec.get("notices", ()):
            ensure_published(unit, "gongwen_notice", item, editor)
        for department_spec in spec["departments"]:
            for item in department_spec.get("news", ()):
                ensure_published(unit[department_spec["id"]], "gongwen_news", item, editor)


def ensure_person(person, password):
    """The demo user ``person['id']``, created with their Chinese full name if missing.

    ``site_roles`` (e.g. the demo administrator's Site Administrator) are
    granted site-wide; functions come from the groups, never from here.
    """
    user = api.user.get(userid=person["id"])
    if user is None:
        with waived():  # training accounts: not held to the password policy (README)
            user = api.user.create(
                username=person["id"],
                email=f"{person['id']}@{DEMO_EMAIL_DOMAIN}",
                password=password,
                properties={"fullname": person["fullname"], "description": person.get("job", "")},
            )
    if person.get("site_roles"):
        api.user.grant_roles(user=user, roles=person["site_roles"])
    return user


def ensure_unit(portal, spec):
    """The unit ``spec['id']`` at the site root, created if missing (its groups come with it)."""
    unit = portal.get(spec["id"])
    if unit is None:
        unit = api.content.create(
            container=portal,
            type="gongwen_unit",
            id=spec["id"],
            title=spec["title"],
            agency_code=spec["agency_code"],
            issuer_mark=spec["issuer_mark"],
            fonds_number=spec.get("fonds_number"),
        )
    return unit


def ensure_department(unit, spec):
    """The department ``spec['id']`` in ``unit`` with its heads, members and receivers."""
    department = unit.get(spec["id"])
    if department is None:
        # Leaders first: the supervising leader's vocabulary is the unit's leaders.
        department = api.content.create(
            container=unit,
            type="gongwen_department",
            id=spec["id"],
            title=spec["title"],
            supervising_leader=spec.get("supervising_leader"),
            organ_code=spec.get("organ_code"),
        )
    if spec.get("organ_code") and not getattr(department, "organ_code", None):
        department.organ_code = spec["organ_code"]  # R-R1: demo sites made before the field
    for key in ("members", "heads", "receivers"):
        add_members(department_group_id(unit.getId(), department.getId(), key), spec[key])
    return department


def ensure_organ(unit, spec):
    """The external organ ``spec['id']`` in the unit's 「通讯录」 (R-D7), created if missing."""
    folder = unit[ADDRESSBOOK_FOLDER]
    organ = folder.get(spec["id"])
    if organ is None:
        organ = api.content.create(
            container=folder,
            type="gongwen_organ",
            id=spec["id"],
            title=spec["title"],
            short_names=list(spec.get("short_names", ())),
            exchange_method=spec.get("exchange_method", "package"),
            contact=spec.get("contact"),
        )
    return organ


def add_members(group_id, user_ids):
    """Add ``user_ids`` to ``group_id`` (existing members, and others, stay)."""
    for user_id in user_ids:
        api.group.add_user(groupname=group_id, username=user_id)


def ensure_published(container, portal_type, spec, editor):
    """A published 通知公告/工作动态 ``spec`` in ``container`` by ``editor``, unless there is one.

    Its publication date lies ``spec['days_ago']`` days back, so the front
    page's order and the stale 工作动态 flag have something to show.
    """
    if spec["id"] in container.objectIds():
        return
    with api.env.adopt_user(username=editor) if editor else api.env.adopt_roles(["Manager"]):
        item = api.content.create(
            container=container,
            type=portal_type,
            id=spec["id"],
            title=spec["title"],
            text=RichTextValue(f"<p>{spec.get('text', '')}</p>", "text/html", "text/x-html-safe"),
        )
        api.content.transition(obj=item, transition="publish")
    item.setEffectiveDate(DateTime() - spec.get("days_ago", 0))
    item.reindexObject(idxs=["effective"])
