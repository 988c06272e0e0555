"""Plone's own groups named in Chinese on 用户和用户组 (issue 19 item 4).

Plone creates 「Administrators」, 「Site Administrators」 and 「Reviewers」 and the virtual
group of every logged-in user (「Authenticated Users (Virtual Group)」, PlonePAS's
``auto_group`` plugin); their titles are data of the site, set here at install and by
``upgrade_1012`` for an existing site. The ids stay Plone's (roles and sharing use them).
"""

from plone import api

TITLES = {
    "Administrators": "管理员",
    "Site Administrators": "网站管理员",
    "Reviewers": "审核人",
}
AUTHENTICATED_TITLE = "全体登录用户（虚拟组）"


def name_plone_groups(site):
    """Give Plone's groups of ``site`` their Chinese titles; a group removed stays removed."""
    groups = api.portal.get_tool("portal_groups")
    for group_id, title in TITLES.items():
        group = groups.getGroupById(group_id)
        if group is not None and group.getProperty("title") != title:
            group.setGroupProperties({"title": title})
    plugin = getattr(site.acl_users, "auto_group", None)
    if plugin is not None and plugin.title != AUTHENTICATED_TITLE:
        plugin.title = AUTHENTICATED_TITLE


def upgrade_1012(context):
    """Issue 19: an existing site's Plone groups get their Chinese titles."""
    name_plone_groups(api.portal.get())
