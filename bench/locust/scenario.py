"""A bureau's morning, the plain-Python half of the load test (issue 21 item 4).

Owns what the locustfile (``gongwen_morning.py``) decides without locust: which demo account a
virtual user is, how long a clerk thinks between two pages, how each request is named (one
name per request type, so p50/p95 are per type), what counts as an error (an HTTP status
outside 2xx/3xx, or a page carrying an error status message or the 「系统维护中」 page), and
how the pages are read: the links of 我的待办, the 办理 form with its CSRF token and buttons,
the attachments of a document, the viewer's page image, the search queries. Importable
without locust (tests/unit/test_bench_locust_scenario.py) and without Zope.

The action keeps the pool from draining: on a document at a review step the user 退回 it
with a reason (the drafter has it back in 我的待办, marked 已退回); on a returned draft the
drafter 提交 it again (back to 科室审核). Any other step is only read, never advanced, so a
ten-minute run leaves the site with the same work waiting as it found. A user acts only on
a document they hold alone: where a step has two holders (防汛办公室's two heads, 办公室把关)
both would act at once now and then, and the second is rightly told 「公文已被他人处理」.
"""

import html
import json
import re
from pathlib import Path

PASSWORD = "gongwen2026"

# The demo organisation's staff (README.rst "Demo accounts"): people with a 我的待办. Not the
# administrators, the auditor or the supervisors, who do no routing. 长垣 first: most of the
# generated documents are there (bench/generate.py: 85 % of 收文, three of four departments).
ACCOUNTS = (
    "cy_eng_staff",
    "cy_eng_head",
    "cy_flood_staff",
    "cy_flood_head",
    "cy_fin_staff",
    "cy_fin_head",
    "cy_office_head",
    "cy_office_deputy",
    "cy_secretary1",
    "cy_secretary2",
    "cy_leader1",
    "cy_leader2",
    "cy_leader3",
    "cy_director",
    "cy_print",
    "cy_archivist",
    "cy_eng_receiver",
    "cy_flood_deputy",
    "xx_water_staff",
    "xx_water_head",
    "xx_office_head",
    "xx_secretary",
    "xx_leader",
    "xx_director",
    "xx_print",
    "xx_archivist",
)

# One name per request type (locust's "Name" column; the tables of docs/performance.rst).
LOGIN = "login"
FRONT = "front page"
TODO = "我的待办"
DOCUMENT = "open document"
VIEWER = "viewer page image"
FILE_VIEW = "file page"
ACT = "act (opinion)"
SEARCH = "search"
TYPES = (LOGIN, FRONT, TODO, DOCUMENT, FILE_VIEW, VIEWER, ACT, SEARCH)

RETURN_REASON = "请按意见修改后再报。"  # 退回须写明理由 (the panel refuses an empty one)
ACTION_PREFERENCE = ("return", "submit")  # what keeps the pool: see the module's docstring

THINK_MIN, THINK_MAX = 2.0, 8.0  # seconds a clerk reads a page before the next click


BENCH_USERS_MAX = 999


def bench_login(number):
    """The login of bench account ``number`` (1 …): ``bench_user_001`` (bench/bench_users.py)."""
    if not 1 <= number <= BENCH_USERS_MAX:
        raise ValueError(f"a bench account is numbered 1–{BENCH_USERS_MAX}")
    return f"bench_user_{number:03d}"


def accounts_from(text):
    """The accounts of the run (env ``GONGWEN_LOAD_ACCOUNTS``): "" or ``demo`` for the demo
    staff; ``bench:N`` for the demo staff then ``bench_user_001`` … ``bench_user_N`` (made
    beforehand by bench/bench_users.py --count N), so that N + 26 users each have their own."""
    if text in ("", "demo"):
        return ACCOUNTS
    kind, _, count = text.partition(":")
    if kind != "bench" or not count.isdigit() or not 1 <= int(count) <= BENCH_USERS_MAX:
        raise ValueError(f"accounts: demo or bench:1–{BENCH_USERS_MAX}, not {text!r}")
    return ACCOUNTS + tuple(bench_login(number) for number in range(1, int(count) + 1))


def account_for(number, accounts=ACCOUNTS):
    """The login of virtual user ``number`` (0, 1, 2 …): one account each while they last,
    then shared round-robin (200 users on the 26 demo accounts: about 8 sessions each)."""
    if number < 0:
        raise ValueError("a user's number is 0 or more")
    return accounts[number % len(accounts)]


def think_time(rng, low=THINK_MIN, high=THINK_MAX):
    """Seconds to wait before the next page: uniform in [low, high] from ``rng``."""
    return rng.uniform(low, high)


def think_range(text):
    """``"MIN,MAX"`` seconds (env ``GONGWEN_LOAD_THINK``; "" for the default 2–8 s) as a pair.
    ``0,0`` makes a closed loop: each user sends its next request at once (throughput runs)."""
    if not text:
        return THINK_MIN, THINK_MAX
    parts = text.split(",")
    try:
        low, high = (float(part) for part in parts)
    except ValueError:
        raise ValueError(f"think time: MIN,MAX seconds, not {text!r}") from None
    if not 0 <= low <= high <= 600:
        raise ValueError(f"think time: 0 ≤ MIN ≤ MAX ≤ 600, not {text!r}")
    return low, high


