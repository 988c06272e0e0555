"""The baseline of ``bench/cost_per_document.py``: a plain Plone 6.2 site with plain Pages.

    PYTHONPATH=bench/plain .venv/bin/zconsole run <var>/instance/etc/zope.conf \\
        bench/plain_site.py --pages 20000 [--site Plone] [--seed 3]

The same Plone from our pins, without collective.gongwen (``bench/plain/sitecustomize.py``
keeps it out of the ZCML's autoinclude): the Classic UI distribution in Simplified Chinese
with no example content, the Zope-root Manager ``admin:admin`` and a plain member
``member1:member1-pass`` (Member role only). Each run *adds* Pages (``Document``) with a Chinese
title and body of the size of a 发文's (``bench/search_corpus``), in folders of 1,000 as
a bureau's years (left out of the navigation bar, which shows the top level only: see
``top_level_navigation``), published, committed every 500; then
prints the rate and the paths of 50 of them (``page: /Plone/…``, for the caller's warm-up).
"""

import argparse
import inspect
import json
import random
import sys
import time
from pathlib import Path

import transaction
from AccessControl.SecurityManagement import newSecurityManager
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.distribution.api import site as site_api
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

# zconsole runs this without __file__: the code object knows where it is.
HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE)]

from populate_common import SENTENCES  # noqa: E402
from populate_common import SUBJECTS  # noqa: E402
from populate_common import script_argv  # noqa: E402

FOLDER_SIZE = 1000
BATCH = 500
MEMBER = ("member1", "member1-pass")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--site", default="Plone")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(script_argv())
    if not 0 <= args.pages <= 2_000_000:
        parser.error("--pages 0–2,000,000")
    return args


def site_of(app, site_id):
    """The plain site, created (with admin and member) on the first run."""
    users = app.acl_users
    if users.getUserById("admin") is None:
        users.userFolderAddUser("admin", "admin", ["Manager"], [])
        transaction.commit()
    newSecurityManager(None, users.getUserById("admin").__of__(users))
    if site_id not in app.objectIds():
        answers = {
            "site_id": site_id,
            "title": "Plone",
            "description": "",
            "default_language": "zh-cn",
            "portal_timezone": "Asia/Shanghai",
            "setup_content": False,
        }
        site = site_api.create(app, "classic", answers)
        setSite(site)
        api.user.create(email="member1@example.org", username=MEMBER[0], password=MEMBER[1])
        transaction.commit()
    site = app[site_id]
    setSite(site)
    return site


def bodies():
    corpus = HERE / "search_corpus" / "documents.json"
    documents = json.loads(corpus.read_text(encoding="utf-8"))
    return [document.get("text") or document.get("body") or "" for document in documents]


def out_of_navigation(folder):
    """A folder of 1,000 pages is no menu: Plone's navigation bar would link every page of
    the folders at the top (as our documents are not in the menus either)."""
    if not folder.exclude_from_nav:
        folder.exclude_from_nav = True
        folder.reindexObject(idxs=["exclude_from_nav"])


def top_level_navigation():
    """Plone 6's navigation bar fetches every item down to ``plone.navigation_depth`` (3) on
    each page and only then leaves the excluded folders out: with 20,000 pages in folders of
    1,000 each page took 1.1–1.6 s served, 30 ms with the bar at the top level. An integrator
    of a site of this size sets it so; the baseline is plain Plone as one would run it."""
    if api.portal.get_registry_record("plone.navigation_depth") != 1:
        api.portal.set_registry_record("plone.navigation_depth", 1)


def add_pages(site, count, rng):
    catalog = api.portal.get_tool("portal_catalog")
    already = len(catalog.unrestrictedSearchResults(portal_type="Document"))
    texts = [text for text in bodies() if text] or list(SENTENCES)
    start = time.perf_counter()
    for i in range(count):
        number = already + i + 1
        folder_id = f"pages-{(number - 1) // FOLDER_SIZE + 1}"
        if folder_id not in site.objectIds():
            folder = api.content.create(
                container=site, type="Folder", id=folder_id, title=folder_id
            )
            api.content.transition(obj=folder, transition="publish")
        out_of_navigation(site[folder_id])
        page = api.content.create(
            container=site[folder_id],
            type="Document",
            id=f"page-{number}",
            title=f"关于{rng.choice(SUBJECTS)}的通知（第{number}号）",
            text=RichTextValue(f"<p>{rng.choice(texts)}</p>", "text/html", "text/x-html-safe"),
        )
        api.content.transition(obj=page, transition="publish")
        if (i + 1) % BATCH == 0 or i + 1 == count:
            transaction.commit()
            rate = (i + 1) / (time.perf_counter() - start)
            print(f"  pages: {i + 1}/{count}, {rate:.1f}/s", flush=True)
    return already + count


def main(app):
    args = parse_args()
    app = makerequest(app)
    site = site_of(app, args.site)
    for folder_id in site.objectIds():
        if folder_id.startswith("pages-"):
            out_of_navigation(site[folder_id])
    top_level_navigation()
    transaction.commit()
    total = add_pages(site, args.pages, random.Random(args.seed + args.pages))
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type="Document", sort_limit=50)[:50]
    for brain in brains:
        print(f"page: {brain.getPath()}")
    print(f"pages in the site: {total}; catalog: {len(catalog)} entries", flush=True)


main(app)  # noqa: F821 - injected by zconsole
