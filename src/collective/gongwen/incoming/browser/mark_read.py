"""``@@gongwen-mark-read``: the reader marks a 收文 已阅 (recorded by ``reading.acknowledge``)."""

from plone import api

from collective.gongwen import _
from collective.gongwen.content.posting import PostAction
from collective.gongwen.incoming.reading import acknowledge


class MarkRead(PostAction):
    """``@@gongwen-mark-read``: the reader marks the 收文 已阅 (recorded)."""

    anchor = "gongwen-routing"

    def outcome(self):
        document = self.document
        user_id = api.user.get_current().getId()
        if acknowledge(document, user_id, api.content.get_state(obj=document)):
            return _("toread_done", default="已标记为已阅。"), "info"
        return _("toread_not_yours", default="此公文不在您的待阅中。"), "error"
