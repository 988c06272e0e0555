"""A corpus of malformed requests for R-SEC5 (4xx, never 500), run by test_api_errors.py.

Each ``Case`` is one request a careless or hostile client might send: bodies
that are not a JSON object, fields of the wrong type, numbers out of range,
bad batching and search parameters, unknown transitions, versions, UIDs and
paths, wrong content types, bad headers and methods. Paths are templates on
the targets a test makes (``{doc}`` a 发文 draft, ``{incoming}`` a 收文,
``{attachment}`` an 附件 of the draft, ``{notice}`` a 通知公告, ``{news}`` a
工作动态, ``{unit}``, ``{department}``, ``{folder}`` the unit's 发文 folder);
``""`` is the site root.
"""

from dataclasses import dataclass
from dataclasses import field

JSON = "application/json"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass(frozen=True)
class Case:
    """One malformed request; ``rest`` False for a page (HTML answer expected)."""

    name: str
    method: str
    path: str
    body: bytes | None = None
    params: tuple = ()
    headers: dict = field(default_factory=dict, hash=False)
    rest: bool = True
    manager: bool = False
    # False where a 4xx is all we can ask: a body Zope refuses while it reads the request,
    # before the site (and our layer) is reached, keeps Zope's message; the workers'
    # token-checked endpoints answer machines, not people.
    chinese: bool = True

    def url(self, portal_url, targets):
        path = self.path.format(**targets)
        return f"{portal_url}/{path}".rstrip("/") if path else portal_url

    def request_headers(self):
        headers = {"Accept": JSON} if self.rest else {"Accept": "text/html"}
        if self.body is not None and self.rest:
            headers["Content-Type"] = JSON
        headers.update(self.headers)
        return headers


# Bodies that are not a JSON object at all.
NOT_AN_OBJECT = {
    "invalid JSON": b"{bad",
    "truncated JSON": b'{"title": "',
    "a list": b"[1, 2]",
    "a string": b'"text"',
    "a number": b"42",
    "null": b"null",
    "not UTF-8": b'{"title": "\xff\xfe\xc0"}',
    "nested 100000 deep": b"[" * 100_000,
}

# Fields of the wrong type or out of range, for PATCH on our content.
WRONG_FIELDS = {
    "title a number": {"title": 123},
    "title null": {"title": None},
    "title a list": {"title": ["a", "b"]},
    "title an object": {"title": {"a": 1}},
    "huge number": {"copies": 10**40},
    "copies a string": {"copies": "abc"},
    "copies negative": {"copies": -5},
    "bad date": {"received_date": "2026-13-45"},
    "date a number": {"deadline": 20260101},
    "unknown urgency": {"urgency": "nonexistent"},
    "department not a UID": {"drafting_department": "not-a-uid"},
    "text a number": {"text": 5},
    "text data a list": {"text": {"data": [1], "content-type": "text/html"}},
    "unknown field": {"no_such_field": 1},
    "effective bad date": {"effective": "yesterday-ish"},
    "subjects a string": {"subjects": 5},
    "file not an object": {"file": "abc"},
    "file data not base64": {"file": {"data": "!!!", "encoding": "base64", "filename": "a.pdf"}},
}

# A transition the drafter may not take on each target: the document stays where it is.
REFUSED_TRANSITIONS = {
    "doc": "approve",
    "incoming": "approve",
    "notice": "publish",
    "news": "publish",
}

CONTENT = ("doc", "incoming", "attachment", "notice", "news", "unit", "department")

