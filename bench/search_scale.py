"""Search at scale (R-S1, issue 18): p50/p95 of full-text searches with facets counted, of
the whole search page, of 文号 lookup, and the catalog's size.

    nice .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/populate_search.py \\
        --count 10000
    nice .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/search_scale.py \\
        [--searches 300] [--pages 60] [--lookups 200] \\
        [--users cy_office_head,cy_flood_staff] [--pack] [--site Plone] [--seed 18]

Stop the server first. A search is what the search page does (``search.query.read`` of the
form, ``search.results.run`` — permission filter, full text, exact number hits, facets'
id sets — and ``search.facets.facet_counts`` of the nine facets), as each of ``--users``
(the unit's 办公室负责人 takes part in every populated document of the unit, a department's
staff member in a quarter), over a mix taken in turn: common words, rare words (villages
named in a few attachments), phrases, two words, a 文号 and no text; half of them narrowed
by a 年度 and perhaps a 文种 or 紧急程度 (the no-text ones always). A page is the
``@@gongwen-search`` view rendered whole (snippets read from the shown documents). A lookup
is ``search.lookup.find_by_number`` of a 文号 or 收文编号 in the site typed another way
(「[2026]」, 「第…号」). The users run their mixes twice: first as the data
come (the very first search cold, the ZODB cache filling as a restarted server's does),
then warm. Targets at 100,000 documents: search p50 ≤ 200 ms,
p95 ≤ 500 ms; lookup ≤ 50 ms.

Sizes: the storage file (``--pack``: packed first, as a site is weekly), the catalog's
entries, the full-text lexicon's words, each of the search's indexes' pickled size and the
catalog's metadata.
"""

import argparse
import collections
import inspect
import io
import json
import os
import pickle
import random
import statistics
import sys
import time
from pathlib import Path

from persistent import Persistent
from plone import api
from Testing.makerequest import makerequest
from zope.component import getMultiAdapter
from zope.component.hooks import setSite
from zope.event import notify
from zope.globalrequest import setRequest
from zope.traversing.interfaces import BeforeTraverseEvent

HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from populate_common import SENTENCES  # noqa: E402
from populate_common import VILLAGE_FIRST  # noqa: E402
from populate_common import VILLAGE_SECOND  # noqa: E402
from populate_common import script_argv  # noqa: E402

from collective.gongwen.search import facets as search_facets  # noqa: E402
from collective.gongwen.search import query as search_query  # noqa: E402
from collective.gongwen.search import results as search_results  # noqa: E402
from collective.gongwen.search.lookup import find_by_number  # noqa: E402

