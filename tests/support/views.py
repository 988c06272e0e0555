"""Rendering a browser view as a given user with a given request form (integration tests)."""

from plone import api


def render_as(context, name, user, **form):
    """``context/@@name`` rendered as ``user`` with request ``form``: (view, output).

    The form is cleared again afterwards, so the next rendering starts empty.
    """
    request = context.REQUEST
    request.form.clear()
    request.form.update(form)
    try:
        with api.env.adopt_user(username=user):
            view = context.restrictedTraverse(f"@@{name}")
            output = view()
    finally:
        request.form.clear()
    return view, output


def post_as(context, name, user, **form):
    """``context/@@name`` POSTed as ``user`` with ``form`` and a CSRF token: (view, output)."""
    from plone.protect.authenticator import createToken

    request = context.REQUEST
    request.form.clear()
    request.form.update(form)
    request.method = request["REQUEST_METHOD"] = "POST"
    try:
        with api.env.adopt_user(username=user):
            request.form["_authenticator"] = createToken()
            view = context.restrictedTraverse(f"@@{name}")
            output = view()
    finally:
        request.form.clear()
        request.method = request["REQUEST_METHOD"] = "GET"
    return view, output
