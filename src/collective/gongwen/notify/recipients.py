"""Who a notification reaches: users behind assignee ids, their addresses and choices.

An assignee is a user or a group (a role mailbox such as a unit's
secretaries, 第十五条); a group's mail goes to its member users, nested
groups included. Each user's choices (SPEC §15 opt-out) are member
properties named by ``rules.preference_name``, edited on
``@@gongwen-mail-settings``; who has not chosen gets ``rules.DEFAULT_WANTS``.
"""

import logging

from plone import api

from collective.gongwen.notify import rules
from collective.gongwen.org.units import group_member_ids

logger = logging.getLogger("collective.gongwen.notify")


def member_users(principal_ids):
    """The user ids behind ``principal_ids`` (groups expanded), each once, in order."""
    groups = api.portal.get_tool("portal_groups")
    users = []
    seen = set()

    def expand(principal_id):
        if principal_id in seen:
            return  # a user met twice, or a group nested in itself
        seen.add(principal_id)
        if groups.getGroupById(principal_id) is not None:
            for member_id in group_member_ids(principal_id):
                expand(member_id)
        else:
            users.append(principal_id)

    for principal_id in principal_ids:
        expand(principal_id)
    return users


def preferences(user_id):
    """``{kind: bool}``: which mails the user wants (their choices, else the defaults)."""
    user = api.user.get(userid=user_id)
    return {
        kind: rules.wants_mail(
            kind, user.getProperty(rules.preference_name(kind), None) if user else None
        )
        for kind in rules.DEFAULT_WANTS
    }


def set_preferences(user_id, choices):
    """Store the user's ``choices`` (``{kind: bool}``) as their member properties."""
    user = api.user.get(userid=user_id)
    user.setMemberProperties(
        {rules.preference_name(kind): bool(choices[kind]) for kind in rules.DEFAULT_WANTS}
    )


def wants(kind):
    """A predicate on user ids: does the user want mails of ``kind``."""
    return lambda user_id: preferences(user_id)[kind]


def address_of(user_id):
    """``(full name, e-mail)`` of a user; None (logged) when there is no address to write to."""
    user = api.user.get(userid=user_id)
    if user is None:
        logger.info("no mail to %s: no such user", user_id)
        return None
    email = (user.getProperty("email") or "").strip()
    if not email:
        logger.info("no mail to %s: the user has no e-mail address", user_id)
        return None
    return (user.getProperty("fullname") or user_id, email)
