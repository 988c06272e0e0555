"""``@@fileUpload`` on a document: what folder_contents' upload (and TUS) call.

Plone's own view would refuse a File inside a document with an English 403;
this one makes an uploaded file an attachment (附件) of a 发文/收文, and
refuses any upload to a classified document (R-D3) — logged, with the
Chinese reason, before anything is stored — and any file over the upload
limit of 公文设置 (413, ``limits.upload_limit_problem``). A POST needs the
page's CSRF token (``X-CSRF-TOKEN``, which pat-upload sends, or
``_authenticator``): without it 403, nothing stored (R-SEC5). A file whose
content is not what its name says, or of a kind not accepted, is refused
(415, ``filecheck.type_refusal``); its name is cleaned (``filetypes``). The body itself
as a 附件 of a 发文 is refused (400, R-D4, ``submission.py``) and not kept.
"""

import json

import transaction
from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.protect.authenticator import check as check_authenticator
from plone.uuid.interfaces import IUUID
from Products.CMFCore.permissions import AddPortalContent
from Products.Five.browser import BrowserView
from zExceptions import BadRequest
from zExceptions import Forbidden
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.content.classified import is_classified_document
from collective.gongwen.content.classified import log_refusal
from collective.gongwen.content.classified import refusal_message
from collective.gongwen.content.filecheck import type_refusal
from collective.gongwen.content.files import blob_file
from collective.gongwen.content.filetypes import clean_filename
from collective.gongwen.content.limits import upload_limit_problem
from collective.gongwen.content.limits import upload_size


def has_valid_token(request):
    """True if ``request`` carries the user's plone.protect token (header or form)."""
    try:
        check_authenticator(request)
    except Forbidden:
        return False
    return True


class DocumentFileUpload(BrowserView):
    """Upload a file into a document as a ``gongwen_attachment``."""

    def refuse(self, status, message):
        """The JSON answer ``{"error": …}`` with ``status``; ``message`` translated."""
        self.request.response.setStatus(status)
        text = translate(message, context=self.request)
        return json.dumps({"error": text}, ensure_ascii=False)

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        if self.request.method not in ("GET", "HEAD") and not has_valid_token(self.request):
            forged = _(
                "upload_token_missing",
                default="上传请求缺少有效的安全令牌，已拒绝，文件未保存。请刷新页面后重新上传。",
            )
            return self.refuse(403, forged)
        if is_classified_document(self.context):
            log_refusal(self.context, "upload (@@fileUpload)")
            return self.refuse(400, refusal_message())
        if not api.user.has_permission(AddPortalContent, obj=self.context):
            return self.refuse(403, _("upload_not_allowed", default="您无权向此公文上传附件。"))
        upload = self.request.form.get("file")
        if self.request.method != "POST" or not getattr(upload, "filename", None):
            return ""
        too_large = upload_limit_problem(upload_size(upload))
        if too_large is not None:
            return self.refuse(413, too_large)
        filename = clean_filename(upload.filename)
        wrong_type = type_refusal(upload, filename)
        if wrong_type is not None:
            return self.refuse(415, wrong_type)
        try:
            # Named before it is added (plone.api's safe_id adds under a random id, then
            # renames: an unindex of a path never indexed, logged as an error).
            attachment = createContentInContainer(
                self.context,
                "gongwen_attachment",
                checkConstraints=True,
                id=filename,
                file=blob_file(upload.read(), filename),
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
                "filename": filename,
                "type": attachment.file.contentType,
                "size": attachment.file.getSize(),
            },
            ensure_ascii=False,
        )
