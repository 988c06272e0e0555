"""发文 transitions with opinions while a real worker refreshes the slips: conflicts and speed.

    .venv/bin/python bench/render_jobs.py [--trees new=.,old=/tmp/base] [--rounds 3]
        [--documents 10] [--pause 0.5] [--settle 20]

Serves a new demo site of each code tree side by side, each with its own
``gongwen-worker`` (bench/sites.py). Per round and tree, cy_eng_staff creates
``--documents`` 下行文 over REST and submits them; then each document is walked
through the three steps that record an opinion (科室审核 同意, 办公室把关 同意,
领导签发 签发: ``@workflow`` with a comment, as the demo users), ``--pause``
seconds apart, each followed by plain Plone's publish of a fresh Document by
the administrator (``@workflow/publish``), so both are timed under the same
load: the worker refreshing the 发文稿纸 after every opinion. 10 documents are
30 transitions.

ZODB conflicts are counted by the sites' publisher (bench/counting: each
failed attempt of a request ending in a ConflictError, retried or not), from
the start of the walk until ``--settle`` seconds after its last transition,
and split into the transitions' own requests and the others (the worker's).
Prints per tree: the conflicts, the transitions' and publishes' median and
p95 with the ratio transition/publish (pooled, and the spread over rounds),
then the new tree's figures against the last tree's.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sites import conflict_report  # noqa: E402
from bench.sites import demo_sites  # noqa: E402
from bench.sites import parse_trees  # noqa: E402
from bench.stats import comparison  # noqa: E402
from bench.stats import p95  # noqa: E402
from tests.support.rest import JSON  # noqa: E402
from tests.support.rest import demo  # noqa: E402

UNIT = "changyuan"
ADMIN = ("admin", "admin")
# The 下行文's steps that record an opinion, as REST transitions (the 办理 panel's actions in
# tests/integration/test_routing_outgoing.DOWNWARD_PATH): submitted → 登记编号.
OPINION_STEPS = [
    ("cy_eng_head", "approve", "同意。"),
    ("cy_office_deputy", "forward_leader_sign", "请李局长签发。"),
    ("cy_leader2", "sign", "同意印发。"),
]
TRANSITION = "发文 @workflow with an opinion"
PUBLISH = "Document @workflow/publish (plain Plone)"


def call(method, url, auth, data=None):
    """A JSON request; fails the bench on an error answer. ``(milliseconds, body)``."""
    start = time.perf_counter()
    response = requests.request(method, url, json=data, headers=JSON, auth=auth, timeout=300)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code >= 400:
        sys.exit(f"{method} {url}: {response.status_code} {response.text[:300]}")
    return elapsed, response.json() if response.content else None


def drafts(url, count, stamp):
    """``count`` 下行文 drafted and submitted by cy_eng_staff; their URLs."""
    department = call("GET", f"{url}/{UNIT}/engineering", demo("cy_eng_staff"))[1]["UID"]
    documents = []
    for number in range(count):
        _ms, created = call(
            "POST",
            f"{url}/{UNIT}/outgoing",
            demo("cy_eng_staff"),
            {
                "@type": "gongwen_outgoing",
                "title": f"稿纸刷新基准 {stamp} 第{number + 1}号通知",
                "doc_kind": "notice",
                "direction": "downward",
                "drafting_department": department,
                "main_recipients": ["局属各科室"],
                "text": {"data": "<p>请各部门认真做好汛前检查。</p>", "content-type": "text/html"},
            },
        )
        call("POST", f"{created['@id']}/@workflow/submit", demo("cy_eng_staff"), {})
        documents.append(created["@id"])
    return documents


def publish_one(url, stamp, number):
    """Create a private Document as the administrator and time its publish; milliseconds."""
    _ms, created = call(
        "POST",
        url,
        ADMIN,
        {"@type": "Document", "id": f"bench-{stamp}-{number}", "title": f"发布基准 {number}"},
    )
    return call("POST", f"{created['@id']}/@workflow/publish", ADMIN, {})[0]


def walk(site, count, pause, settle):
    """One round on ``site``: ``{row: [ms]}`` and the conflicts logged meanwhile."""
    stamp = time.strftime("%H%M%S")
    documents = drafts(site.url, count, stamp)
    time.sleep(settle)  # the submissions' slips: not part of the walk
    since = time.time()
    rows = {TRANSITION: [], PUBLISH: []}
    for document in documents:
        for user, action, opinion in OPINION_STEPS:
            time.sleep(pause)
            rows[TRANSITION].append(
                call("POST", f"{document}/@workflow/{action}", demo(user), {"comment": opinion})[0]
            )
            rows[PUBLISH].append(publish_one(site.url, stamp, len(rows[PUBLISH])))
    time.sleep(settle)  # the last slips are filed: their conflicts count
    return rows, site.conflict_lines(since)


def conflict_counts(lines):
    """``(on the transitions, on other requests, not retried)`` of the logged conflicts."""
    on_transitions = sum("/@workflow/" in path for *_rest, path in lines)
    given_up = sum(not retried for _when, retried, *_rest in lines)
    return on_transitions, len(lines) - on_transitions, given_up


def run_rounds(args, sites, results, conflicts, lines_of):
    """The walks, round after round and tree after tree; their figures and conflicts kept."""
    for number in range(args.rounds):
        for label, site in sites.items():
            rows, lines = walk(site, args.documents, args.pause, args.settle)
            for row, values in rows.items():
                results[label][row].append(values)
            conflicts[label].append(conflict_counts(lines))
            lines_of[label].extend(lines)
            print(
                f"round {number + 1}/{args.rounds} {label}: {len(rows[TRANSITION])} "
                f"transitions, median {statistics.median(rows[TRANSITION]):.0f} ms, "
                f"p95 {p95(rows[TRANSITION]):.0f} ms; publish median "
                f"{statistics.median(rows[PUBLISH]):.0f} ms, p95 {p95(rows[PUBLISH]):.0f} ms; "
                f"conflicts on transitions/other/not retried: {conflicts[label][-1]}",
                flush=True,
            )
            for line in lines:
                print("   ", *line, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", default=f"new={Path(__file__).resolve().parent.parent}")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--documents", type=int, default=10)
    parser.add_argument("--pause", type=float, default=0.5)
    parser.add_argument("--settle", type=float, default=20.0)
    args = parser.parse_args()
    trees = parse_trees(args.trees)
    results = {label: {TRANSITION: [], PUBLISH: []} for label in trees}
    conflicts = {label: [] for label in trees}
    lines_of = {label: [] for label in trees}
    with tempfile.TemporaryDirectory(prefix="gongwen-bench-render-jobs-") as folder:
        with demo_sites(trees, folder) as sites:
            run_rounds(args, sites, results, conflicts, lines_of)
        print()
        conflict_report(sites, lines_of)  # the sites are stopped: their databases are read
    print()
    for label in trees:
        ours, plain = results[label][TRANSITION], results[label][PUBLISH]
        pooled = [ms for one in ours for ms in one], [ms for one in plain for ms in one]
        per_round = {
            figure: [take(a) / take(b) for a, b in zip(ours, plain, strict=True)]
            for figure, take in (("median", statistics.median), ("p95", p95))
        }
        totals = [sum(counts) for counts in zip(*conflicts[label], strict=True)]
        print(
            f"{label} ({trees[label]}): {len(pooled[0])} transitions in {args.rounds} rounds; "
            f"ZODB conflicts on the transitions {totals[0]}, on other requests {totals[1]}, "
            f"not retried {totals[2]} (per round: {[sum(c[:2]) for c in conflicts[label]]})"
        )
        for figure, take in (("median", statistics.median), ("p95", p95)):
            spread = per_round[figure]
            print(
                f"  transition {figure} {take(pooled[0]):.0f} ms / publish {take(pooled[1]):.0f}"
                f" ms = {take(pooled[0]) / take(pooled[1]):.2f}× (rounds "
                f"{min(spread):.2f}–{max(spread):.2f})"
            )
    print()
    comparison(results, baseline=list(trees)[-1])


if __name__ == "__main__":
    main()