SEARCH_PARAMS = {
    "b_size -1": {"b_size": "-1"},
    "b_size 0": {"b_size": "0"},
    "b_size abc": {"b_size": "abc"},
    "b_size huge": {"b_size": str(10**30)},
    "b_start abc": {"b_start": "abc"},
    "b_start -5": {"b_start": "-5"},
    "b_start huge": {"b_start": str(10**30)},
    "sort_limit abc": {"sort_limit": "abc"},
    "sort_on unknown": {"sort_on": "no_such_index"},
    "sort_order odd": {"sort_order": "sideways"},
    "AND": {"SearchableText": "AND"},
    "OR": {"SearchableText": "OR"},
    "NOT": {"SearchableText": "NOT"},
    "NOT word": {"SearchableText": "NOT 防汛"},
    "lone quote": {"SearchableText": '"'},
    "parentheses": {"SearchableText": "(("},
    "close parenthesis": {"SearchableText": ")"},
    "star": {"SearchableText": "*"},
    "star prefix": {"SearchableText": "*汛"},
    "AND OR": {"SearchableText": "防汛 AND OR"},
    "very long query": {"SearchableText": "防汛" * 5000},
    "bad created date": {"created.query": "notadate", "created.range": "min"},
    "bad path depth": {"path.query": "/plone", "path.depth": "abc"},
    "invalid UID": {"UID": "not-a-uid"},
    "unknown index": {"no_such_index": "x"},
    "metadata unknown": {"metadata_fields": "no_such_column"},
    "fullobjects junk": {"fullobjects": "yes-please"},
    "review_state list": {"review_state:list": ["a", "b"]},
}


def _json(data):
    import json

    return json.dumps(data).encode()


