"""GET ``@gongwen-body`` on a 发文: its Word 正文's records, oldest first, and the lock.

``{"@id", "has_word_body", "file" (the body item's URL or null), "versions": [record…],
"current": record or null, "lock": {"holder", "holder_name", "since", "until"} or null,
"may_edit", "may_upload"}``; a record is ``content.body``'s (number, version, kind and its
title, actor, actor_name, step, step_title, time, filename, size, sha256, analysis).
"""

from plone import api
from plone.restapi.services import Service
from zope.i18n import translate

from collective.gongwen.content import body
from collective.gongwen.wordbody import actions


class BodyGet(Service):
    def record(self, record):
        if record is None:
            return None
        title = body.KIND_TITLES.get(record["kind"])
        kind_title = translate(title, context=self.request) if title is not None else ""
        return {**record, "kind_title": kind_title}

    def reply(self):
        document = self.context
        user_id = None if api.user.is_anonymous() else api.user.get_current().getId()
        item = body.body_item(document)
        return {
            "@id": f"{document.absolute_url()}/@gongwen-body",
            "has_word_body": item is not None,
            "file": item.absolute_url() if item is not None else None,
            "versions": [self.record(record) for record in body.body_records(document)],
            "current": self.record(body.current_record(document)),
            "lock": actions.effective_lock(document),
            "may_edit": actions.may_edit(document, user_id),
            "may_upload": actions.may_upload(document, user_id),
        }
