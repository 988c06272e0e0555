"""Keep units' folders, function groups and local roles in step with the content.

Subscribers (registered in ``org/configure.zcml``) call these when a unit or
department is added, edited, renamed or deleted:

* a new unit gets its 发文/收文/档案/通讯录 folders (shown by the listing of R-P3,
  ``@@gongwen-listing``) and one group per unit function,
  each group holding its function's role as a local role on the unit;
* a new department gets one group per department function with its role as a
  local role on the department; members and heads also get ``GongwenStaff``
  on the unit's 发文 folder, where documents are drafted;
* renaming (a new id) moves the members into groups named after the new id
  and removes the old groups, which are then empty;
* deleting removes the local roles with the object and removes the object's
  groups that are empty; groups that still have members are kept (people's
  data, and their membership history) and the administrator is told which.
"""

from Acquisition import aq_base
from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.folder.default import DefaultOrdering
from Products.CMFPlone.interfaces.constrains import ENABLED
from Products.CMFPlone.interfaces.constrains import ISelectableConstrainTypes
from zope.annotation.interfaces import IAnnotations
from zope.container.interfaces import IContainerModifiedEvent
from zope.i18n import translate
from zope.lifecycleevent.interfaces import IObjectAddedEvent
from zope.lifecycleevent.interfaces import IObjectRemovedEvent

from collective.gongwen import _
from collective.gongwen.org.functions import DEPARTMENT_FUNCTIONS
from collective.gongwen.org.functions import UNIT_FUNCTIONS
from collective.gongwen.org.functions import department_group_id
from collective.gongwen.org.functions import department_group_ids
from collective.gongwen.org.functions import function_group_ids
from collective.gongwen.org.functions import group_title
from collective.gongwen.org.functions import unit_group_id
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.units import group_member_ids
from collective.gongwen.org.units import unit_departments

# (id, title, addable types): the unit's document folders. The archive takes
# nothing yet; archiving (SPEC §11) will move finished documents into it.
UNIT_FOLDERS = (
    ("outgoing", _("folder_outgoing", default="发文"), ("gongwen_outgoing",)),
    ("incoming", _("folder_incoming", default="收文"), ("gongwen_incoming",)),
    ("archive", _("folder_archive", default="档案"), ()),
    # R-D7: the external organs of the unit's address book, kept by its office.
    ("addressbook", _("folder_addressbook", default="通讯录"), ("gongwen_organ",)),
)
ADDRESSBOOK_FOLDER = "addressbook"
OUTGOING_FOLDER = "outgoing"
# The folders documents pile up in, kept unordered: an ordered folder writes the list of all
# its ids again with each new document (270 KB at 10,000; a history-preserving storage keeps
# every copy), and every listing sorts by date anyway.
UNORDERED_FOLDERS = ("outgoing", "incoming")
# Their default view: the filtered listing of R-P3 (portal/browser/listing.py); the 档案
# folder's is the archivists' 档案管理 (archive/browser/home.py), named here, not imported.
FOLDER_VIEW = "gongwen-listing"
FOLDER_VIEWS = {"archive": "gongwen-archive-home", "addressbook": "gongwen-addressbook"}


def folder_view(folder_id):
    """The default view of the unit folder ``folder_id``."""
    return FOLDER_VIEWS.get(folder_id, FOLDER_VIEW)


# Department functions that draft documents in the unit's 发文 folder.
DRAFTING_FUNCTIONS = ("members", "heads")
DRAFTING_ROLE = "GongwenStaff"


# --- groups and local roles -------------------------------------------------


def ensure_group(group_id, title):
    """Create group ``group_id`` titled ``title``, or retitle it; return nothing."""
    groups = api.portal.get_tool("portal_groups")
    group = groups.getGroupById(group_id)
    if group is None:
        api.group.create(groupname=group_id, title=title)
    elif group.getProperty("title") != title:
        groups.editGroup(group_id, title=title)


def grant_local_role(obj, principal_id, role):
    """Give ``principal_id`` the local ``role`` on ``obj`` (keeping its other local roles)."""
    roles = set(obj.get_local_roles_for_userid(principal_id))
    if role not in roles:
        obj.manage_setLocalRoles(principal_id, sorted(roles | {role}))
        obj.reindexObjectSecurity()


