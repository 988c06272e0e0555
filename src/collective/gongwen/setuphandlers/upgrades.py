"""Upgrade steps of the default profile (profiles/default/metadata.xml's version)."""

import logging

from plone import api

from collective.gongwen.accounts import plone_groups
from collective.gongwen.conversion.versioning import install_modifier
from collective.gongwen.org import sync
from collective.gongwen.portal import brand
from collective.gongwen.routing import deadlines
from collective.gongwen.steps import todo
from collective.gongwen.steps.roles import OUTGOING_WORKFLOW
from collective.gongwen.viewer.settings import apply_bureau_viewer_settings

PROFILE = "profile-collective.gongwen:default"
logger = logging.getLogger("collective.gongwen.upgrades")
PUBLICATION_WORKFLOW = "gongwen_publication_workflow"


def background_conversion(context):
    """1000 → 1001: ``conversion_state`` index, JPEG pages, versions without viewer pages."""
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "catalog")
    catalog = api.portal.get_tool("portal_catalog")
    catalog.manage_reindexIndex(ids=["conversion_state"])
    apply_bureau_viewer_settings(api.portal.get())
    install_modifier(api.portal.get())


def outgoing_workflow(context):
    """1001 → 1002: 发文 workflow (SPEC §4); existing 发文 restart as drafts of their owner.

    Classified documents keep ``gongwen_classified_workflow`` (the chain
    adapter decides). The drafter is recorded from the owner first, so the
    routing subscriber does not take the admin running the upgrade for it.
    """
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "rolemap")
    setup.runImportStepFromProfile(PROFILE, "workflow")
    workflow_tool = api.portal.get_tool("portal_workflow")
    workflow = workflow_tool[OUTGOING_WORKFLOW]
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="gongwen_outgoing"):
        document = brain._unrestrictedGetObject()
        if OUTGOING_WORKFLOW not in workflow_tool.getChainFor(document):
            continue
        if workflow_tool.getStatusOf(OUTGOING_WORKFLOW, document) is None:
            owner = document.getOwnerTuple()
            document.routing_drafter = owner[1] if owner else None
            workflow.notifyCreated(document)
        workflow.updateRoleMappingsFor(document)
        document.reindexObjectSecurity()
        document.reindexObject(idxs=["review_state", "assignees"])


def todo_from_catalog(context):
    """1002 → 1003: leaders may ask for 会签 (R-O7), 我的待办 in the navigation, and
    the ``assigned_since`` column that lets 我的待办 render from the catalog alone."""
    setup = api.portal.get_tool("portal_setup")
    for step in ("workflow", "catalog", "actions"):
        setup.runImportStepFromProfile(PROFILE, step)
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="gongwen_outgoing"):
        # (metadata columns are refreshed with any reindex)
        brain._unrestrictedGetObject().reindexObject(idxs=["assignees"])


def incoming_workflow(context):
    """1003 → 1004: 收文 workflow (SPEC §5), 我的待阅; existing 收文 start at 秘书登记.

    Their 收文编号 stay as issued; those registered before this had none
    and get one now (R-I1). Classified register entries keep their workflow.
    """
    from collective.gongwen.incoming.subscribers import INCOMING_WORKFLOW
    from collective.gongwen.incoming.subscribers import register

    setup = api.portal.get_tool("portal_setup")
    for step in ("rolemap", "workflow", "catalog", "actions"):
        setup.runImportStepFromProfile(PROFILE, step)
    workflow_tool = api.portal.get_tool("portal_workflow")
    workflow = workflow_tool[INCOMING_WORKFLOW]
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="gongwen_incoming"):
        document = brain._unrestrictedGetObject()
        if INCOMING_WORKFLOW not in workflow_tool.getChainFor(document):
            continue
        if not getattr(document, "receipt_number", None):
            register(document, None)
        if workflow_tool.getStatusOf(INCOMING_WORKFLOW, document) is None:
            workflow.notifyCreated(document)
        workflow.updateRoleMappingsFor(document)
        document.reindexObjectSecurity()
        document.reindexObject()