def rest_cases():
    """The REST corpus: plone.restapi's services on our types and our own services."""
    cases = []
    add = cases.append
    # Bodies that are not an object, on every kind of our content and its services.
    for name, body in NOT_AN_OBJECT.items():
        for target in CONTENT:
            add(Case(f"PATCH {target}: {name}", "PATCH", f"{{{target}}}", body))
        add(Case(f"POST folder: {name}", "POST", "{folder}", body))
        for target, transition in REFUSED_TRANSITIONS.items():
            add(
                Case(
                    f"@workflow {target}: {name}",
                    "POST",
                    f"{{{target}}}/@workflow/{transition}",
                    body,
                )
            )
        add(Case(f"@history: {name}", "PATCH", "{doc}/@history", body))
        add(Case(f"@querystring-search: {name}", "POST", "@querystring-search", body))
        add(Case(f"@sharing: {name}", "POST", "{doc}/@sharing", body))
        add(Case(f"@lock: {name}", "POST", "{doc}/@lock", body))
        add(Case(f"@copy: {name}", "POST", "{folder}/@copy", body))
        add(Case(f"@move: {name}", "POST", "{folder}/@move", body))
        add(Case(f"@conversions: {name}", "POST", "{doc}/@conversions", body))
        add(Case(f"@login: {name}", "POST", "@login", body))
    # Fields of the wrong type.
    for name, data in WRONG_FIELDS.items():
        for target in ("doc", "incoming", "attachment", "notice", "news"):
            add(Case(f"PATCH {target}: {name}", "PATCH", f"{{{target}}}", _json(data)))
    # Creating content with a bad or missing type.
    for name, data in {
        "no @type": {"title": "无类型"},
        "unknown @type": {"@type": "NoSuchType", "title": "x"},
        "@type a number": {"@type": 5},
        "@type a list": {"@type": ["gongwen_outgoing"]},
        "outgoing title a list": {"@type": "gongwen_outgoing", "title": ["a"]},
        "outgoing huge copies": {"@type": "gongwen_outgoing", "title": "x", "copies": 10**40},
        "outgoing bad department": {
            "@type": "gongwen_outgoing",
            "title": "x",
            "drafting_department": 5,
        },
        "id with a slash": {"@type": "gongwen_outgoing", "id": "a/b", "title": "x"},
    }.items():
        add(Case(f"POST folder: {name}", "POST", "{folder}", _json(data)))
        add(Case(f"POST department: {name}", "POST", "{department}", _json(data)))
    # @workflow: bad comments, unknown or absent transitions.
    for target, transition in REFUSED_TRANSITIONS.items():
        for name, data in {
            "comment a number": {"comment": 5},
            "comment a list": {"comment": ["同意"]},
            "comment an object": {"comment": {"a": 1}},
            "comment null": {"comment": None},
            "effective bad": {"effective": "not-a-date"},
            "include_children odd": {"include_children": "maybe"},
        }.items():
            add(
                Case(
                    f"@workflow {target}: {name}",
                    "POST",
                    f"{{{target}}}/@workflow/{transition}",
                    _json(data),
                )
            )
        add(Case(f"@workflow {target}: unknown", "POST", f"{{{target}}}/@workflow/nope", b"{}"))
        add(Case(f"@workflow {target}: none", "POST", f"{{{target}}}/@workflow", b"{}"))
        add(Case(f"@workflow {target}: two names", "POST", f"{{{target}}}/@workflow/a/b", b"{}"))
    # @history: versions that do not exist or are not numbers.
    for name, data in {
        "version 999": {"version": 999},
        "version x": {"version": "x"},
        "version -1": {"version": -1},
        "version null": {"version": None},
        "version a list": {"version": [1]},
        "version huge": {"version": 10**40},
        "no version": {},
    }.items():
        add(Case(f"@history doc: {name}", "PATCH", "{doc}/@history", _json(data)))
        add(Case(f"@history attachment: {name}", "PATCH", "{attachment}/@history", _json(data)))
    for version in ("999", "abc", "-1"):
        add(Case(f"@history/{version}", "GET", f"{{doc}}/@history/{version}"))
        add(Case(f"GET doc version={version}", "GET", "{doc}", params=(("version", version),)))
        add(
            Case(
                f"GET attachment version={version}",
                "GET",
                "{attachment}",
                params=(("version", version),),
            )
        )
    # @search and its batching.
    for name, params in SEARCH_PARAMS.items():
        add(Case(f"@search: {name}", "GET", "@search", params=tuple(params.items())))
    add(Case("@search in unit: AND", "GET", "{unit}/@search", params=(("SearchableText", "AND"),)))
    # @querystring-search bodies of the wrong shape.
    for name, data in {
        "query a string": {"query": "abc"},
        "query items strings": {"query": ["a", "b"]},
        "unknown index": {"query": [{"i": "nope", "o": "x", "v": "y"}]},
        "unknown operation": {
            "query": [{"i": "portal_type", "o": "no.such.op", "v": "gongwen_outgoing"}]
        },
        "b_size -1": {"query": [], "b_size": -1},
        "b_start abc": {"query": [], "b_start": "abc"},
        "limit abc": {"query": [], "limit": "abc"},
        "sort_on unknown": {"query": [], "sort_on": "nope"},
        "SearchableText AND": {
            "query": [
                {
                    "i": "SearchableText",
                    "o": "plone.app.querystring.operation.string.contains",
                    "v": "AND",
                }
            ]
        },
    }.items():
        add(Case(f"@querystring-search: {name}", "POST", "@querystring-search", _json(data)))
    # @types, @vocabularies.
    add(Case("@types unknown", "GET", "@types/no_such_type"))
    add(Case("@types outgoing in doc", "GET", "{doc}/@types"))
    for name, params in {
        "unknown": ("@vocabularies/no.such.vocabulary", ()),
        "b_size -1": ("@vocabularies/plone.app.vocabularies.Keywords", (("b_size", "-1"),)),
        "b_start abc": ("@vocabularies/plone.app.vocabularies.Keywords", (("b_start", "abc"),)),
        "title AND": ("@vocabularies/plone.app.vocabularies.Keywords", (("title", "AND"),)),
        "token unknown": ("@vocabularies/collective.gongwen.Urgencies", (("token", "???"),)),
    }.items():
        path, query = params
        add(Case(f"@vocabularies {name}", "GET", path, params=query))
    # @sharing, @lock, @copy/@move.
    for name, data in {
        "entries a string": {"entries": "abc"},
        "entries of strings": {"entries": ["a"]},
        "entry without id": {"entries": [{"roles": {"Reader": True}}]},
        "roles a list": {"entries": [{"id": "cy_fin_staff", "type": "user", "roles": ["Reader"]}]},
        "inherit odd": {"inherit": "maybe"},
    }.items():
        add(Case(f"@sharing: {name}", "POST", "{doc}/@sharing", _json(data)))
    add(Case("@sharing search AND", "GET", "{doc}/@sharing", params=(("search", "AND"),)))
    for name, data in {
        "timeout abc": {"timeout": "abc"},
        "timeout negative": {"timeout": -5},
        "timeout huge": {"timeout": 10**40},
        "stealable odd": {"stealable": "maybe"},
    }.items():
        add(Case(f"@lock: {name}", "POST", "{doc}/@lock", _json(data)))
    add(Case("@lock DELETE unlocked", "DELETE", "{doc}/@lock", b"{}"))
    add(Case("@lock PATCH unlocked", "PATCH", "{doc}/@lock", b"{}"))
    for service in ("@copy", "@move"):
        for name, data in {
            "no source": {},
            "source a number": {"source": 5},
            "source not a UID": {"source": "not-a-uid"},
            "source unknown path": {"source": ["/plone/no/such/thing"]},
            "source another site": {"source": "http://example.com/plone/x"},
            "source an object": {"source": {"a": 1}},
        }.items():
            add(Case(f"{service}: {name}", "POST", f"{{folder}}/{service}", _json(data)))
    # Users and groups.
    add(Case("@users unknown", "GET", "@users/no-such-user"))
    add(Case("@users query AND", "GET", "@users", params=(("query", "AND"), ("limit", "abc"))))
    add(Case("@users POST bad", "POST", "@users", _json({"username": 5})))
    add(Case("@groups unknown", "GET", "@groups/no-such-group"))
    add(Case("@groups POST bad", "POST", "@groups", _json({"groupname": ["x"]})))
    # Navigation-like services with numeric parameters.
    add(
        Case(
            "@navigation depth abc",
            "GET",
            "@navigation",
            params=(("expand.navigation.depth", "abc"),),
        )
    )
    add(Case("@relations max abc", "GET", "@relations", params=(("max", "abc"),)))
    add(Case("@breadcrumbs on doc", "GET", "{doc}/@breadcrumbs", params=(("b_size", "x"),)))
    add(
        Case(
            "@contextnavigation bad",
            "GET",
            "{doc}/@contextnavigation",
            params=(("expand.contextnavigation.topLevel", "abc"),),
        )
    )
    # Our own services.
    add(Case("@conversions GET b_size", "GET", "{doc}/@conversions", params=(("b_size", "-1"),)))
    add(Case("@conversions unknown", "POST", "{doc}/@conversions/no-such-file", b"{}"))
    add(Case("@conversions body list", "POST", "{doc}/@conversions", _json({"files": "abc"})))
    # Invalid UIDs and paths.
    add(Case("unknown path", "GET", "no/such/path"))
    add(Case("unknown service", "GET", "{doc}/@no-such-service"))
    add(Case("resolveuid bad", "GET", "resolveuid/not-a-uid"))
    add(Case("path with NUL", "GET", "{folder}/%00"))
    add(Case("path ..", "GET", "{doc}/../../../etc/passwd"))
    # Headers and methods.
    add(
        Case(
            "Content-Type text/plain",
            "PATCH",
            "{doc}",
            b"title=x",
            headers={"Content-Type": "text/plain"},
        )
    )
    add(
        Case(
            "Content-Type form",
            "POST",
            "{folder}",
            b"@type=gongwen_outgoing",
            headers=FORM,
        )
    )
    add(
        Case(
            "Content-Type multipart junk",
            "POST",
            "{doc}/@workflow/approve",
            b"--x\r\njunk",
            headers={"Content-Type": "multipart/form-data; boundary=x"},
            chinese=False,
        )
    )
    add(Case("Accept odd", "GET", "{doc}", headers={"Accept": "application/json; q=abc"}))
    add(
        Case(
            "Accept XML",
            "POST",
            "{doc}/@workflow/approve",
            b"{}",
            headers={"Accept": "application/xml, application/json;q=0.1"},
        )
    )
    add(
        Case(
            "Content-Length lies",
            "PATCH",
            "{doc}",
            b'{"title": "x"}',
            headers={"Content-Type": "application/json; charset=latin-9"},
        )
    )
    add(Case("PUT on doc", "PUT", "{doc}", _json({"title": "x"})))
    add(Case("DELETE on @search", "DELETE", "@search"))
    add(Case("POST on @search", "POST", "@search", b"{}"))
    add(Case("PATCH on @types", "PATCH", "@types/gongwen_outgoing", b"[1]"))
    add(Case("HEAD doc", "HEAD", "{doc}"))
    add(Case("OPTIONS doc", "OPTIONS", "{doc}"))
    add(
        Case(
            "OPTIONS preflight",
            "OPTIONS",
            "{doc}",
            headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "PATCH"},
        )
    )
    add(Case("TRACE doc", "TRACE", "{doc}"))
    # As Manager: the services a drafter may not reach.
    for name, body in NOT_AN_OBJECT.items():
        add(
            Case(
                f"Manager @types PATCH: {name}",
                "PATCH",
                "@types/gongwen_outgoing",
                body,
                manager=True,
            )
        )
        add(Case(f"Manager @users POST: {name}", "POST", "@users", body, manager=True))
        add(Case(f"Manager @groups POST: {name}", "POST", "@groups", body, manager=True))
        add(Case(f"Manager PATCH incoming: {name}", "PATCH", "{incoming}", body, manager=True))
        add(Case(f"Manager @registry: {name}", "PATCH", "@registry", body, manager=True))
    for name, data in WRONG_FIELDS.items():
        add(
            Case(
                f"Manager PATCH incoming: {name}", "PATCH", "{incoming}", _json(data), manager=True
            )
        )
    for name, params in SEARCH_PARAMS.items():
        add(
            Case(
                f"Manager @search: {name}",
                "GET",
                "@search",
                params=tuple(params.items()),
                manager=True,
            )
        )
    add(
        Case(
            "Manager @users POST no password",
            "POST",
            "@users",
            _json({"username": "x"}),
            manager=True,
        )
    )
    add(
        Case(
            "Manager @users PATCH unknown",
            "PATCH",
            "@users/no-such-user",
            _json({"email": 5}),
            manager=True,
        )
    )
    add(
        Case(
            "Manager @groups users odd",
            "PATCH",
            "@groups/Reviewers",
            _json({"users": "abc"}),
            manager=True,
        )
    )
    add(Case("Manager @registry unknown", "GET", "@registry/no.such.record", manager=True))
    add(
        Case(
            "Manager @registry bad value",
            "PATCH",
            "@registry",
            _json({"plone.site_title": 5}),
            manager=True,
        )
    )
    add(
        Case(
            "Manager @types bad field",
            "POST",
            "@types/gongwen_outgoing",
            _json({"factory": 5}),
            manager=True,
        )
    )
    add(
        Case(
            "Manager @workflow incoming comment",
            "POST",
            "{incoming}/@workflow/send_to_propose",
            _json({"comment": 5}),
            manager=True,
        )
    )
    return cases


