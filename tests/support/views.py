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