def remove_empty_groups(group_ids):
    """Delete the groups in ``group_ids`` that have no members; return the ids kept."""
    kept = []
    for group_id in group_ids:
        if api.group.get(groupname=group_id) is None:
            continue
        if group_member_ids(group_id):
            kept.append(group_id)
        else:
            api.group.delete(groupname=group_id)
    return kept


def move_group_members(old_id, new_id):
    """Add ``old_id``'s members to ``new_id``, then delete ``old_id`` (now redundant)."""
    if api.group.get(groupname=old_id) is None or old_id == new_id:
        return
    for member in group_member_ids(old_id):
        api.group.add_user(groupname=new_id, username=member)
    api.group.delete(groupname=old_id)


# --- units and departments --------------------------------------------------


def _translated(message):
    return translate(message, target_language="zh_CN")


def ensure_unit_folders(unit):
    """Create the unit's 发文/收文/档案/通讯录 folders when missing; constrain what they take."""
    for folder_id, title, addable in UNIT_FOLDERS:
        folder = unit.get(folder_id)
        if folder is None:
            # Units do not list Folder as addable (the add menu stays clean),
            # so the constraints are bypassed for these three.
            folder = createContentInContainer(
                unit, "Folder", checkConstraints=False, id=folder_id, title=_translated(title)
            )
            if api.content.get_state(folder, default=None) == "private":
                # Structure, not documents: readable so staff can reach the add
                # forms; documents carry their own workflows. Whoever may add a
                # unit (系统管理员, R-U2) does not review content: the structure
                # is published with the system's authority.
                with api.env.adopt_roles(["Manager"]):
                    api.content.transition(folder, transition="publish")
            folder.setLayout(folder_view(folder_id))
        if folder_id in UNORDERED_FOLDERS:
            keep_unordered(folder)
        # The constraint adapter's setters refuse types the *current user*
        # cannot add yet (or that are not installed yet); the folder only
        # stores the names, and Plone intersects them with what each user may
        # add at request time, so the names are written directly.
        ISelectableConstrainTypes(folder).setConstrainTypesMode(ENABLED)
        folder.locally_allowed_types = tuple(addable)
        folder.immediately_addable_types = tuple(addable)


def keep_unordered(folder):
    """Make ``folder`` unordered; the order plone.folder kept of its items goes."""
    if getattr(aq_base(folder), "_ordering", "") == "unordered":
        return
    folder.setOrdering("unordered")
    annotations = IAnnotations(folder)
    for key in (DefaultOrdering.ORDER_KEY, DefaultOrdering.POS_KEY):
        annotations.pop(key, None)


def ensure_all_unit_folders(context):
    """Every unit's folders as ``ensure_unit_folders`` makes them, on an existing site:
    1011 → 1012 (R-D7) adds the 「通讯录」, 1014 → 1015 (issue 21) makes 发文 and 收文
    unordered."""
    from collective.gongwen.org.units import all_units

    for unit in all_units():
        ensure_unit_folders(unit)


def set_folder_views(unit):
    """Give the unit's folders their default views (``folder_view``; for sites made before)."""
    for folder_id, _title, _addable in UNIT_FOLDERS:
        folder = unit.get(folder_id)
        if folder is not None and folder.getLayout() != folder_view(folder_id):
            folder.setLayout(folder_view(folder_id))


def sync_unit(unit):
    """Folders, unit groups (titles included) and their local roles; then every department."""
    ensure_unit_folders(unit)
    for function in UNIT_FUNCTIONS:
        group_id = unit_group_id(unit.getId(), function.key)
        ensure_group(group_id, group_title(unit.Title(), function))
        grant_local_role(unit, group_id, function.role)
    for department in unit_departments(unit):
        sync_department(department)


def sync_department(department):
    """The department's groups and local roles, and its drafters' role on the 发文 folder."""
    unit = find_unit(department)
    if unit is None:
        return
    owner_title = f"{unit.Title()} {department.Title()}"
    outgoing = unit.get(OUTGOING_FOLDER)
    for function in DEPARTMENT_FUNCTIONS:
        group_id = department_group_id(unit.getId(), department.getId(), function.key)
        ensure_group(group_id, group_title(owner_title, function))
        grant_local_role(department, group_id, function.role)
        if function.key in DRAFTING_FUNCTIONS and outgoing is not None:
            grant_local_role(outgoing, group_id, DRAFTING_ROLE)


