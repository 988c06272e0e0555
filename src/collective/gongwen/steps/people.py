"""Who a user is, for matching the holders of a step: their id and their groups'."""

from AccessControl import getSecurityManager
from plone import api


def principals_of(user_id):
    """A user's id followed by the ids of the groups they belong to (for assignee matching):
    those the user was found with (asking the group tool again would look them up twice).
    The user who is logged in is not looked up again: the request found them with their
    groups (a lookup builds the whole user, about half a millisecond)."""
    current = getSecurityManager().getUser()
    user = current if user_id and current.getId() == user_id else api.user.get(userid=user_id)
    if user is None:
        return [user_id]
    return [user_id] + [group for group in user.getGroups() if group != user_id]
