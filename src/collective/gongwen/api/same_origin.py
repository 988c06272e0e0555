"""Same-origin for cookie-authenticated writes (R-SEC5): the rule, in plain Python.

A browser sends the login cookie (``__ac``) with any request to the portal,
whichever site made it: a page elsewhere can POST ``text/plain`` to
``++api++/…/@workflow/submit`` without a CORS preflight. plone.protect's
automatic CSRF check covers only HTML answers, so plone.rest services
(JSON) were unprotected. The rule, decided once for every REST request by
``guard.py``:

* safe methods (GET, HEAD, OPTIONS, TRACE) pass;
* a request authenticated by an ``Authorization`` header (a Bearer JWT, or
  Basic) passes: a page elsewhere cannot add that header without a CORS
  preflight the portal does not grant;
* an authenticated request carrying the login cookie (``__ac``, or
  plone.restapi's ``auth_token``) — what the browser adds by itself — must
  come from the portal's own origin: its ``Origin`` header, or without one
  its ``Referer``, names the portal's scheme, host and port; or it carries
  a valid plone.protect token (``X-CSRF-TOKEN`` or ``_authenticator``);
* anonymous requests, and credentials in the request itself (``@login``'s
  JSON body), pass: they carry no authority the browser added.
"""

from urllib.parse import urlsplit

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
LOGIN_COOKIES = ("__ac", "auth_token")
DEFAULT_PORTS = {"http": 80, "https": 443}
HEADER_SCHEMES = ("bearer ", "basic ")


def origin_of(url):
    """``scheme://host[:port]`` of ``url`` (lower case, default port left out); None if none.

    ``null`` (what browsers send from sandboxed or file pages) and anything
    not http(s) have no origin.
    """
    if not url or not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        return None
    if ":" in host:  # IPv6
        host = f"[{host}]"
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def request_origin(origin, referer):
    """The origin a request says it comes from: its ``Origin``, else its ``Referer``'s."""
    if origin:
        return origin_of(origin)
    return origin_of(referer)


def authenticated_by_header(authorization):
    """True if ``authorization`` (the ``Authorization`` header) is a Bearer or Basic credential."""
    return isinstance(authorization, str) and authorization.lower().startswith(HEADER_SCHEMES)


def has_login_cookie(cookies):
    """True if the request's ``cookies`` (a mapping) hold a login cookie."""
    return any(cookies.get(name) for name in LOGIN_COOKIES)


def needs_same_origin(method, authenticated, authorization, login_cookie):
    """True if a request must prove where it comes from: an unsafe method on the login cookie."""
    if (method or "GET").upper() in SAFE_METHODS:
        return False
    return bool(authenticated and login_cookie) and not authenticated_by_header(authorization)


def is_refused(request, portal_origins, has_token):
    """True if ``request`` is a cross-origin (or unproven) write on the login cookie.

    ``request`` is a mapping with ``method``, ``authenticated`` (bool),
    ``authorization`` (the header), ``login_cookie`` (bool), ``origin`` and
    ``referer`` (headers); ``portal_origins`` are the portal's own origins
    (as ``origin_of`` returns them); ``has_token`` says whether it carries
    a valid plone.protect token.
    """
    method = request.get("method")
    authenticated = request.get("authenticated")
    if not needs_same_origin(
        method, authenticated, request.get("authorization"), request.get("login_cookie")
    ):
        return False
    if has_token:
        return False
    claimed = request_origin(request.get("origin"), request.get("referer"))
    return claimed is None or claimed not in set(portal_origins)
