"""``@@fileUpload`` on a document: what folder_contents' upload (and TUS) call.

Plone's own view would refuse a File inside a document with an English 403;
this one makes an uploaded file an attachment (附件) of a 发文/收文, and
refuses any upload to a classified document (R-D3) — logged, with the
Chinese reason, before anything is stored — and any file over the upload
limit of 公文设置 (413, ``limits.upload_limit_problem``). The body itself
as a 附件 of a 发文 is refused (400, R-D4, ``submission.py``) and not kept.
"""

import json

import transaction
from plone import api
from plone.namedfile.file import NamedBlobFile
from plone.uuid.interfaces import IUUID
from Products.CMFCore.permissions import AddPortalContent
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content.classified import is_classified_document
from collective.gongwen.content.classified import log_refusal
from collective.gongwen.content.classified import refusal_message
from collective.gongwen.content.limits import upload_limit_problem


def upload_size(upload):
    """The size in bytes of the request's ``FileUpload``, without reading it."""
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size


class DocumentFileUpload(BrowserView):
    """Upload a file into a document as a ``gongwen_attachment``."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        if is_classified_document(self.context):
            log_refusal(self.context, "upload (@@fileUpload)")
            response.setStatus(400)
            return json.dumps({"error": refusal_message()}, ensure_ascii=False)
        if not api.user.has_permission(AddPortalContent, obj=self.context):
            response.setStatus(403)
            denied = _("upload_not_allowed", default="您无权向此公文上传附件。")
            return json.dumps(
                {"error": translate(denied, context=self.request)}, ensure_ascii=False
            )
        upload = self.request.form.get("file")
        if self.request.method != "POST" or not upload:
            return ""
        too_large = upload_limit_problem(upload_size(upload))
        if too_large is not None:
            response.setStatus(413)
            return json.dumps(
                {"error": translate(too_large, context=self.request)}, ensure_ascii=False
            )
        try:
            attachment = api.content.create(
                container=self.context,
                type="gongwen_attachment",
                file=NamedBlobFile(upload.read(), filename=upload.filename),
                safe_id=True,
                id=upload.filename,
            )
        except BadRequest as refused:  # R-D4: the body as a 附件 (submission.py), nothing kept
            transaction.doom()
            response.setStatus(400)
            return json.dumps({"error": str(refused)}, ensure_ascii=False)
        return json.dumps(
            {
                "url": attachment.absolute_url(),
                "name": attachment.getId(),
                "UID": IUUID(attachment),
                "filename": upload.filename,
                "type": attachment.file.contentType,
                "size": attachment.file.getSize(),
            },
            ensure_ascii=False,
        )
