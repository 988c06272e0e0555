"""R-RUN1 under load on served sites: 登记编号 of three 100-page 发文 while the portal is used.

    .venv/bin/python bench/run1_load.py [--trees new=.,old=/tmp/base] [--rounds 1]
        [--pages 100] [--numberings 3] [--samples 20] [--worker-threads 3]

What tests/functional/test_run1_load.py checks, over HTTP only so that it runs
on any code tree: a new demo site of each tree (bench/sites.py), served side by
side, each with its ``gongwen-worker --workers=--worker-threads``. Per round and
tree, six short 下行文 are walked over REST to 登记编号 and the submissions'
slips are left to settle; three of them are then given a ``--pages``-page body
(PATCH as the administrator, before 签发: the signature locks the text) and
their leader signs and cy_print does their 登记编号 at once, each from a thread
of its own: the 正式文件 and the kept 发文稿纸 of three long documents
are being typeset (by the worker, or by the request that asked, whichever the
tree does). Meanwhile cy_eng_head fetches the front page and 我的待办 again and
again (tests/support/load.py), and cy_print does 登记编号 on the three other
documents, one a second, until each reader has ``--samples`` figures. A long
document is still being typeset while its 登记编号 request is unanswered or its
page's ``@@gongwen-progress`` lists pending work; how many still are when the
measuring ends is printed, and the round waits until none is (at most 30 min).

Prints per tree the front page's and 我的待办's p95 and 登记编号's median
(targets ≤ 1 s each), the long 登记编号 requests' own times, and the trees
compared (median and p95 ratios to the last tree's).
"""

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.render_jobs import OPINION_STEPS  # noqa: E402
from bench.render_jobs import call  # noqa: E402
from bench.render_jobs import drafts  # noqa: E402
from bench.sites import demo_sites  # noqa: E402
from bench.sites import parse_trees  # noqa: E402
from bench.stats import comparison  # noqa: E402
from bench.stats import p95  # noqa: E402
from collective.gongwen.content import bounds  # noqa: E402
from tests.integration.test_sec5_rendering import long_body  # noqa: E402
from tests.support.load import timed_gets  # noqa: E402
from tests.support.rest import demo  # noqa: E402

READER = "cy_eng_head"
ADMIN = ("admin", "admin")
FRONT, TODO, NUMBER = "front page (cy_eng_head)", "我的待办 (cy_eng_head)", "登记编号, short 发文"
LONG_NUMBER = "登记编号, long 发文 (the load)"


def largest_body(pages):
    """``long_body(pages)``, cut to the most paragraphs a 正文 may have over REST (R-SEC5)."""
    limit = bounds.DEFAULT_BODY_MAX_PAGES * bounds.CHARS_PER_PAGE
    paragraphs = long_body(pages).raw.split("</p>")
    while len(re.sub(r"<[^>]*>", "", "".join(paragraphs))) > limit:
        paragraphs.pop()
    return "</p>".join(paragraphs) + ("</p>" if not paragraphs[-1].endswith("</p>") else "")


def number(document, into):
    """cy_print's 登记编号 of ``document``; milliseconds appended to ``into``."""
    into.append(call("POST", f"{document}/@workflow/number", demo("cy_print"), {})[0])


def sign_and_number(document, into, failures):
    """签发 then 登记编号 of ``document``, as its leader and the print room do; the 登记编号's
    milliseconds into ``into``, a failure's reason into ``failures``."""
    user, action, opinion = OPINION_STEPS[-1]
    try:
        call("POST", f"{document}/@workflow/{action}", demo(user), {"comment": opinion})
        number(document, into)
    except (SystemExit, requests.RequestException) as error:
        failures.append(f"{document}: {error}")


def pending(document):
    """Whether ``document``'s page says work is under way (trees without the view: no)."""
    response = requests.get(f"{document}/@@gongwen-progress", auth=ADMIN, timeout=60)
    return response.status_code == 200 and bool(response.json()["pending"])


