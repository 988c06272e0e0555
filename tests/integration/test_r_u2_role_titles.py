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


def test_status_message_label_in_chinese(portal):
    # plone.app.layout labels every status message; Plone's zh_CN catalog lacks the label
    for kind, label in (("info", "提示："), ("warning", "注意："), ("error", "错误：")):
        message = PloneMessage(f"statusmessage_mtype_{kind}", default="Info:")
        assert translate(message, target_language="zh_CN") == label
