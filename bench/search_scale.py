"""Search at scale (R-S1, issue 18): p50/p95 of full-text searches with facets counted, of
文号 lookup, and the catalog's size.

    .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/populate_search.py --count 10000
    .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/search_scale.py \\
        [--searches 200] [--lookups 200] [--user cy_office_head] [--site Plone] [--seed 18]

Stop the server first. A search is what the search page does (``search.query.read`` of the
form, ``search.results.run`` — permission filter, full text, exact number hits, facets'
id sets — and ``search.facets.facet_counts`` of the nine facets), as ``--user``, for a text
from the fixed queries (bench/search_corpus/queries.json) or a 文号, half of them with one
or two facet values chosen; a lookup is ``search.lookup.find_by_number`` of a 文号 or
收文编号 in the site typed another way (「[2026]」, 「第…号」). Each is timed cold the
first time and then as it comes (the ZODB cache warms as a server's does). Targets at
100,000 documents: search p50 ≤ 200 ms, p95 ≤ 500 ms; lookup ≤ 50 ms.

Sizes: the storage file, the catalog's entries, the full-text lexicon's words, and each of
the search's indexes' pickled size.
"""

import argparse
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
from zope.component.hooks import setSite

HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

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
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--user", default="cy_office_head")
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


def forms(rng, count, numbers, catalog):
    texts = [
        one["query"]
        for one in json.loads((HERE / "search_corpus" / "queries.json").read_text("utf-8"))
    ]
    # only the queries the site's texts answer (the populated prose has some of the subjects)
    texts = [text for text in texts if catalog.unrestrictedSearchResults(SearchableText=text)]
    years = [str(year) for year in range(2016, 2027)]
    kinds = [token for token, _title in search_query.DOC_KINDS]
    urgencies = [token for token, _title in search_query.URGENCIES]
    for i in range(count):
        form = {"q": rng.choice(numbers) if i % 10 == 9 else rng.choice(texts)}
        if i % 2:
            form["year"] = rng.choice(years)
        if i % 4 == 1:
            form["kind"] = rng.choice(kinds)
        if i % 8 == 3:
            form["urgency"] = rng.choice(urgencies)
        yield form


def time_searches(site, rng, count, numbers, catalog):
    times, totals = [], []
    for form in forms(rng, count, numbers, catalog):
        started = time.perf_counter()
        search = search_query.read(form)
        found = search_results.run(catalog, search)
        search_facets.facet_counts(catalog, found.facet_sets)
        [brain.getURL() for brain in found.brains]
        times.append(time.perf_counter() - started)
        totals.append(found.total)
    return times, totals


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


def sizes(app, catalog):
    storage = app._p_jar.db().storage
    path = getattr(storage, "_file_name", None)
    print(f"storage file: {os.path.getsize(path) / 2**20:.0f} MiB" if path else "storage: ?")
    print(f"catalog entries: {len(catalog)}; lexicon words: {len(catalog.plone_lexicon._wids)}")
    for name in SIZED_INDEXES:
        index = catalog._catalog.indexes.get(name)
        if index is not None:
            print(f"  index {name}: {pickled_size(index) / 2**20:.1f} MiB")


def main(app):
    args = parse_args()
    site = app[args.site]
    setSite(site)
    rng = random.Random(args.seed)
    catalog = api.portal.get_tool("portal_catalog")
    documents = catalog.unrestrictedSearchResults(portal_type=DOCUMENT_TYPES)
    print(f"documents: {len(documents)}")
    numbers = [
        brain.issue_number or brain.receipt_number
        for brain in rng.sample(list(documents), min(2000, len(documents)))
        if brain.issue_number or brain.receipt_number
    ]
    with api.env.adopt_user(username=args.user):
        times, totals = time_searches(site, rng, args.searches, numbers, catalog)
        p50, p95 = percentiles(times)
        print(
            f"search with facets as {args.user}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
            f"first {times[0] * 1000:.0f} ms, results median {statistics.median(totals):.0f}"
        )
        times, hits = time_lookups(rng, args.lookups, numbers)
    p50, p95 = percentiles(times)
    print(f"文号 lookup: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({hits}/{len(times)} found)")
    sizes(app, catalog)


main(app)  # noqa: F821 - injected by zconsole