def busy(long, threads):
    """How many of the ``long`` documents are still being typeset."""
    return sum(
        thread.is_alive() or pending(document)
        for document, thread in zip(long, threads, strict=True)
    )


def one_round(site, pages, numberings, samples, settle=20):
    """The load on ``site`` and what was measured under it: ``{row: [ms]}``, still busy."""
    documents = drafts(site.url, 3 + numberings, time.strftime("%H%M%S"))
    long, short = documents[:3], documents[3:]
    for document in documents:
        for user, action, opinion in OPINION_STEPS if document in short else OPINION_STEPS[:-1]:
            call("POST", f"{document}/@workflow/{action}", demo(user), {"comment": opinion})
    time.sleep(settle)  # the walk's slips are refreshed: not part of the load
    # The long body before 签发 (the signature locks the text, R-O4).
    text = {"data": largest_body(pages), "content-type": "text/html"}
    for document in long:
        call("PATCH", document, ADMIN, {"text": text})
    for url in (site.url, f"{site.url}/@@gongwen-todo"):  # warm caches, as any portal's
        requests.get(url, auth=demo(READER), timeout=60).raise_for_status()

    rows = {FRONT: [], TODO: [], NUMBER: [], LONG_NUMBER: []}
    failures = []
    loaders = [
        threading.Thread(target=sign_and_number, args=(d, rows[LONG_NUMBER], failures))
        for d in long
    ]
    for loader in loaders:
        loader.start()
    stop = threading.Event()
    readers = [
        threading.Thread(target=timed_gets, args=(url, demo(READER), stop, rows[row]))
        for url, row in ((site.url, FRONT), (f"{site.url}/@@gongwen-todo", TODO))
    ]
    for reader in readers:
        reader.start()
    try:
        time.sleep(2.0)  # the three long 登记编号 have reached the portal
        for document in short:
            time.sleep(1.0)
            number(document, rows[NUMBER])
        deadline = time.monotonic() + 120
        while min(len(rows[FRONT]), len(rows[TODO])) < samples and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    if failures:
        sys.exit(f"the load did not start: {failures}")
    still = busy(long, loaders)
    started = time.monotonic()
    while busy(long, loaders) and time.monotonic() - started < 1800:
        time.sleep(5)
    print(
        f"  {site.label}: the three long documents typeset "
        f"{time.monotonic() - started:.0f} s after the measuring ended",
        flush=True,
    )
    return rows, still


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", default=f"new={Path(__file__).resolve().parent.parent}")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--numberings", type=int, default=3)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--worker-threads", type=int, default=3)
    args = parser.parse_args()
    trees = parse_trees(args.trees)
    results = {label: {} for label in trees}
    with (
        tempfile.TemporaryDirectory(prefix="gongwen-bench-run1-") as folder,
        demo_sites(trees, folder, [f"--workers={args.worker_threads}"]) as sites,
    ):
        for number_ in range(args.rounds):
            for label, site in sites.items():
                rows, still = one_round(site, args.pages, args.numberings, args.samples)
                for row, values in rows.items():
                    results[label].setdefault(row, []).append(values)
                print(
                    f"round {number_ + 1}/{args.rounds} {label}: front page p95 "
                    f"{p95(rows[FRONT]):.0f} ms (n={len(rows[FRONT])}), 我的待办 p95 "
                    f"{p95(rows[TODO]):.0f} ms (n={len(rows[TODO])}), 登记编号 median "
                    f"{statistics.median(rows[NUMBER]):.0f} ms "
                    f"{sorted(round(ms) for ms in rows[NUMBER])}; long 登记编号 "
                    f"{sorted(round(ms) for ms in rows[LONG_NUMBER])} ms; "
                    f"long documents still being typeset when the measuring ended: {still}/3",
                    flush=True,
                )
    print()
    comparison(results, baseline=list(trees)[-1])


if __name__ == "__main__":
    main()
