"""Who a user is, for matching the holders of a step: their id and their groups'."""

from plone import api


def principals_of(user_id):
    """A user's id followed by the ids of the groups they belong to (for assignee matching):
    those the user was found with (asking the group tool again would look them up twice)."""
    user = api.user.get(userid=user_id)
    if user is None:
        return [user_id]
    return [user_id] + [group for group in user.getGroups() if group != user_id]
