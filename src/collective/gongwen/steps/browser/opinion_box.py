"""The 办理 form's memory, shared by the 发文 and 收文 panels: what state the form was
rendered for (``form_seen``, so a stale post is refused), and the opinion of a
refused post kept for the next page (``keep_opinion``/``kept_opinion``, R-O2:
nothing typed is lost) in a short-lived cookie on the document's own path.
"""

import base64
import binascii

from plone import api

from collective.gongwen.steps.opinions import opinions

KEPT_OPINION_COOKIE = "gongwen_kept_opinion"
MAX_COOKIE_VALUE = 3500  # bytes, under browsers' 4 KiB per cookie


def form_seen(document):
    """What the form was rendered for: the state and the number of opinion records."""
    return api.content.get_state(obj=document), len(opinions(document))


def kept_opinion(request, document):
    """Read and forget the opinion ``@@gongwen-act`` kept for ``document``'s panel."""
    rendered_by_act = request.other.get(KEPT_OPINION_COOKIE)
    if rendered_by_act:
        return rendered_by_act
    value = request.cookies.get(KEPT_OPINION_COOKIE)
    if not value:
        return ""
    request.response.expireCookie(KEPT_OPINION_COOKIE, path=cookie_path(document))
    try:
        return base64.urlsafe_b64decode(value.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return ""  # not ours


def keep_opinion(request, document, opinion):
    """Keep ``opinion`` for the panel the redirect shows; False when too long for a cookie.

    Base64 of UTF-8 (4 bytes per Chinese character) keeps about 870 characters.
    """
    value = base64.urlsafe_b64encode(opinion.encode("utf-8")).decode("ascii")
    if len(value) > MAX_COOKIE_VALUE:
        return False
    request.response.setCookie(
        KEPT_OPINION_COOKIE, value, path=cookie_path(document), max_age=300, http_only=True
    )
    return True


def cookie_path(document):
    """The document's path: the kept opinion is sent to its own page only."""
    return document.absolute_url_path()
