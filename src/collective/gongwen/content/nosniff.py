"""Every response carries ``X-Content-Type-Options: nosniff`` (R-SEC5).

One mechanism no download can miss: publication events set the header on
the response itself, whatever view answers — plone.namedfile's
``@@download``/``@@display-file``/``@@images``, the document page's file
and version views, collective.documentviewer's page and text resources,
exchange packages, slips, blobs streamed by ``filestream_iterator`` and
error pages. A browser then takes the ``Content-Type`` the server gives (the
one the upload check made true, ``filetypes.py``) and never runs an
uploaded file as HTML or script. Plone's own scripts and styles are served
with their right types, so the header costs nothing.
"""

HEADER = "X-Content-Type-Options"


def set_nosniff(event):
    """Set the header on the event's response (IPubStart, IPubBeforeCommit, IPubBeforeAbort)."""
    response = getattr(event.request, "response", None)
    if response is not None:
        response.setHeader(HEADER, "nosniff")
