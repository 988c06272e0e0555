"""R-SEC5: the same-origin rule for cookie-authenticated writes (plain Python)."""

import pytest

from collective.gongwen.api.same_origin import has_login_cookie
from collective.gongwen.api.same_origin import is_refused
from collective.gongwen.api.same_origin import origin_of

PORTAL = {"https://oa.example.gov.cn"}


def request(**facts):
    """A cookie-authenticated POST with no origin, changed by ``facts``."""
    return {
        "method": "POST",
        "authenticated": True,
        "authorization": None,
        "login_cookie": True,
        "origin": None,
        "referer": None,
        **facts,
    }


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://OA.example.gov.cn/plone/x", "https://oa.example.gov.cn"),
        ("https://oa.example.gov.cn:443", "https://oa.example.gov.cn"),
        ("http://oa.example.gov.cn:80/", "http://oa.example.gov.cn"),
        ("http://127.0.0.1:8080/plone", "http://127.0.0.1:8080"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
        ("null", None),
        ("file:///etc/passwd", None),
        ("javascript:alert(1)", None),
        ("http://host:99999/", None),
        ("", None),
        (None, None),
    ],
)
def test_r_sec5_origin_of(url, origin):
    assert origin_of(url) == origin


def test_r_sec5_cross_origin_cookie_write_is_refused():
    assert is_refused(request(origin="https://evil.example.com"), PORTAL, has_token=False)
    assert is_refused(request(origin="null"), PORTAL, has_token=False)
    # Without Origin, the Referer decides; with neither, nothing proves the origin.
    assert is_refused(request(referer="https://evil.example.com/a.html"), PORTAL, False)
    assert is_refused(request(), PORTAL, has_token=False)
    # A look-alike host or another port or scheme is another origin.
    for other in (
        "https://oa.example.gov.cn.evil.com",
        "https://oa.example.gov.cn:8443",
        "http://oa.example.gov.cn",
    ):
        assert is_refused(request(origin=other), PORTAL, has_token=False), other


def test_r_sec5_same_origin_or_token_passes():
    assert not is_refused(request(origin="https://oa.example.gov.cn"), PORTAL, False)
    assert not is_refused(request(referer="https://oa.example.gov.cn/plone/doc"), PORTAL, False)
    # An Origin is what the browser says; a same-origin Referer does not save a foreign Origin.
    assert is_refused(
        request(origin="https://evil.example.com", referer="https://oa.example.gov.cn/"),
        PORTAL,
        False,
    )
    assert not is_refused(request(origin="https://evil.example.com"), PORTAL, has_token=True)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "post", "PROPFIND"])
def test_r_sec5_every_unsafe_method_is_checked(method):
    assert is_refused(request(method=method, origin="https://evil.example.com"), PORTAL, False)


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "TRACE"])
def test_r_sec5_safe_methods_pass(method):
    assert not is_refused(request(method=method, origin="https://evil.example.com"), PORTAL, False)


def test_r_sec5_header_credentials_and_anonymous_pass():
    evil = "https://evil.example.com"
    assert not is_refused(request(origin=evil, authorization="Bearer eyJ0eXAi"), PORTAL, False)
    assert not is_refused(request(origin=evil, authorization="Basic YWRtaW46c2VjcmV0"), PORTAL, 0)
    assert not is_refused(request(origin=evil, authenticated=False), PORTAL, False)
    # @login's JSON credentials: authenticated, but no cookie the browser added.
    assert not is_refused(request(origin=evil, login_cookie=False), PORTAL, False)
    # Any other Authorization scheme does not replace the cookie.
    assert is_refused(request(origin=evil, authorization="Negotiate abc"), PORTAL, False)


def test_r_sec5_login_cookies():
    assert has_login_cookie({"__ac": "abc"})
    assert has_login_cookie({"auth_token": "eyJ"})
    assert not has_login_cookie({"__ac": ""})
    assert not has_login_cookie({"I18N_LANGUAGE": "zh-cn"})