def exchange(context):
    """1004 → 1005: 待签收 (index, tab), recall, exchange packages, secretaries read sent 发文.

    The workflow's ``sent`` state now lets the unit's secretaries read the
    document (its receipts) and offers ``recall``: role mappings of sent
    documents are updated, and their deliveries indexed.
    """
    setup = api.portal.get_tool("portal_setup")
    for step in ("workflow", "catalog", "actions"):
        setup.runImportStepFromProfile(PROFILE, step)
    workflow = api.portal.get_tool("portal_workflow")[OUTGOING_WORKFLOW]
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type="gongwen_outgoing", review_state="sent"
    ):
        document = brain._unrestrictedGetObject()
        if workflow.updateRoleMappingsFor(document):
            document.reindexObjectSecurity()
    catalog.manage_reindexIndex(ids=["delivery_units"])


def portal(context):
    """1005 → 1006: the front page (R-P1), 编辑 and the publication workflow (R-P2),
    the folders' listings (R-P3), 登录情况 in the control panel, and the
    e-mail notifications' settings and personal preferences (SPEC §15).

    The front page becomes the site's and every unit's default view, the
    units' 发文/收文/档案 folders show their filtered listing; units get their
    编辑 group; 通知公告 and 工作动态 move to
    ``gongwen_publication_workflow`` keeping whether they were published or
    pending (a private item becomes a draft).
    """
    from collective.gongwen.org.sync import set_folder_views
    from collective.gongwen.org.sync import sync_unit
    from collective.gongwen.setuphandlers.install import FRONT_PAGE

    setup = api.portal.get_tool("portal_setup")
    for step in (
        "typeinfo",
        "rolemap",
        "workflow",
        "plone.app.registry",
        "controlpanel",
        "actions",
        "memberdata-properties",
    ):
        setup.runImportStepFromProfile(PROFILE, step)
    site = api.portal.get()
    site.setLayout(FRONT_PAGE)
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="gongwen_unit"):
        unit = brain._unrestrictedGetObject()
        sync_unit(unit)
        set_folder_views(unit)
        if unit.getLayout() == "listing_view":
            unit.setLayout(FRONT_PAGE)
    _move_to_publication_workflow(catalog)


def _move_to_publication_workflow(catalog):
    workflow_tool = api.portal.get_tool("portal_workflow")
    workflow = workflow_tool[PUBLICATION_WORKFLOW]
    for brain in catalog.unrestrictedSearchResults(portal_type=["gongwen_notice", "gongwen_news"]):
        item = brain._unrestrictedGetObject()
        if workflow_tool.getStatusOf(PUBLICATION_WORKFLOW, item) is None:
            old = workflow_tool.getStatusOf("simple_publication_workflow", item) or {}
            state = old.get("review_state")
            workflow_tool.setStatusOf(
                PUBLICATION_WORKFLOW,
                item,
                {
                    "review_state": state if state in ("pending", "published") else "draft",
                    "action": None,
                    "actor": old.get("actor"),
                    "comments": "",
                    "time": old.get("time"),
                },
            )
        workflow.updateRoleMappingsFor(item)
        item.reindexObjectSecurity()
        item.reindexObject(idxs=["review_state"])


def hardening(context):
    """1006 → 1007: bounds and render caps in 公文设置, 作废 and nothing deleted once on
    record (R-O13), re-signing until 发送 (R-O6), step holders save file versions.

    Drafts never submitted keep their drafter's right to delete them; a 收文
    made by 签收 is marked so it is never voided (the sender holds its receipt).
    """
    from plone.app.uuid.utils import uuidToObject

    from collective.gongwen.exchange.deliveries import deliveries
    from collective.gongwen.incoming.registration import mark_signed_for
    from collective.gongwen.routing.people import drafter_id
    from collective.gongwen.steps.opinions import opinions
    from collective.gongwen.steps.roles import DRAFT_OWNER_ROLE
    from collective.gongwen.steps.roles import grant

    setup = api.portal.get_tool("portal_setup")
    for step in ("rolemap", "workflow", "plone.app.registry"):
        setup.runImportStepFromProfile(PROFILE, step)
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="gongwen_outgoing"):
        document = brain._unrestrictedGetObject()
        drafter = drafter_id(document)
        if brain.review_state == "draft" and drafter and not opinions(document):
            grant(document, drafter, DRAFT_OWNER_ROLE)
        for record in deliveries(document):
            for entry in record["trail"]:
                incoming = uuidToObject(entry.get("incoming"), unrestricted=True)
                if incoming is not None:
                    mark_signed_for(incoming, record["id"])
    api.portal.get_tool("portal_workflow").updateRoleMappings()


