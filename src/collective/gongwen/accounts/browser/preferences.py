"""个人偏好 without Plone's editor choice: the portal's rich text is TinyMCE only.

Plone's form offers 「使用站点默认 / TinyMCE / None」; a choice with one real answer
(and 「None」 would leave staff without an editor for 正文 and 通知公告) is not shown.
The field stays in the form, hidden, so saving keeps what the account holds.
"""

from plone.app.users.browser.personalpreferences import PersonalPreferencesConfiglet
from plone.app.users.browser.personalpreferences import PersonalPreferencesPanel
from z3c.form.interfaces import HIDDEN_MODE


class HideEditorChoice:
    def updateWidgets(self):
        super().updateWidgets()
        self.widgets["wysiwyg_editor"].mode = HIDDEN_MODE


class PersonalPreferences(HideEditorChoice, PersonalPreferencesPanel):
    """@@personal-preferences (the personal menu's 偏好设置)."""


class UserPreferences(HideEditorChoice, PersonalPreferencesConfiglet):
    """@@user-preferences (用户和用户组 → a user → 个人偏好)."""