DOCUMENT_TYPES = ["gongwen_outgoing", "gongwen_incoming"]
SIZED_INDEXES = (
    "SearchableText",
    "number_keys",
    "gongwen_year",
    "retention",
    "direction",
    "source_organ",
    "doc_kind",
    "review_state",
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--users", default="cy_office_head,cy_flood_staff")
    parser.add_argument("--pages", type=int, default=60, help="whole pages rendered per user")
    parser.add_argument("--pack", action="store_true", help="pack the storage, then size it")
    parser.add_argument("--site", default="Plone")
    parser.add_argument("--seed", type=int, default=18)
    return parser.parse_args(script_argv())


def percentiles(times):
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def other_spelling(number, rng):
    """「长河〔2026〕7号」 typed another way."""
    return rng.choice(
        (
            number.replace("〔", "[").replace("〕", "]"),
            number.replace("〔", "（").replace("〕", "）").replace("号", "").replace("〕", "〕第"),
            number.replace("〔", "【").replace("〕", "】第"),
            number.replace("〔", " ").replace("〕", " "),
        )
    )


def hits(catalog, text):
    return len(catalog.unrestrictedSearchResults(SearchableText=text, portal_type=DOCUMENT_TYPES))


def query_mix(catalog, numbers, rng):
    """``{kind: [texts]}`` of the realistic mix: common words, rare words, phrases, two words,
        文号, and none (a facet alone). Common and rare are measured on the site: the fixed queries
        (bench/search_corpus/queries.json) the site's texts answer, the most frequent third common;
        rare ones are villages named in a few attachments (bench/populate_search.py); two words
    are the first and last two 汉字 of a clause (「汛期 制度」), a phrase its first eight."""
    fixed = [
        one["query"]
        for one in json.loads((HERE / "search_corpus" / "queries.json").read_text("utf-8"))
    ]
    counted = sorted(((hits(catalog, text), text) for text in fixed), reverse=True)
    answered = [text for count, text in counted if count]
    villages = [
        f"{first}{second}村"
        for first in rng.sample(VILLAGE_FIRST, 8)
        for second in rng.sample(VILLAGE_SECOND, 2)
    ]
    phrase_texts = [sentence.rstrip("。").split("，")[0] for sentence in SENTENCES]
    return {
        "common": answered[: max(1, len(answered) // 3)],
        "rare": [text for text in villages if hits(catalog, text)] or answered[-3:],
        "phrase": [f'"{text[:8]}"' for text in phrase_texts],
        "two words": [f"{text[:2]} {text[-2:]}" for text in phrase_texts if len(text) >= 6],
        "文号": numbers,
        "facets only": [""],
    }


def forms(rng, count, mix):
    """``count`` search forms ``(kind, form)``: the kinds in turn, half of them narrowed by
    one or two facet values (a 年度, a 文种 or a 紧急程度); the facets-only ones always, a
    文号 never (it is typed to find one document)."""
    kinds = list(mix)
    years = [str(year) for year in range(2016, 2027)]
    kinds_of_document = [token for token, _title in search_query.DOC_KINDS]
    urgencies = [token for token, _title in search_query.URGENCIES]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        form = {"q": rng.choice(mix[kind])}
        if kind == "facets only" or ((i // len(kinds)) % 2 and kind != "文号"):
            form["year"] = rng.choice(years)
            if rng.random() < 0.5:
                form["kind"] = rng.choice(kinds_of_document)
            elif rng.random() < 0.5:
                form["urgency"] = rng.choice(urgencies)
        yield kind, form


def time_searches(site, rng, count, mix, catalog):
    """The times of the searches as the search page runs them and their results' totals, per
    kind of query and in all."""
    times, totals = collections.defaultdict(list), collections.defaultdict(list)
    for kind, form in forms(rng, count, mix):
        started = time.perf_counter()
        search = search_query.read(form)
        found = search_results.run(catalog, search)
        search_facets.facet_counts(catalog, found.facet_sets)
        [brain.getURL() for brain in found.brains]
        elapsed = time.perf_counter() - started
        times[kind].append(elapsed)
        times["all"].append(elapsed)
        totals[kind].append(found.total)
        totals["all"].append(found.total)
    return times, totals


def time_pages(site, rng, count, mix):
    """The time of the whole search page (``@@gongwen-search`` rendered: results with their
    highlighted snippets read from the documents, facets with labels)."""
    times = []
    for number, (_kind, form) in enumerate(forms(rng, count + 1, mix)):
        request = site.REQUEST
        request.form.clear()
        request.form.update(form)
        started = time.perf_counter()
        view = getMultiAdapter((site, request), name="gongwen-search")
        view()
        if number:  # the first compiles the page's templates
            times.append(time.perf_counter() - started)
    return times


def time_lookups(rng, count, numbers):
    times, hits = [], 0
    for _ in range(count):
        spelling = other_spelling(rng.choice(numbers), rng)
        started = time.perf_counter()
        found = find_by_number(spelling)
        times.append(time.perf_counter() - started)
        hits += bool(found)
    return times, hits


def pickled_size(root):
    """Bytes of ``root``'s persistent record and its persistent sub-objects' (BTree buckets),
    each pickled as ZODB stores it: a sub-object is a reference, counted once by itself."""
    seen, stack, total = {id(root)}, [root], 0
    while stack:
        obj = stack.pop()

        def reference(item, obj=obj):
            if isinstance(item, Persistent) and item is not obj:
                if id(item) not in seen:
                    seen.add(id(item))
                    stack.append(item)
                return id(item)
            return None

        data = io.BytesIO()
        pickler = pickle.Pickler(data, 3)
        pickler.persistent_id = reference
        pickler.dump(obj.__getstate__())
        total += len(data.getvalue())
    return total


def sizes(app, catalog, pack=False):
    db = app._p_jar.db()
    path = getattr(db.storage, "_file_name", None)
    if path:
        print(f"storage file: {os.path.getsize(path) / 2**20:.0f} MiB")
        if pack:
            started = time.perf_counter()
            db.pack()
            print(
                f"storage file packed: {os.path.getsize(path) / 2**20:.0f} MiB "
                f"({time.perf_counter() - started:.0f} s)"
            )
    print(f"catalog entries: {len(catalog)}; lexicon words: {len(catalog.plone_lexicon._wids)}")
    for name in SIZED_INDEXES:
        index = catalog._catalog.indexes.get(name)
        if index is not None:
            print(f"  index {name}: {pickled_size(index) / 2**20:.1f} MiB")
    print(f"  catalog metadata: {pickled_size(catalog._catalog.data) / 2**20:.1f} MiB")


def print_times(label, times, totals=None):
    p50, p95 = percentiles(times)
    extra = f", results median {statistics.median(totals):.0f}" if totals else ""
    print(f"  {label:<14} n {len(times):>4}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms{extra}")


def main(app):
    args = parse_args()
    app = makerequest(app)
    setRequest(app.REQUEST)
    site = app[args.site]
    setSite(site)
    notify(BeforeTraverseEvent(site, app.REQUEST))  # the site's browser layers, as published
    rng = random.Random(args.seed)
    catalog = api.portal.get_tool("portal_catalog")
    documents = catalog.unrestrictedSearchResults(portal_type=DOCUMENT_TYPES)
    print(f"documents: {len(documents)}")
    numbers = [
        brain.issue_number or brain.receipt_number
        for brain in rng.sample(list(documents), min(2000, len(documents)))
        if brain.issue_number or brain.receipt_number
    ]
    mix = query_mix(catalog, numbers, rng)
    for round_, user in ((round_, user) for round_ in (1, 2) for user in args.users.split(",")):
        if round_ == 2 and user == args.users.split(",")[0]:
            print("again, warm (the ZODB cache holds what the first round read):")
        with api.env.adopt_user(username=user):
            visible = len(catalog.searchResults(portal_type=DOCUMENT_TYPES))
            print(f"as {user} ({visible} documents visible):")
            times, totals = time_searches(site, rng, args.searches, mix, catalog)
            cold = times["all"][0] * 1000
            print(f"  search with the nine facets counted (the first, cold: {cold:.0f} ms)")
            everything = times.pop("all")
            for kind, kind_times in times.items():
                print_times(kind, kind_times, totals[kind])
            print_times("all searches", everything, totals["all"])
            if args.pages:
                print_times("whole page", time_pages(site, rng, args.pages, mix))
            times, found = time_lookups(rng, args.lookups, numbers)
            print_times("文号 lookup", times)
            print(f"  ({found}/{len(times)} lookups found a document {user} may see)")
    sizes(app, catalog, args.pack)


main(app)  # noqa: F821 - injected by zconsole
