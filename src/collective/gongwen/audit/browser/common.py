"""What the audit screens share: names of people and actions, document links, the entry's row."""

from plone import api
from zope.i18n import translate

from collective.gongwen.audit import query
from collective.gongwen.steps.titles import step_title
from collective.gongwen.steps.titles import user_full_name

# Where to look for a state's title when its object is gone (its type unknown).
DOCUMENT_TYPES = ("gongwen_outgoing", "gongwen_incoming")


def action_title(request, action):
    """The action's Chinese (or the request's language) name; an unknown id as it is."""
    title = query.ACTIONS.get(action)
    return translate(title, context=request) if title is not None else action


def state_title(request, state, portal_type=None):
    """The Chinese title of workflow state ``state`` of ``portal_type`` (a deleted object's:
    the first document workflow that has it); an unknown id as it is."""
    if not state:
        return ""
    for candidate in (portal_type,) if portal_type else DOCUMENT_TYPES:
        title = step_title(state, request, candidate)
        if title != state:
            return title
    return state


def documents(uids):
    """``{uid: (title, url, portal_type)}`` of the objects of ``uids`` that still exist."""
    uids = [uid for uid in set(uids) if uid]
    if not uids:
        return {}
    catalog = api.portal.get_tool("portal_catalog")
    return {
        brain.UID: (brain.Title or brain.getId, brain.getURL(), brain.portal_type)
        for brain in catalog.unrestrictedSearchResults(UID=uids)
    }


def rows(request, entries, document=None):
    """The entries as dicts for the templates (time in the portal's zone, names, links).

    ``document``: the object all entries are about (its own trail), not searched for again.
    """
    if document is not None:
        found = {document.UID(): (document.Title(), document.absolute_url(), document.portal_type)}
    else:
        found = documents(entry["object_uid"] for entry in entries)
    shown = []
    for entry in entries:
        title, url, portal_type = found.get(entry["object_uid"], ("", "", None))
        shown.append(
            {
                **entry,
                "time_text": query.time_text(entry),
                "actor_name": user_full_name(entry["actor"]),
                "action_title": action_title(request, entry["action"]),
                "object_title": title,
                "object_url": url,
                "from_title": state_title(request, entry["from_state"], portal_type),
                "to_title": state_title(request, entry["to_state"], portal_type),
                "emergency": query.is_emergency(entry),
            }
        )
    return shown


def export_cells(request, entry):
    return query.cells(
        entry,
        user_full_name,
        lambda action: action_title(request, action),
    )