def page_cases():
    """Our pages that read query parameters or POSTs, and Plone's search, as a member of staff."""
    cases = []
    add = cases.append

    def page(name, method, path, params=(), body=None, headers=None, chinese=True):
        add(
            Case(
                name,
                method,
                path,
                body=body,
                params=params,
                headers=headers or {},
                rest=False,
                chinese=chinese,
            )
        )

    def form_post(name, path, body, chinese=True):
        page(name, "POST", path, body=body, headers=FORM, chinese=chinese)

    listing = {
        "b_start abc": {"b_start": "abc"},
        "b_start huge": {"b_start": str(10**30)},
        "year abc": {"year": "abc"},
        "year huge": {"year": str(10**30)},
        "state unknown": {"state": "no_such_state"},
        "urgency list": {"urgency:list": ["a", "b"]},
        "overdue odd": {"overdue": "\x00"},
    }
    for name, params in listing.items():
        page(f"listing: {name}", "GET", "{folder}", tuple(params.items()))
    for name, params in {
        "b_start abc": {"b_start": "abc"},
        "b_size -1": {"b_size": "-1"},
    }.items():
        page(f"我的待办: {name}", "GET", "@@gongwen-todo", tuple(params.items()))
        page(f"我的待阅: {name}", "GET", "@@gongwen-toread", tuple(params.items()))
    for name, params in SEARCH_PARAMS.items():
        page(f"search page: {name}", "GET", "@@search", tuple(params.items()))
    page("search page ajax AND", "GET", "@@ajax-search", (("SearchableText", "AND"),))
    page("overdue year abc", "GET", "{unit}/@@gongwen-overdue", (("year", "abc"),))
    page(
        "overdue json year huge",
        "GET",
        "{unit}/@@gongwen-overdue",
        (("year", str(10**30)), ("format", "json")),
    )
    page("viewer search AND", "GET", "{attachment}/@@dv-search.json", (("q", "AND"),))
    page("viewer search long", "GET", "{attachment}/@@dv-search.json", (("q", "汛" * 10000),))
    page("versions version abc", "GET", "{attachment}/@@gongwen-versions", (("version", "abc"),))
    page(
        "version download unknown",
        "GET",
        "{attachment}/@@gongwen-version-download",
        (("version", "999"),),
    )
    page("version pages abc", "GET", "{attachment}/@@gongwen-version-pages", (("version", "abc"),))
    page("document view file unknown", "GET", "{doc}", (("file", "no-such-file"),))
    page("document view file list", "GET", "{doc}", (("file:list", ["a", "b"]),))
    form_post("act garbage", "{doc}/@@gongwen-act", b"action=nope&opinion=x")
    form_post("act lists", "{doc}/@@gongwen-act", b"action:list=a&action:list=b&state:list=x")
    page("act panel", "GET", "{doc}/@@gongwen-action-panel", (("action", "nope"),))
    form_post(
        "incoming act garbage", "{incoming}/@@gongwen-incoming-act", b"action=nope&position=abc"
    )
    form_post("move file bad position", "{doc}/@@gongwen-move-file", b"file=nope&position=abc")
    form_post("slip refresh no token", "@@gongwen-slip-refresh", b"uid=x&token=y", chinese=False)
    page("slip refresh GET", "GET", "@@gongwen-slip-refresh", (("uid", "\x00"),), chinese=False)
    form_post("reminders bad stamp", "@@gongwen-reminders", b"stamp=abc", chinese=False)
    form_post("conversion claim junk", "@@gongwen-conversion-claim", b"uid=x&job=y", chinese=False)
    form_post(
        "conversion result junk",
        "@@gongwen-conversion-result",
        b"uid=x&job=y&state=done&pages=abc",
        chinese=False,
    )
    page("login activity days abc", "GET", "@@gongwen-login-activity", (("days", "abc"),))
    form_post("remind junk", "{incoming}/@@gongwen-remind", b"note:list=a")
    form_post("my phrases list", "@@gongwen-my-phrases", b"phrases:list=a&phrases:list=b")
    page("my phrases came_from list", "GET", "@@gongwen-my-phrases", (("came_from:list", ["a"]),))
    form_post("unit phrases junk", "{unit}/@@gongwen-unit-phrases", b"phrases=%00&came_from=\x00")
    page(
        "delivery unknown",
        "GET",
        "{unit}/@@gongwen-delivery",
        (("delivery", "nope"), ("document", "not-a-uid")),
    )
    form_post("receipts junk", "{doc}/@@gongwen-receipts", b"delivery=x&reason=y")
    page("to-sign b_start", "GET", "{unit}/@@gongwen-to-sign", (("b_start", "abc"),))
    page("front page b_size", "GET", "", (("b_size", "-1"),))
    page(
        "fileUpload junk",
        "POST",
        "{doc}/@@fileUpload",
        body=b"--x\r\njunk",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        chinese=False,
    )
    return cases
