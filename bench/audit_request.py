"""The audit trail's cost per request (R-U1: ≤ 2 ms): the same GETs and POSTs on two served
demo sites, one with the audit subscribers (this tree) and a baseline tree without them.

    .venv/bin/python bench/audit_request.py --without-audit --requests 200 --rounds 4

``--without-audit``: both sites serve this tree's HEAD (git worktrees in the temporary folder),
the baseline with the audit subscribers taken out of its audit/configure.zcml — the same code
(accounts' checks, sessions, password policy) less the audit trail, so the difference is the
trail's own cost. ``--no-trail-section`` also takes the document page's 审计记录 section out
of both (its rows, read and rendered on every view, are reading, not writing).
``--trees new=.,base=/tmp/base`` compares any two checkouts instead.

Each round, on each site in turn: N GETs of a 发文's page by its drafter (one ``view`` entry
each) and N REST POSTs creating a 发文 (one ``create`` entry each, plus the catalog and
workflow work both trees do). Prints median/p95 per request per tree and the ratio; the added
cost is the difference of the medians. ``GONGWEN_AUDIT_SYNCHRONOUS`` (FULL, the default, or
NORMAL) is passed to the sites.
"""

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sites import REPO  # noqa: E402
from bench.sites import demo_sites  # noqa: E402
from bench.sites import parse_trees  # noqa: E402
from bench.stats import comparison  # noqa: E402

PASSWORD = "gongwen2026"
DRAFTER = ("cy_eng_staff", PASSWORD)
JSON = {"Accept": "application/json", "Content-Type": "application/json"}
GET, POST = "GET 发文页面 (view)", "POST 新建发文 (create)"


def new_outgoing(session, site_url, department_uid, n):
    response = session.post(
        f"{site_url}/changyuan/outgoing",
        json={
            "@type": "gongwen_outgoing",
            "title": f"关于做好审计测量的通知（{n}）",
            "doc_kind": "notice",
            "direction": "downward",
            "drafting_department": department_uid,
            "main_recipients": ["局属各科室"],
            "text": {"data": "<p>请按时报送。</p>", "content-type": "text/html"},
        },
        headers=JSON,
        timeout=120,
    )
    response.raise_for_status()
    return response.json()["@id"]


def head_tree(folder, name, audit=True, trail=True):
    """A worktree of HEAD in ``folder``; ``audit=False``: its audit/configure.zcml registers no
    subscriber; ``trail=False``: the document page shows no 审计记录 section (whose rows, read
    and rendered on every view, are not the writing's cost)."""
    tree = Path(folder) / name
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), "HEAD"], check=True, cwd=REPO)
    audit_folder = tree / "src" / "collective" / "gongwen" / "audit"
    if not audit:
        _drop(audit_folder / "configure.zcml", r"<subscriber\b.*?/>")
    if not trail:
        _drop(audit_folder / "browser" / "configure.zcml", r"<browser:viewlet\b.*?/>")
    return tree


def _drop(zcml, pattern):
    text = re.sub(pattern, "", zcml.read_text(encoding="utf-8"), flags=re.S)
    zcml.write_text(text, encoding="utf-8")


def one_round(site, count):
    session = requests.Session()
    session.auth = DRAFTER
    department = session.get(f"{site.url}/changyuan/engineering", headers=JSON, timeout=60)
    uid = department.json()["UID"]
    rows = {GET: [], POST: []}
    url = None
    for n in range(count):
        started = time.perf_counter()
        url = new_outgoing(session, site.url, uid, n)
        rows[POST].append((time.perf_counter() - started) * 1000)
    page = requests.Session()
    page.auth = DRAFTER
    page.get(url, timeout=60)  # warm
    for _ in range(count):
        started = time.perf_counter()
        page.get(url, timeout=60).raise_for_status()
        rows[GET].append((time.perf_counter() - started) * 1000)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", help="new=.,base=/tmp/base (baseline last)")
    parser.add_argument("--without-audit", action="store_true", help="base: HEAD less the trail")
    parser.add_argument(
        "--no-trail-section",
        action="store_true",
        help="both: no 审计记录 section on the document page (the writing's cost alone)",
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongwen-bench-audit-") as folder:
        if args.without_audit:
            trail = not args.no_trail_section
            trees = {
                "audit": head_tree(folder, "audit", trail=trail),
                "base": head_tree(folder, "base", audit=False, trail=trail),
            }
        else:
            trees = parse_trees(args.trees)
        try:
            run(args, trees, folder)
        finally:
            for tree in trees.values() if args.without_audit else ():
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=REPO)


def run(args, trees, folder):
    """Serve ``trees`` and time ``args.rounds`` rounds of GETs and POSTs on each in turn."""
    results = {label: {} for label in trees}
    with demo_sites(trees, folder) as sites:
        for number in range(args.rounds):
            for label, site in sites.items():
                for row, values in one_round(site, args.requests).items():
                    results[label].setdefault(row, []).append(values)
                print(f"round {number + 1}/{args.rounds} {label} done", flush=True)
        for label, site in sites.items():
            store = site.var / "audit" / "audit.db"
            print(f"{label}: audit store {store} {'exists' if store.exists() else 'absent'}")
    print()
    comparison(results, baseline=list(trees)[-1])


if __name__ == "__main__":
    main()