def steps_package(context):
    """1007 → 1008 (issue 16): the shared ``steps`` package, behaviors, render jobs.

    Opinion records pickled as ``routing.opinions.Opinion`` are written again as
    ``steps.opinions.Opinion`` (``moved`` keeps the old path loadable meanwhile);
    the two document types get their shared field blocks as behaviors (typeinfo).
    """
    from persistent.list import PersistentList
    from zope.annotation.interfaces import IAnnotations

    from collective.gongwen.steps import opinions

    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "typeinfo")
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=("gongwen_outgoing", "gongwen_incoming")
    ):
        annotations = IAnnotations(brain._unrestrictedGetObject())
        records = annotations.get(opinions.KEY)
        if records:
            annotations[opinions.KEY] = PersistentList(
                opinions.Opinion(**vars(record)) for record in records
            )


def account_lockout(context):
    """1008 → 1009 (issue 17, R-SEC3): the failed-login lockout — its records, its control panel
    (登录与锁定) and its PAS plugin, first among the authenticators."""
    from collective.gongwen.accounts.plugin import install_lockout_plugin

    setup = api.portal.get_tool("portal_setup")
    for step in ("plone.app.registry", "controlpanel"):
        setup.runImportStepFromProfile(PROFILE, step)
    install_lockout_plugin(api.portal.get())


def duties_and_audit(context):
    """1009 → 1010 (issue 17, R-U1, R-U2, R-SEC3): 三员分立, the audit screens, the password policy.

    The three duty roles and their permissions (rolemap), the configlets 安全设置, 审计日志 and
    审计日志保存期限 (controlpanel), their records (registry); the password-policy plugin (the
    age of every existing password starts now: nobody is expired at once), the session settings
    (idle timeout, per-user keyrings, stored JWTs). Whoever held Site Administrator site-wide
    becomes 系统管理员: Site Administrator also reaches roles, sharing and security, which R-U2
    gives to another person. On a demo site the two new demo duties are created.
    """
    from collective.gongwen.accounts.password_plugin import install_password_policy_plugin
    from collective.gongwen.accounts.sessions import apply_session_settings
    from collective.gongwen.setuphandlers import demo

    site = api.portal.get()
    setup = api.portal.get_tool("portal_setup")
    for step in ("rolemap", "controlpanel", "plone.app.registry", "typeinfo"):
        setup.runImportStepFromProfile(PROFILE, step)
    install_password_policy_plugin(site)
    apply_session_settings(site)
    roles = site.acl_users.portal_role_manager
    for principal_id, _title in roles.listAssignedPrincipals("Site Administrator"):
        roles.removeRoleFromPrincipal("Site Administrator", principal_id)
        roles.assignRoleToPrincipal("GongwenSystemAdmin", principal_id)
        logger.info("R-U2: %s holds 系统管理员 instead of Site Administrator", principal_id)
    admin = api.user.get(userid="gw_admin")
    if admin is not None and admin.getProperty("email", "").endswith(demo.DEMO_EMAIL_DOMAIN):
        organisation = demo.demo_organisation()
        for person in organisation["people"]:
            if person["id"] in ("gw_secadmin", "gw_auditor"):
                demo.ensure_person(person, organisation["password"])


# The catalog indexes issue 18 adds (search/indexers.py), filled on the documents already there.
SEARCH_INDEXES = (
    "number_keys",
    "gongwen_year",
    "retention",
    "direction",
    "source_organ",
    "archival_code",
    "item_number",
    "legal_hold",
)


