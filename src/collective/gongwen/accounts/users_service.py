"""REST ``PATCH @users/<id>`` (R-SEC3): plone.restapi's, holding a new password to the policy.

plone.restapi sets a password given in a PATCH without asking the password
policy; this asks ``portal_registration.testPasswordValidity`` first (the one
check every other path makes) and answers 400 with its Chinese message.
"""

import json

from plone import api
from plone.restapi.services.users.update import UsersPatch

from collective.gongwen.accounts.password_plugin import OWNER


class PolicyCheckedUsersPatch(UsersPatch):
    def reply(self):
        try:
            data = json.loads(self.request.get("BODY") or "{}")
        except ValueError:
            data = {}
        new = data.get("password") if isinstance(data, dict) else None
        if new is not None:
            if not isinstance(new, str):
                new = ""
            self.request.other[OWNER] = self._get_user_id
            error = api.portal.get_tool("portal_registration").testPasswordValidity(new)
            if error:
                self.request.response.setStatus(400)
                return {"error": {"type": "Invalid password", "message": str(error)}}
        return super().reply()
