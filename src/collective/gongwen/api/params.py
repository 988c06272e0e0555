"""The request parameters every page and REST service reads the same way (R-SEC5). Plain Python.

What this module owns: the bounds of the batching parameters (``b_start``,
``b_size``) that Plone's and plone.restapi's listings turn into numbers, of the
other integer parameters plone.restapi reads without checking them
(``sort_limit``, ``version``, ``limit`` …), and of a search's ``SearchableText``;
and the shape of the JSON bodies plone.restapi's services index into without
checking (:func:`check_body`: the types of ``@type``, ``text``, ``version``,
``entries``, ``source``, ``query`` …). A request that breaks one is the
client's mistake: :class:`InvalidParameter` with a Chinese message naming the
parameter or field, raised by ``api.subscribers`` once per request before any
view or service runs.
"""

from collective.gongwen import _

MAX_START = 10**9
MAX_BATCH_SIZE = 1000
MAX_SEARCH_TEXT = 500

# name → (lowest, highest) accepted value, for every request on the site.
BATCHING = {
    "b_start": (0, MAX_START),
    "b_size": (1, MAX_BATCH_SIZE),
}
# plone.restapi's own integer parameters, which it converts without a check.
REST_INTEGERS = {
    "sort_limit": (1, MAX_START),
    "version": (0, MAX_START),
    "limit": (1, MAX_START),
    "expand.contextnavigation.topLevel": (0, 100),
    "expand.contextnavigation.bottomLevel": (0, 100),
    "expand.navigation.depth": (0, 100),
}
MAX_LOCK_TIMEOUT = 2**32 - 1
SEARCH_TEXT = "SearchableText"


class InvalidParameter(ValueError):
    """A request parameter the client got wrong; ``message`` is a translatable Chinese message."""

    def __init__(self, message):
        super().__init__(message.default)
        self.message = message


def _values(value):
    """A form value as a list: a repeated parameter comes as a list."""
    return list(value) if isinstance(value, list | tuple) else [value]


def parse_integer(name, value, low, high):
    """``value`` of the parameter ``name`` as an int in ``[low, high]``; InvalidParameter if not.

    A repeated parameter counts by its last value (as ``int()`` of Zope's form would fail).
    """
    values = _values(value)
    value = values[-1] if values else ""
    if isinstance(value, bool):
        value = None
    try:
        number = int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        number = None
    if number is None or not low <= number <= high:
        raise InvalidParameter(
            _(
                "error_parameter_integer",
                default="参数 ${name} 应为 ${low} 到 ${high} 之间的整数。",
                mapping={"name": name, "low": low, "high": high},
            )
        )
    return number


def check_search_text(value):
    """The ``SearchableText`` parameter: text of at most MAX_SEARCH_TEXT characters."""
    for text in _values(value):
        if not isinstance(text, str):
            raise InvalidParameter(_("error_search_text_type", default="检索词应为文字。"))
        if len(text) > MAX_SEARCH_TEXT:
            raise InvalidParameter(
                _(
                    "error_search_text_length",
                    default="检索词不能超过 ${limit} 个字符。",
                    mapping={"limit": MAX_SEARCH_TEXT},
                )
            )


def check_parameters(form, rest=False):
    """Check the parameters of a request ``form`` (a mapping); InvalidParameter at a bad one.

    ``rest``: the request is for a plone.restapi service, whose own integer
    parameters are checked too.
    """
    bounds = dict(BATCHING, **REST_INTEGERS) if rest else BATCHING
    for name, (low, high) in bounds.items():
        if name in form:
            parse_integer(name, form[name], low, high)
    if SEARCH_TEXT in form:
        check_search_text(form[SEARCH_TEXT])


