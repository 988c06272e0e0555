"""Saved searches (R-S1): each person's named searches, kept on the site.

A site BTree (``jobs.stores.site_btree``) keyed by user id holds each person's list: an entry
has an id, a name (at most ``NAME_MAX`` characters), the search as its query string, where it
was made (the site or a unit, as a path below the site) and when. At most ``PER_USER`` per
person; saving under a name already used replaces that search. Nobody reads or deletes
another person's entries: every function takes the acting user's id.
"""

import secrets

from persistent.list import PersistentList

from collective.gongwen import _
from collective.gongwen.content import bounds
from collective.gongwen.content import times
from collective.gongwen.jobs.stores import site_btree
from collective.gongwen.search.query import SearchError

KEY = "collective.gongwen.search.saved"
PER_USER = 50
NAME_MAX = 50
QUERY_MAX = 4000  # characters of a saved query string
SCOPE_MAX = 500

NAME_LABEL = _("search_saved_name", default="检索名称")


def saved_searches(user_id):
    """``user_id``'s saved searches, the newest first (dicts: id, name, query, scope, saved)."""
    store = site_btree(KEY, create=False)
    entries = store.get(user_id) if store is not None and user_id else None
    return [dict(entry) for entry in reversed(entries or ())]


def check_name(name):
    """The stripped ``name``; ``SearchError`` if empty or longer than ``NAME_MAX``."""
    name = " ".join((name or "").split())
    if not name:
        raise SearchError(_("search_saved_name_missing", default="请填写检索名称。"))
    problem = bounds.text_problem(name, NAME_MAX, NAME_LABEL.default)
    if problem:
        raise SearchError(problem)
    return name


def save_search(user_id, name, query, scope=""):
    """Save ``query`` (a query string) as ``user_id``'s search ``name``; the entry.

    A search of the same name is replaced; a new one beyond ``PER_USER`` is refused.
    """
    name = check_name(name)
    if not user_id:
        raise SearchError(_("search_saved_anonymous", default="请先登录。"))
    if len(query) > QUERY_MAX or len(scope) > SCOPE_MAX:
        raise SearchError(_("search_saved_too_long", default="检索条件过长，无法保存。"))
    store = site_btree(KEY)
    entries = store.get(user_id)
    if entries is None:
        entries = store[user_id] = PersistentList()
    kept = [entry for entry in entries if entry["name"] != name]
    if len(kept) >= PER_USER:
        raise SearchError(
            _(
                "search_saved_too_many",
                default="每人最多保存 ${limit} 个检索，请先删除不用的。",
                mapping={"limit": str(PER_USER)},
            )
        )
    entry = {
        "id": secrets.token_hex(6),
        "name": name,
        "query": query,
        "scope": scope,
        "saved": times.utc_now().isoformat(),
    }
    entries[:] = [*kept, entry]
    return dict(entry)


def delete_search(user_id, search_id):
    """Delete ``user_id``'s saved search ``search_id``; True if there was one."""
    store = site_btree(KEY, create=False)
    entries = store.get(user_id) if store is not None and user_id else None
    if not entries:
        return False
    kept = [entry for entry in entries if entry["id"] != search_id]
    if len(kept) == len(entries):
        return False
    entries[:] = kept
    return True
