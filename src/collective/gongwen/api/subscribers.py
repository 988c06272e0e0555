"""Request subscribers of the REST layer (R-SEC5).

* ``check_request_parameters`` (``IPubAfterTraversal``): the batching,
  integer and search parameters of every request on our layer are checked
  once, before any view or service reads them (``api.params``); a REST
  request's body must be a JSON object (as plone.restapi's ``json_body``
  requires, but also for the services that parse it themselves, and not
  nested past what the parser can read) whose fields have the types the
  service indexes into. A bad one is a 400 with a Chinese message instead of
  an error deep in a catalog, batch or service.
* ``chinese_error_body`` (``IPubBeforeCommit``): an error answer a
  plone.restapi service returns itself (not raised), or a bare error status
  with no body, gets the same Chinese ``message`` as a raised one
  (``api.errors``).
"""

import json

from plone.registry.interfaces import IRegistry
from plone.rest.interfaces import IAPIRequest
from plone.restapi.exceptions import DeserializationError
from zExceptions import NotFound
from zope.component import getUtility

from collective.gongwen.api import errors
from collective.gongwen.api import params
from collective.gongwen.interfaces import IGongwenLayer

# Bodies plone.restapi reads as JSON: a declared JSON or text type, or none declared.
JSON_TYPES = ("application/json", "text/plain", "")
BODY_METHODS = ("POST", "PATCH", "PUT", "DELETE")


# Where the parsed body is kept on the request: both checks read it, it is parsed once.
_PARSED_BODY = "_gongwen_json_body"


def json_object(request):
    """The REST request's body as a JSON object; ``{}`` when it carries none to read.

    DeserializationError when it is not a JSON object (invalid, not UTF-8,
    nested too deep for the parser, a list …). Parsed once per request.
    """
    parsed = request.other.get(_PARSED_BODY)
    if parsed is None:
        parsed = request.other[_PARSED_BODY] = _parse_body(request)
    return parsed


def _parse_body(request):
    content_type = (request.getHeader("Content-Type") or "").split(";")[0].strip().lower()
    body = request.get("BODY") if request.method in BODY_METHODS else None
    if not body or content_type not in JSON_TYPES:
        return {}
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise DeserializationError("No JSON object could be decoded") from None
    if not isinstance(data, dict):
        raise DeserializationError("Malformed body")
    return data


def service_and_path(request):
    """The ``@name`` of the REST service traversed to ("" for content) and the names after it."""
    steps = list(request.steps)
    for index in range(len(steps) - 1, -1, -1):
        if steps[index].startswith("@"):
            return steps[index], steps[index + 1 :]
    return "", []


def check_request_body(site, event):
    """A REST request's body is a JSON object, checked when the site is traversed.

    Before authentication: plone.restapi's JWT plugin reads a JSON body to
    look for a login, and would fail on one nested too deep to parse.
    """
    request = event.request
    if IGongwenLayer.providedBy(request) and IAPIRequest.providedBy(request):
        json_object(request)


def check_registry_record(service, names):
    """``@registry/<name>`` names a record (plone.restapi fails with KeyError on another)."""
    if service == "@registry" and names and names[0] not in getUtility(IRegistry):
        raise NotFound(names[0])


def check_request_parameters(event):
    request = event.request
    if not IGongwenLayer.providedBy(request):
        return
    rest = IAPIRequest.providedBy(request)
    params.check_parameters(request.form, rest=rest)
    if rest:
        service, names = service_and_path(request)
        params.check_path(service, names)
        check_registry_record(service, names)
        data = json_object(request)
        params.check_parameters(data, rest=True)
        params.check_body(service, request.method, data)


def chinese_error_body(event):
    request = event.request
    if not (IGongwenLayer.providedBy(request) and IAPIRequest.providedBy(request)):
        return
    response = request.response
    status = response.getStatus()
    if status < 400 or "json" not in (response.getHeader("Content-Type") or ""):
        return
    try:
        data = json.loads(response.body or b"null")
    except ValueError:
        return
    if data is None:  # a bare status (e.g. @sharing's 403 for whoever may not share)
        translated = errors.chinese_error({"type": response.errmsg or ""}, status, request)
    elif not isinstance(data, dict):
        return
    elif isinstance(data.get("error"), dict):  # {"error": {"type", "message"}}
        translated = dict(data, error=errors.chinese_error(data["error"], status, request))
    elif "type" in data and "message" in data:  # {"type", "message"}, as @types answers
        translated = errors.chinese_error(data, status, request)
    else:
        return
    if translated != data:
        response.setBody(json.dumps(translated, indent=2, sort_keys=True))
