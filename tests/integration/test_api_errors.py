"""R-SEC5 on the Plone layer: the defects found in testing are client errors (4xx), in Chinese.

The requests that gave a 500 on a fresh portal — invalid JSON and a list body,
``b_size=-1`` and ``b_start=abc``, ``SearchableText`` of ``AND`` or a lone
quote, a numeric ``comment`` in ``@workflow``, PATCH ``@history`` with a
version that does not exist — each raise what ``api.errors`` calls a client
error, and the error view of our layer answers it 400/404 with a Chinese
message; an error of the server stays a 500.
"""

import json

import pytest
from plone import api
from plone.rest.interfaces import IAPIRequest
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from Products.CMFEditions.interfaces.IArchivist import ArchivistRetrieveError
from Products.ZCTextIndex.ParseTree import ParseError
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

from collective.gongwen import _
from collective.gongwen.api.browser.errors import ClientErrorPage
from collective.gongwen.api.browser.errors import error_view
from collective.gongwen.api.params import InvalidParameter
from collective.gongwen.api.services.workflow.post import RoutedTransition
from collective.gongwen.api.subscribers import check_request_parameters
from collective.gongwen.interfaces import IGongwenLayer
from tests.support.outgoing import draft_outgoing


@pytest.fixture
def rest_request(portal):
    """The test request as a REST request on our layer."""
    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer, IAPIRequest)
    request["PARENTS"] = [portal]
    return request


def answer(exception, request):
    """Status and JSON body of the error view's answer to ``exception``."""
    try:
        raise exception
    except type(exception) as raised:
        view = error_view(raised, request)
        view.__parent__ = request["PARENTS"][0]
        view()
    response = request.response
    return response.getStatus(), json.loads(response.body)


def with_body(request, body, method="POST"):
    request.method = method
    request["REQUEST_METHOD"] = method
    request.environ["CONTENT_TYPE"] = "application/json"
    request["BODY"] = body
    return request


class Event:
    def __init__(self, request):
        self.request = request


@pytest.mark.parametrize("body", [b"{bad", b"[1, 2]"])
def test_r_sec5_invalid_json_and_a_list_body_are_400(rest_request, body):
    with pytest.raises(DeserializationError) as raised:
        json_body(with_body(rest_request, body))
    status, data = answer(raised.value, rest_request)
    assert status == 400
    assert data["type"] == "DeserializationError"
    assert "请求正文有误" in data["message"]


@pytest.mark.parametrize(
    ("form", "name"), [({"b_size": "-1"}, "b_size"), ({"b_start": "abc"}, "b_start")]
)
def test_r_sec5_bad_batching_is_400_naming_the_parameter(rest_request, form, name):
    rest_request.form.update(form)
    with pytest.raises(InvalidParameter) as raised:
        check_request_parameters(Event(rest_request))
    status, data = answer(raised.value, rest_request)
    assert status == 400
    assert data["message"].startswith(f"参数 {name} 应为")


@pytest.mark.parametrize("text", ["AND", '"', "NOT", "(("])
def test_r_sec5_search_syntax_is_400(portal, rest_request, text):
    with pytest.raises(ParseError) as raised:
        api.content.find(SearchableText=text)
    status, data = answer(raised.value, rest_request)
    assert status == 400
    assert data["type"] == "ParseError"
    assert "检索词无法识别" in data["message"]


def test_r_sec5_numeric_comment_in_workflow_is_400(portal, rest_request):
    document = draft_outgoing(portal)
    with_body(rest_request, b'{"comment": 5}')
    service = getMultiAdapter((document, rest_request), name="POST_application_json_@workflow")
    assert isinstance(service, RoutedTransition)
    service.transition = "submit"
    with api.env.adopt_user(username="cy_eng_staff"), pytest.raises(InvalidParameter) as raised:
        service.reply()
    assert api.content.get_state(obj=document) == "draft"
    status, data = answer(raised.value, rest_request)
    assert (status, data["message"]) == (400, "意见（comment）应为文字。")


def test_r_sec5_history_with_a_version_that_does_not_exist_is_404(portal, rest_request):
    document = draft_outgoing(portal)
    repository = api.portal.get_tool("portal_repository")
    with api.env.adopt_roles(["Manager"]), pytest.raises(ArchivistRetrieveError) as raised:
        repository.retrieve(document, 999)
    status, data = answer(raised.value, rest_request)
    assert (status, data["message"]) == (404, "没有这个版本。")


def test_r_sec5_history_patch_without_a_version_is_400(rest_request):
    from collective.gongwen.api import params

    with pytest.raises(InvalidParameter) as raised:
        params.check_body("@history", "PATCH", {})
    status, data = answer(raised.value, rest_request)
    assert (status, data["message"]) == (400, "请求正文缺少 version。")


def test_r_sec5_a_server_error_stays_500(rest_request):
    status, data = answer(AttributeError("'NoneType' object has no attribute 'x'"), rest_request)
    assert status == 500
    assert data["type"] == "AttributeError"
    assert "服务器处理请求时出错" in data["message"]


def test_r_sec5_a_page_gets_a_chinese_400_page(portal):
    request = portal.REQUEST
    alsoProvides(request, IGongwenLayer)
    request.environ["HTTP_ACCEPT"] = "text/html"
    request["PARENTS"] = [portal]
    try:
        raise InvalidParameter(_("error_test_parameter", default="参数有误"))
    except InvalidParameter as raised:
        view = error_view(raised, request)
    assert isinstance(view, ClientErrorPage)
    view.__parent__ = portal
    html = view()
    assert request.response.getStatus() == 400
    assert "请求有误" in html and "参数有误" in html
