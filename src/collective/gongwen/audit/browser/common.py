"""What the audit screens share: names of people and actions, document links, the entry's row."""

from plone import api
from zope.i18n import translate

from collective.gongwen.audit import query

NAMES_KEY = "collective.gongwen.audit.names"


def full_name(request, user_id):
    """``user_id``'s 姓名 (cached for the request), or "" for someone no longer here."""
    cache = request.other.setdefault(NAMES_KEY, {})
    if user_id not in cache:
        user = api.user.get(userid=user_id) if user_id else None
        cache[user_id] = (user.getProperty("fullname", "") or "") if user is not None else ""
    return cache[user_id]


def action_title(request, action):
    """The action's Chinese (or the request's language) name; an unknown id as it is."""
    title = query.ACTIONS.get(action)
    return translate(title, context=request) if title is not None else action


def documents(uids):
    """``{uid: (title, url)}`` of the objects of ``uids`` that still exist."""
    uids = [uid for uid in set(uids) if uid]
    if not uids:
        return {}
    catalog = api.portal.get_tool("portal_catalog")
    return {
        brain.UID: (brain.Title or brain.getId, brain.getURL())
        for brain in catalog.unrestrictedSearchResults(UID=uids)
    }


def rows(request, entries):
    """The entries as dicts for the templates (time in the portal's zone, names, links)."""
    found = documents(entry["object_uid"] for entry in entries)
    shown = []
    for entry in entries:
        title, url = found.get(entry["object_uid"], ("", ""))
        shown.append(
            {
                **entry,
                "time_text": query.time_text(entry),
                "actor_name": full_name(request, entry["actor"]),
                "action_title": action_title(request, entry["action"]),
                "object_title": title,
                "object_url": url,
                "emergency": query.is_emergency(entry),
            }
        )
    return shown


def export_cells(request, entry):
    return query.cells(
        entry,
        lambda user_id: full_name(request, user_id),
        lambda action: action_title(request, action),
    )
