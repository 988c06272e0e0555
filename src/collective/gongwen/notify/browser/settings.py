"""``@@gongwen-mail-settings``: each person chooses which notification mails they get (SPEC §15).

Reached from the personal menu and from the footer of every mail. The
choices are the user's member properties (``recipients.set_preferences``).
"""

from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.notify import rules
from collective.gongwen.notify.mail import notifications_enabled
from collective.gongwen.notify.recipients import preferences
from collective.gongwen.notify.recipients import set_preferences

CHOICES = (
    (rules.TODO, _("label_mail_todo", default="有新的待办公文时发邮件通知我")),
    (rules.OVERDUE, _("label_mail_overdue", default="我办理的公文超过办理时限时每天提醒我")),
    (rules.DIGEST, _("label_mail_digest", default="每天早上发给我一封待办汇总邮件")),
)


@implementer(IGongwenPageView)
class MailSettings(BrowserView):
    """The form: one checkbox per kind of mail, for the logged-in user."""

    template = ViewPageTemplateFile("settings.pt")

    def __call__(self):
        user = api.user.get_current()
        if self.request.method == "POST" and "form.buttons.save" in self.request.form:
            CheckAuthenticator(self.request)
            set_preferences(
                user.getId(),
                {kind: bool(self.request.form.get(f"mail_{kind}")) for kind, _title in CHOICES},
            )
            api.portal.show_message(
                _("mail_settings_saved", default="邮件通知设置已保存。"), self.request
            )
            self.request.response.redirect(f"{self.context.absolute_url()}/@@gongwen-mail-settings")
            return ""
        wanted = preferences(user.getId())
        self.choices = [
            {"name": f"mail_{kind}", "title": title, "checked": wanted[kind]}
            for kind, title in CHOICES
        ]
        self.email = user.getProperty("email") or ""
        self.enabled = notifications_enabled()
        return self.template()
