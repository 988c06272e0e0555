"""Browser-like requests for the document page's actions: file uploads and POSTs."""

import io
from types import SimpleNamespace

from plone.protect.authenticator import createToken
from ZPublisher.HTTPRequest import FileUpload


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