# --- errors ---------------------------------------------------------------------------------

ERROR_MARKERS = (
    "statusmessage-error",  # Plone's error status message (a refused action, a bad form)
    "portalMessage error",
    "系统维护中",  # the maintenance page (api/errors: the database is away)
)


def error_in(status, text):
    """Why this answer is an error, or "" when it is not: a status outside 200–399, or a
    page with an error status message or the maintenance page."""
    if not 200 <= status < 400:
        return f"HTTP {status}"
    for marker in ERROR_MARKERS:
        if marker in text:
            return _message_near(text, marker) or marker
    return ""


def _message_near(text, marker):
    at = text.find(marker)
    following = re.sub(r"<[^>]+>", " ", text[at : at + 800])
    words = " ".join(following.split()[1:])[:120]
    return f"{marker}: {words}" if words else ""


# --- reading pages --------------------------------------------------------------------------

TODO_ROW = re.compile(r'<tr[^>]*class="gongwen-todo-item"[^>]*>(.*?)</tr>', re.S)
HREF = re.compile(r'href="([^"]+)"')
ACT_FORM = re.compile(r'<form[^>]*class="gongwen-act[^"]*"[^>]*>.*?</form>', re.S)
INPUT = re.compile(r"<input[^>]*>")
BUTTON = re.compile(r'<button[^>]*name="action"[^>]*value="([^"]+)"', re.S)
FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


def _attribute(tag, name):
    found = re.search(rf'\b{name}="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else None


HOLDERS = re.compile(r'class="[^"]*gongwen-todo-holders[^"]*"[^>]*>([^<]*)<')


def todo_rows(page):
    """The documents listed in a 我的待办 page, in its order: ``(url, shared)``, ``shared``
    when the step has several holders (the row names them, 「陈静、刘芳」)."""
    rows = []
    for row in TODO_ROW.findall(page):
        found = HREF.search(row)
        if found:
            holders = HOLDERS.search(row)
            shared = bool(holders and "、" in holders.group(1))
            rows.append((html.unescape(found.group(1)), shared))
    return rows


def todo_links(page):
    """The documents listed in a 我的待办 page, in its order."""
    return [url for url, _shared in todo_rows(page)]


def act_form(page):
    """The 办理 form of a document page: ``(post_url, hidden_fields, actions)``, or None when
    the page offers this user no action."""
    form = ACT_FORM.search(page)
    if form is None:
        return None
    text = form.group(0)
    fields = {}
    for tag in INPUT.findall(text):
        name = _attribute(tag, "name")
        if name and _attribute(tag, "type") == "hidden":
            fields[name] = _attribute(tag, "value") or ""
    url = FORM_ACTION.search(text)
    actions = tuple(html.unescape(value) for value in BUTTON.findall(text))
    return (html.unescape(url.group(1)) if url else None), fields, actions


def chosen_action(actions, preference=ACTION_PREFERENCE):
    """The action that keeps the pool (退回, else 提交), or None: then the page is only read."""
    for action in preference:
        if action in actions:
            return action
    return None


def act_data(fields, action):
    """The POST of the 办理 form for ``action``: its hidden fields (CSRF token, state, seen),
    the button and the opinion a person would type."""
    opinion = RETURN_REASON if action == "return" else ""
    return dict(fields, action=action, opinion=opinion)


VIEW_LINK = re.compile(r'href="([^"]+\?file=[^"#]+)(?:#[^"]*)?"')


def file_links(page, document_url):
    """The document's files as its 查看 buttons open them (``document?file=ID``: the page
    with that file in the viewer), without repeats."""
    base = document_url.rstrip("/") + "?file="
    seen = []
    for href in VIEW_LINK.findall(page):
        href = html.unescape(href)
        if href.startswith(base) and href not in seen:
            seen.append(href)
    return seen


PAGE_IMAGE = re.compile(r'"image"\s*:\s*"([^"]+)"')
VIEWER_SIZE = "large"  # the viewer's page at the width of the document page


def page_image_url(page, number=1):
    """The image of page ``number`` the viewer shows on a document page opened with
    ``?file=ID``, or None (no viewer: the file is not converted yet, or not viewable).

    collective.documentviewer hands its JavaScript, in ``data-pat-documentviewer``, a
    template ``…/@@dvpdffiles/…/{size}/dump_{page}.jpg`` (``resources.page.image``)."""
    found = PAGE_IMAGE.search(html.unescape(page))
    if found is None:
        return None
    template = found.group(1).replace("\\/", "/")
    return template.replace("{size}", VIEWER_SIZE).replace("{page}", str(number))


def load_queries(path=None):
    """The 公文检索 queries of ``bench/search_corpus/queries.json`` (text only)."""
    path = Path(path) if path else Path(__file__).resolve().parent.parent / "search_corpus"
    if path.is_dir():
        path = path / "queries.json"
    return [entry["query"] for entry in json.loads(path.read_text(encoding="utf-8"))]
