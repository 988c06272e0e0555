"""Every string staff see is in Chinese, whatever the browser's language (issue 19, item 4).

The demo site with its demo documents (a year of 发文 and 收文, archived years) is served
once; as every demo user and as a visitor, in a zh-CN and in an en-US browser, the crawler
(tests/support/crawl.py) walks every page the navigation, toolbar, listings and document
pages lead to and fails on an English word outside its short allow-list, on the Chinese
locale's short dates (26-12-5) and on Plone's leftovers (「空值」, 「by admin」). Then Chromium
opens the main pages as a drafter, a leader and a secretary in both languages and reads
what its scripts show.

A word outside the allow-list fails, on any page: nothing is tolerated. The full findings
of each run are written to ``tests/_artifacts/chinese-everywhere-<name>-<locale>.json``.

``GONGWEN_CRAWL_USERS=cy_eng_staff,gw_admin`` crawls those users only (a quick local run).
"""

import collections
import json
import os
import re
from pathlib import Path

import pytest
import transaction
from playwright.sync_api import expect

from collective.gongwen.portal.brand import sync_site_title
from tests.browser.conftest import ARTIFACTS
from tests.browser.conftest import DESKTOP
from tests.browser.conftest import log_in
from tests.support import crawl

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("demo_documents_served_session")]


ORGANISATION = (
    Path(__file__).resolve().parents[2] / "src/collective/gongwen/profiles/demo/organisation.json"
)
DEMO_USERS = [person["id"] for person in json.loads(ORGANISATION.read_text())["people"]]
LOCALES = ("zh-CN", "en-US")


@pytest.fixture
def site_url(demo_documents_served):
    """The served demo site, e.g. http://localhost:41234/plone, named as a real site is.

    The test layer's site keeps Plone's title 「Plone site」; site creation and 门户设置 give it
    the unit's name (portal.brand.sync_site_title), as here.
    """
    from zope.component.hooks import setSite

    setSite(demo_documents_served["portal"])
    sync_site_title()
    transaction.commit()
    return f"http://{demo_documents_served['host']}:{demo_documents_served['port']}/plone"


def users():
    chosen = os.environ.get("GONGWEN_CRAWL_USERS")
    return chosen.split(",") if chosen else [None, *DEMO_USERS]


def report(found, site_url, locale, name):
    """Write every finding to the artifacts; return them as a table, by word."""
    ARTIFACTS.mkdir(exist_ok=True)
    rows = [
        {"user": user or "(visitor)", "page": f.url[len(site_url) :], "word": f.word,
         "context": f.context}
        for user, f in found
    ]  # fmt: skip
    (ARTIFACTS / f"chinese-everywhere-{name}-{locale}.json").write_text(
        json.dumps(rows, ensure_ascii=False, indent=1)
    )
    by_word = collections.defaultdict(list)
    for row in rows:
        by_word[row["word"]].append(row)
    print(f"{name} {locale}: {len(rows)} findings")
    lines = []
    for word, hits in sorted(by_word.items(), key=lambda item: -len(item[1])):
        pages = sorted({hit["page"] for hit in hits})
        lines.append(f"{word!r} on {len(pages)} page(s), e.g. {hits[0]['user']} {pages[:3]}")
        lines.append(f"    …{hits[0]['context']}…")
    return lines


@pytest.mark.parametrize("locale", LOCALES)
def test_r_p_every_page_every_user_sees_is_chinese(site_url, locale):
    found = []
    walked = collections.Counter()
    for user in users():
        session = crawl.log_in(site_url, user, locale)
        # The first browser walks deep; the en-US one checks what the navigation leads to.
        deep = locale == "zh-CN"
        pages = crawl.crawl(
            session, site_url, max_pages=30 if deep else 15, per_folder=2, depth=3 if deep else 1
        )
        walked[user] = len(pages)
        assert len(pages) >= 5, (user, list(pages))
        for url, (status, page) in pages.items():
            assert status < 500, (user, url, status)
            if crawl.UNCHECKED.search(url):
                continue
            found.extend((user, f) for f in crawl.findings(url, crawl.visible_text(page)))
    print(f"{locale}: {sum(walked.values())} pages as {len(walked)} users")
    problems = report(found, site_url, locale, "pages")
    assert not problems, "English words staff see:\n" + "\n".join(problems)


# What Chromium shows (scripts included): the pages of a working day.
BROWSER_WALKS = {
    "cy_eng_staff": ("/", "/@@gongwen-todo", "/changyuan/outgoing", "{outgoing}",
                     "/changyuan/outgoing/++add++gongwen_outgoing", "/@@gongwen-search"),
    "cy_leader2": ("/", "/@@gongwen-todo", "{outgoing}", "/@@gongwen-toread"),
    "cy_secretary1": ("/", "/changyuan/incoming", "{incoming}",
                      "/changyuan/incoming/++add++gongwen_incoming"),
}  # fmt: skip


PLONE_VIEWS = {"folder_factories", "folder_contents", "select_default_view", "view", "edit"}


def first_document(session, site_url, folder):
    """The first document of ``folder``'s listing as ``session``'s user sees it."""
    listing = session.get(site_url + folder, timeout=crawl.TIMEOUT).text
    for href in re.findall(r'href="([^"]+)"', listing):
        path = re.split(r"[?#]", href.replace(site_url, ""))[0].removesuffix("/view")
        name = path.rpartition("/")[2]
        if re.fullmatch(rf"{folder}/[\w.-]+", path) and name not in PLONE_VIEWS:
            return path
    raise AssertionError(f"no document in {folder}: {re.findall(r'href=.([^ ]+)', listing)}")


@pytest.mark.parametrize("locale", LOCALES)
def test_r_p_what_the_browser_shows_is_chinese(site_url, open_tab, screenshot, locale):
    found = []
    for user, paths in BROWSER_WALKS.items():
        session = crawl.log_in(site_url, user, "zh-CN")
        documents = {
            kind: first_document(session, site_url, f"/changyuan/{kind}")
            for kind in ("outgoing", "incoming")
            if f"{{{kind}}}" in paths
        }
        tab = open_tab(locale=locale, **DESKTOP)
        log_in(tab, site_url, user)
        for number, path in enumerate(paths):
            path = path.format(**documents)
            response = tab.goto(site_url + path)
            assert response.status < 500, (user, path, response.status)
            tab.wait_for_load_state("networkidle")
            if path.endswith("/++add++gongwen_outgoing"):
                # The form asks for 文种 (nothing chosen, not 决议) and signs for the unit.
                kind = tab.locator("select[name*='doc_kind']")
                expect(kind.locator("option:checked")).to_have_text("请选择")
                expect(tab.locator("input[name*='signing_organ']")).to_have_value("长垣河务局")
            text = f"{tab.title()} {tab.inner_text('body')}"
            found.extend((user, f) for f in crawl.findings(site_url + path, text))
            screenshot(tab, f"{locale}-{user}-{number}")
    problems = report(found, site_url, locale, "browser")
    assert not problems, "English words Chromium shows:\n" + "\n".join(problems)
