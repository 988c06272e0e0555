"""R-U2: the users and groups panels show our roles' Chinese titles (plone domain), and our
plone.po is merged with Plone's own catalog, not put in its place."""

from zope.i18n import translate
from zope.i18nmessageid import MessageFactory

PloneMessage = MessageFactory("plone")


def test_r_u2_role_titles_in_chinese_and_english(portal):
    zh = {"GongwenSystemAdmin": "系统管理员", "GongwenSecurityAdmin": "安全保密管理员"}
    zh |= {"GongwenAuditor": "安全审计员", "GongwenDirector": "局长"}
    for role, title in zh.items():
        assert translate(PloneMessage(role), target_language="zh_CN") == title
    assert translate(PloneMessage("GongwenAuditor"), target_language="en") == "Security auditor"


def test_r_u2_plone_catalog_still_translates_plone_strings(portal):
    assert translate(PloneMessage("Site Setup"), target_language="zh_CN") != "Site Setup"
    assert translate(PloneMessage("Manager"), target_language="zh_CN") != "Manager"
