"""Browser-like requests for the document page's actions and the 附件 form: file uploads, POSTs,
the add form saved and what its widgets say."""

import io
from types import SimpleNamespace

from plone.formwidget.namedfile.interfaces import IFileUploadTemporaryStorage
from plone.protect.authenticator import createToken
from zope.event import notify
from zope.interface import alsoProvides
from ZPublisher.HTTPRequest import FileUpload
from ZPublisher.pubevents import PubStart

from collective.gongwen.interfaces import IGongwenLayer


def file_upload(data, filename, field="file"):
    """A ``FileUpload`` as Zope makes one from a multipart form field."""
    # Zope decodes the latin-1 it reads from the wire as UTF-8 (default_encoding).
    storage = SimpleNamespace(
        file=io.BytesIO(data),
        headers={},
        filename=filename.encode("utf-8").decode("latin-1"),
        name=field,
    )
    return FileUpload(storage)


def post(request, form, authenticator=True):
    """Make ``request`` a POST of ``form`` (with the current user's CSRF token)."""
    request.method = "POST"
    request["REQUEST_METHOD"] = "POST"
    request.form.clear()
    request.form.update(form)
    if authenticator:
        request.form["_authenticator"] = createToken()
    return request


def _attachment_form(request, data, filename, **widgets):
    """``request`` made the POST of a 附件 form with ``data`` as its file (a 附件's role)."""
    alsoProvides(request, IGongwenLayer)
    request.form.update(
        {
            "form.widgets.file": file_upload(data, filename, field="form.widgets.file"),
            "form.widgets.file_role": ["attachment"],
            "form.widgets.file_role-empty-marker": "1",
            **{f"form.widgets.{name}": value for name, value in widgets.items()},
            "form.buttons.save": "保存",
        }
    )
    request["REQUEST_METHOD"] = "POST"
    notify(PubStart(request))  # as the publisher does: the upload's name is cleaned
    return request


def submit_attachment_form(container, data, filename, **widgets):
    """Save the 附件 add form (``++add++gongwen_attachment``) on ``container`` as the current
    user, ``data`` as its file named ``filename``: the form, with its widgets' errors.

    ``widgets`` are other widgets' values (``title="补充材料"``).
    """
    _attachment_form(container.REQUEST, data, filename, **widgets)
    view = container.restrictedTraverse("++add++gongwen_attachment")
    view.update()
    return view.form_instance


def submit_attachment_edit_form(item, data, filename):
    """Save 附件 ``item``'s edit form as the current user, its file replaced by ``data`` named
    ``filename``: the form, with its widgets' errors."""
    _attachment_form(item.REQUEST, data, filename, **{"file.action": "replace"})
    form = item.restrictedTraverse("@@edit").form_instance
    form.update()
    return form


def widget_error(form, name):
    """The message shown on widget ``name`` of ``form`` (its groups included)."""
    for manager in [form.widgets] + [group.widgets for group in getattr(form, "groups", ())]:
        if name in manager and manager[name].error is not None:
            return manager[name].error.message
    return None


def parked_uploads(portal):
    """What plone.formwidget.namedfile keeps of uploads for a form's re-display."""
    return dict(IFileUploadTemporaryStorage(portal).upload_map)
