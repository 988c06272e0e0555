"""org's screens; ``require_duty``: how they ask 三员分立 (R-U2) who may open them."""

from AccessControl import Unauthorized
from plone import api
from zope.component import getMultiAdapter


def require_duty(request, action):
    """Raise ``Unauthorized`` unless the user's duty allows ``action`` (an
    ``accounts.duties`` action), asked of accounts' ``@@gongwen-duty`` — org sits
    beside accounts and does not import it."""
    duty = getMultiAdapter((api.portal.get(), request), name="gongwen-duty")
    if not duty.may(action):
        raise Unauthorized(action)