# What each kind of JSON value must be, and how a refusal names it.
KINDS = {
    "text": (
        lambda value: isinstance(value, str),
        _("error_body_text", default="请求正文中的 ${name} 应为文字。"),
    ),
    "integer": (
        lambda value: isinstance(value, int) and not isinstance(value, bool),
        _("error_body_integer", default="请求正文中的 ${name} 应为整数。"),
    ),
    "boolean": (
        lambda value: isinstance(value, bool),
        _("error_body_boolean", default="请求正文中的 ${name} 应为 true 或 false。"),
    ),
    "object": (
        lambda value: isinstance(value, dict),
        _("error_body_object", default="请求正文中的 ${name} 应为 JSON 对象。"),
    ),
    "objects": (
        lambda value: isinstance(value, list) and all(isinstance(v, dict) for v in value),
        _("error_body_objects", default="请求正文中的 ${name} 应为由 JSON 对象组成的列表。"),
    ),
    "texts": (
        lambda value: (
            isinstance(value, str)
            or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        ),
        _("error_body_texts", default="请求正文中的 ${name} 应为文字或文字列表。"),
    ),
    "rich text": (
        lambda value: (
            isinstance(value, str)
            or (
                isinstance(value, dict)
                and all(
                    isinstance(value.get(key, ""), str)
                    for key in ("data", "content-type", "encoding")
                )
            )
        ),
        _("error_body_rich_text", default="请求正文中的 ${name} 应为文字，或含文字 data 的对象。"),
    ),
}

# (service, method) → {field: (kind, required)}; "" is the content item itself.
BODIES = {
    ("", "POST"): {"@type": ("text", False), "id": ("text", False), "text": ("rich text", False)},
    ("", "PATCH"): {"text": ("rich text", False)},
    ("@history", "PATCH"): {"version": ("integer", True)},
    ("@sharing", "POST"): {"entries": ("objects", False), "inherit": ("boolean", False)},
    ("@lock", "POST"): {"timeout": ("integer", False), "stealable": ("boolean", False)},
    ("@copy", "POST"): {"source": ("texts", True)},
    ("@move", "POST"): {"source": ("texts", True)},
    ("@querystring-search", "POST"): {"query": ("objects", False)},
    ("@users", "POST"): {"username": ("text", False), "email": ("text", False)},
    ("@users", "PATCH"): {"email": ("text", False), "fullname": ("text", False)},
    ("@groups", "POST"): {"groupname": ("text", False), "users": ("texts", False)},
    ("@groups", "PATCH"): {"users": ("object", False)},
}
# Fields inside the items of a list field: (service, method, field) → {field: (kind, required)}.
ITEMS = {
    ("@sharing", "POST", "entries"): {"id": ("text", True), "roles": ("object", True)},
}
# Bounds of integer fields of a body.
BODY_INTEGERS = {
    ("@history", "PATCH", "version"): (0, MAX_START),
    ("@lock", "POST", "timeout"): (1, MAX_LOCK_TIMEOUT),
}


def _check_fields(data, fields):
    for name, (kind, required) in fields.items():
        if name not in data:
            if required:
                raise InvalidParameter(
                    _(
                        "error_body_missing",
                        default="请求正文缺少 ${name}。",
                        mapping={"name": name},
                    )
                )
            continue
        accepts, message = KINDS[kind]
        if not accepts(data[name]):
            raise InvalidParameter(_(message, default=message.default, mapping={"name": name}))


def check_body(service, method, data):
    """Check the JSON object ``data`` sent with ``method`` to plone.restapi's ``service``.

    ``service`` is the ``@name`` of the service, ``""`` for the content item itself.
    """
    _check_fields(data, BODIES.get((service, method), {}))
    for (item_service, item_method, name), fields in ITEMS.items():
        if (item_service, item_method) == (service, method) and isinstance(data.get(name), list):
            for item in data[name]:
                _check_fields(item, fields)
    for (int_service, int_method, name), (low, high) in BODY_INTEGERS.items():
        if (int_service, int_method) == (service, method) and name in data:
            parse_integer(name, data[name], low, high)


def check_path(service, names):
    """The names after a service in the URL: ``@history/<version>`` is a version number."""
    if service == "@history" and names:
        parse_integer("version", names[0], 0, MAX_START)
