"""The 「文件」 panel's actions: add files, replace a file, move a file.

Each is a POST with the page's CSRF token (plone.protect), registered with
the permission it needs (``configure.zcml``), refused on a classified
document (R-D3), checked against the upload limit and type (``limits.py``), and ends
with a Chinese status message and a redirect back to the document page. The
work itself is done by ``content/files.py``. Repeating a request does no
harm: adding carries a one-time token, replacing with the same file adds no
version, and a move names the target position.
"""

import transaction
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from zExceptions import BadRequest
from zExceptions import Unauthorized

from collective.gongwen import _
from collective.gongwen.content import files
from collective.gongwen.content.browser.tokens import use_form_token
from collective.gongwen.content.classified import is_classified_document
from collective.gongwen.content.classified import log_refusal
from collective.gongwen.content.classified import refusal_message
from collective.gongwen.content.filetypes import clean_filename
from collective.gongwen.content.limits import upload_refusal
from collective.gongwen.content.permissions import AddAttachment
from collective.gongwen.content.posting import ERROR
from collective.gongwen.content.posting import INFO
from collective.gongwen.content.posting import PostAction
from collective.gongwen.content.vocabularies import FILE_ROLES


def uploads_in(value):
    """The non-empty ``FileUpload`` objects of a form value (one or a list)."""
    values = value if isinstance(value, list | tuple) else [value]
    return [upload for upload in values if getattr(upload, "filename", None)]


def upload_name(upload):
    """The file name of ``upload``, cleaned: no client path, no control characters (R-SEC5)."""
    return clean_filename(upload.filename)


class FileAction(PostAction):
    """A POST from the files panel: checks, ``act()``, message, back to the document."""

    anchor = "gongwen-files"  # its messages are shown in the panel
    attempt = "file action"

    def outcome(self):
        if is_classified_document(self.document):
            log_refusal(self.document, self.attempt)
            return refusal_message(), ERROR
        return self.act()

    def act(self):
        """Do the action; return ``(message, "info" or "error")``."""
        raise NotImplementedError

    def next_url(self):
        """The document page, showing the file that was shown (or acted on)."""
        url = self.document.absolute_url()
        shown = self.request.form.get("selected")
        if shown and isinstance(shown, str) and shown in self.document.objectIds():
            url = f"{url}?file={shown}"
        return f"{url}#gongwen-files"

    def too_large(self, uploads):
        """The refusal of the first upload over the limit or typed wrong (R-SEC5); None if none."""
        for upload in uploads:
            problem = upload_refusal(upload)
            if problem is not None:
                return _(
                    "upload_refused_named",
                    default="${name}：${reason}",
                    mapping={"name": upload_name(upload), "reason": problem},
                )
        return None


class AddFiles(FileAction):
    """``@@gongwen-add-files`` on a document: one or more files, of one role."""

    attempt = "add files (document page)"

    def act(self):
        if not api.user.has_permission(AddAttachment, obj=self.document):
            raise Unauthorized("add files")
        uploads = uploads_in(self.request.form.get("files"))
        if not uploads:
            return _("files_none_chosen", default="请选择要上传的文件。"), ERROR
        problem = self.too_large(uploads)
        if problem is not None:
            return problem, ERROR
        if not use_form_token(self.document, self.request.form.get("form_token")):
            return (
                _(
                    "files_form_used",
                    default="此表单已提交过，文件未重复添加。如需再次上传，请刷新页面。",
                ),
                INFO,
            )
        role = self.request.form.get("file_role")
        if role not in dict(FILE_ROLES) or role in files.SYSTEM_ROLES:  # 归档记录, Word 正文
            role = files.ATTACHMENT
        try:
            added = [
                files.add_file(self.document, upload.read(), upload_name(upload), role=role)
                for upload in uploads
            ]
        except BadRequest as refused:  # R-D4: the body as a 附件 (submission.py)
            transaction.doom()  # none of this request's files is kept
            return str(refused), ERROR
        names = "、".join(item.Title() for item in added)
        return (
            _(
                "files_added",
                default="已添加 ${count} 个文件：${names}。",
                mapping={"count": len(added), "names": names},
            ),
            INFO,
        )


class ReplaceFile(FileAction):
    """``@@gongwen-replace-file`` on a file: its new content, the old one kept as a version."""

    attempt = "replace file (document page)"

    @property
    def document(self):
        return aq_parent(aq_inner(self.context))

    def act(self):
        if files.role_of(self.context) == files.BODY:  # R-D6: versions with their records
            return (
                _(
                    "file_body_replace_refused",
                    default="Word 正文请在「正文」处签出编辑、签入新版本。",
                ),
                ERROR,
            )
        uploads = uploads_in(self.request.form.get("file"))
        if not uploads:
            return _("files_none_chosen", default="请选择要上传的文件。"), ERROR
        problem = self.too_large(uploads)
        if problem is not None:
            return problem, ERROR
        upload = uploads[0]
        if not files.replace_file(self.context, upload.read(), upload_name(upload)):
            return (
                _("file_unchanged", default="上传的文件与当前文件相同，未生成新版本。"),
                INFO,
            )
        return (
            _(
                "file_replaced",
                default="已替换「${title}」，原文件已保存为历史版本。",
                mapping={"title": self.context.Title()},
            ),
            INFO,
        )

    def next_url(self):
        url = f"{self.document.absolute_url()}?file={self.context.getId()}"
        return f"{url}#gongwen-files"


class MoveFile(FileAction):
    """``@@gongwen-move-file`` on a document: a file to a position (上移/下移)."""

    attempt = "move file (document page)"

    def act(self):
        file_id = self.request.form.get("file")
        if not isinstance(file_id, str) or file_id not in files_ids(self.document):
            return _("file_not_found", default="未找到该文件，可能已被删除。"), ERROR
        try:
            position = int(self.request.form.get("position"))
        except (TypeError, ValueError):
            return _("file_not_found", default="未找到该文件，可能已被删除。"), ERROR
        if not files.move_file(self.document, file_id, position):
            return _("file_not_moved", default="文件顺序未变化。"), INFO
        return _("file_moved", default="已调整文件顺序。"), INFO


def files_ids(document):
    """The ids of the document's files."""
    return {item.getId() for item in files.files_of(document)}