def archive_and_search(context):
    """1010 → 1011 (issue 18, R-S1, R-R1–R-R3): 公文检索, 归档, 四性检测, 鉴定与销毁, 移交.

    The new indexes and metadata columns (catalog; filled for every 发文 and 收文), the lexicon's
    splitter that cuts a query like the text and makes numbers words (the text indexes are
    rebuilt), the 公文检索 tab (actions), the 档案员's permission and the 监销人 role (rolemap),
    the read-only ``archived`` state (workflow, then every document's permissions), 档案设置 and its
    records (controlpanel, registry; the registry step also adds 安全设置's address lockout limit,
    R-SEC3), the 监销人 groups and the 档案 folder's 档案管理 view on
    every unit (org sync); 收文登记's keys rebuilt (one normal form of a 来文字号, R-I1); a file
    whose versioning was switched off keeps its current bytes as a version (R-A2); on a demo site
    the two 监销人 and the departments' 机构(问题)代码.
    """
    from collective.gongwen.content.files import keep_current_version
    from collective.gongwen.org.sync import set_folder_views
    from collective.gongwen.org.sync import sync_unit
    from collective.gongwen.search.splitter import install_splitter
    from collective.gongwen.setuphandlers import demo

    setup = api.portal.get_tool("portal_setup")
    for step in ("catalog", "actions", "rolemap", "workflow", "plone.app.registry", "controlpanel"):
        setup.runImportStepFromProfile(PROFILE, step)
    api.portal.get_tool("portal_workflow").updateRoleMappings()
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=["gongwen_outgoing", "gongwen_incoming"]
    ):
        brain._unrestrictedGetObject().reindexObject(idxs=list(SEARCH_INDEXES))
    install_splitter(catalog)
    # 收文登记's key of a 来文 is now numbering.keys.number_key of its 来文字号 (R-I1)
    catalog.manage_reindexIndex(ids=["source_key"])
    # R-A2: a file whose 启用版本管理 was switched off keeps its current bytes as a version
    for brain in catalog.unrestrictedSearchResults(portal_type="gongwen_attachment"):
        item = brain._unrestrictedGetObject()
        if "versioning_enabled" in item.__dict__ and not item.__dict__["versioning_enabled"]:
            keep_current_version(item)
    for brain in catalog.unrestrictedSearchResults(portal_type="gongwen_unit"):
        unit = brain._unrestrictedGetObject()
        sync_unit(unit)
        set_folder_views(unit)
    admin = api.user.get(userid="gw_admin")
    if admin is not None and admin.getProperty("email", "").endswith(demo.DEMO_EMAIL_DOMAIN):
        demo.create_organisation(demo.demo_organisation())


def daily_use(context):
    """1011 → 1012 (issue 19): the profile's changed parts imported again, then each package's
    own step (``DAILY_USE_STEPS``, in order)."""
    setup = api.portal.get_tool("portal_setup")
    for step in DAILY_USE_IMPORTS:
        setup.runImportStepFromProfile(PROFILE, step)
    api.portal.get_tool("portal_workflow").updateRoleMappings()
    for step in DAILY_USE_STEPS:
        step(context)


# The import steps issue 19 changed (typeinfo: new types and views; the rest: records, actions,
# roles, workflows, indexes, portlets, member properties).
DAILY_USE_IMPORTS = (
    "typeinfo",
    "catalog",
    "actions",
    "rolemap",
    "workflow",
    "plone.app.registry",
    "controlpanel",
    "portlets",
    "memberdata-properties",
)
# Each package's own upgrade function (context → None): the units' 「通讯录」 (R-D7), 公文设置's
# deadline records gone and the open 发文 steps' deadlines (R-O12), the listings' columns
# (R-P3), the site's title from the brand, Plone's groups' Chinese titles.
DAILY_USE_STEPS = (
    sync.ensure_all_unit_folders,
    deadlines.upgrade_1012,
    todo.upgrade_1012,
    brand.upgrade_1012,
    plone_groups.upgrade_1012,
)


def registry_records(context):
    """An upgrade that adds or changes registry records only: the profile's records imported
    again. 1012 → 1013 (issue 20): 公文设置's 签出编辑 lock time (R-D6; the Word 正文's files,
    versions, records and job store are made as they are first used). 1013 → 1014 (issue
    21): ``plone.generate_tabs`` off — the top bar shows the portal's tabs only, without a
    catalog query per page over every document."""
    api.portal.get_tool("portal_setup").runImportStepFromProfile(PROFILE, "plone.app.registry")