def drop_department_roles(unit, department_id):
    """Remove the department's groups' local roles from the unit's 发文 folder."""
    outgoing = unit.get(OUTGOING_FOLDER)
    if outgoing is None:
        return
    group_ids = department_group_ids(unit.getId(), department_id)
    ids = [gid for gid in group_ids if outgoing.get_local_roles_for_userid(gid)]
    if ids:
        outgoing.manage_delLocalRoles(ids)
        outgoing.reindexObjectSecurity()


def _warn_kept(kept):
    if not kept:
        return
    message = _(
        "msg_groups_kept",
        default="以下用户组仍有成员，已保留（可在「用户和用户组」中查看或删除）：${groups}",
        mapping={"groups": "、".join(kept)},
    )
    request = getattr(api.portal.get(), "REQUEST", None)
    if request is not None:
        api.portal.show_message(message, request=request, type="warning")


# --- subscribers ------------------------------------------------------------


def unit_added(unit, event):
    sync_unit(unit)


def unit_modified(unit, event):
    # Adding or removing a child (a folder while the unit is being set up, a
    # department) is handled by the child's own subscriber.
    if not IContainerModifiedEvent.providedBy(event):
        sync_unit(unit)


def unit_moved(unit, event):
    """A rename: move the members to groups named after the new id."""
    if IObjectAddedEvent.providedBy(event) or IObjectRemovedEvent.providedBy(event):
        return
    if event.oldName == event.newName:
        return
    department_ids = [d.getId() for d in unit_departments(unit)]
    sync_unit(unit)
    old_ids = function_group_ids(event.oldName, department_ids)
    new_ids = function_group_ids(unit.getId(), department_ids)
    for old_id, new_id in zip(old_ids, new_ids, strict=True):
        move_group_members(old_id, new_id)
    _drop_stale_local_roles(unit, old_ids)


def unit_removed(unit, event):
    """Deleted: its local roles went with it; delete its empty groups, keep the others."""
    if event.object is not unit:
        return
    department_ids = [d.getId() for d in unit_departments(unit)]
    _warn_kept(remove_empty_groups(function_group_ids(unit.getId(), department_ids)))


def department_added(department, event):
    if event.object is department:
        sync_department(department)


def department_modified(department, event):
    if not IContainerModifiedEvent.providedBy(event):
        sync_department(department)


def department_moved(department, event):
    """A rename, or a move to another unit: its groups follow it."""
    if event.object is not department:
        return  # its unit moved: handled by unit_moved
    if IObjectAddedEvent.providedBy(event) or IObjectRemovedEvent.providedBy(event):
        return
    unit, old_unit = find_unit(department), find_unit(event.oldParent)
    if unit is None or old_unit is None:
        return
    old_ids = department_group_ids(old_unit.getId(), event.oldName)
    new_ids = department_group_ids(unit.getId(), department.getId())
    if old_ids == new_ids:
        return
    sync_department(department)
    for old_id, new_id in zip(old_ids, new_ids, strict=True):
        move_group_members(old_id, new_id)
    drop_department_roles(old_unit, event.oldName)
    _drop_stale_local_roles(department, old_ids)


def department_removed(department, event):
    """Deleted from its unit: drop its 发文 folder roles, delete its empty groups."""
    if event.object is not department:
        return  # deleted with its unit: handled by unit_removed
    unit = event.oldParent
    drop_department_roles(unit, department.getId())
    _warn_kept(remove_empty_groups(department_group_ids(unit.getId(), department.getId())))


def _drop_stale_local_roles(obj, group_ids):
    """Remove local roles of groups that no longer exist, on ``obj`` and its folders."""
    for target in [obj, *obj.objectValues()]:
        stale = [gid for gid in group_ids if target.get_local_roles_for_userid(gid)]
        if stale:
            target.manage_delLocalRoles(stale)
            target.reindexObjectSecurity()
