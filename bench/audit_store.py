"""R-U1: the cost of an audit write and of a month of one user's entries, on a big store.

    .venv/bin/python bench/audit_store.py [--entries 10000000] [--db /tmp/gongwen-audit-bench.db]
        [--url postgresql://gongwen@127.0.0.1:5433/gongwen_audit_bench]

With ``--url`` the same is measured on a PostgreSQL store too (the cluster's:
``pgstore.PgAuditStore``, an advisory lock per append) and the append medians of
both are printed side by side at the end.

Generates the store once (``--entries`` chained entries by 2,000 users over two
years, written in large transactions through the same ``chain.entry_hash``),
then prints median and p95 of ``AuditStore.append`` (one short transaction
each, ``synchronous`` FULL and NORMAL), of ``AuditStore.entries_of`` for one
user and one month, and of ``AuditStore.search`` (the auditor's screen: first
page of 50 and the count) for a user, a unit, an address prefix, a document.
Targets: append ≤ 2 ms, the month ≤ 200 ms.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stats import summary  # noqa: E402
from collective.gongwen.audit import chain  # noqa: E402
from collective.gongwen.audit import location as locations  # noqa: E402
from collective.gongwen.audit import store  # noqa: E402

USERS = 2000
START = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
SPAN = datetime.timedelta(days=730)
BATCH = 50_000


def generate(path, entries):
    """Fill the store at ``path`` (a file or URL) up to ``entries`` entries (kept between runs)."""
    audit = store.open_store(path)
    last = audit.last_entry()
    have = last["seq"] if last else 0
    prev_hash = last["hash"] if last else chain.GENESIS
    step = SPAN / entries
    started = time.perf_counter()
    for first in range(have + 1, entries + 1, BATCH):
        rows = []
        for seq in range(first, min(first + BATCH, entries + 1)):
            entry = {
                "seq": seq,
                "time": store.utc_time(START + step * seq),
                "actor": f"user{random.randrange(USERS):04d}",
                "on_behalf_of": "",
                "unit": f"unit{seq % 40:02d}",
                "action": random.choice(("view", "download", "transition", "edit", "opinion")),
                "object_uid": f"{random.getrandbits(128):032x}",
                "object_path": f"/Plone/units/xx/fawen/2024/doc-{seq}",
                "from_state": "review",
                "to_state": "signed",
                "client_address": f"10.1.{seq % 250}.{seq % 200}",
                "summary": "签发《关于做好防汛工作的通知》",
                "flags": "",
            }
            entry["prev_hash"] = prev_hash
            entry["hash"] = prev_hash = chain.entry_hash(entry, prev_hash)
            rows.append(entry)
        audit.copy_entries(rows)
        done = rows[-1]["seq"]
        rate = (done - have) / (time.perf_counter() - started)
        print(f"\r  generated {done:,} entries ({rate:,.0f}/s)", end="", flush=True)
    print()
    audit.close()


def timed(function, rounds):
    values = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        values.append((time.perf_counter() - started) * 1000)
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--db", default="/tmp/gongwen-audit-bench.db")
    parser.add_argument("--url", help="a PostgreSQL store to measure as well (postgresql://…)")
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()
    medians = {"SQLite": measure(args.db, args)}
    if args.url:
        medians["PostgreSQL"] = measure(args.url, args)
    print("append median: " + ", ".join(f"{name} {ms:.2f} ms" for name, ms in medians.items()))


def append_one(audit):
    audit.append(
        actor="user0001",
        action="view",
        object_uid="0" * 32,
        object_path="/Plone/fawen/doc-1",
        client_address="10.0.0.1",
        summary="查看",
    )


def measure(location, args):
    """Generate the store at ``location`` and time it; the append median (ms)."""
    generate(location, args.entries)
    if locations.is_postgres(location):
        print(f"store: {locations.shown(location)}, {args.entries:,} entries")
        modes = {"PostgreSQL": None}
    else:
        files = Path(location).parent.glob(Path(location).name + "*")
        size = sum(os.path.getsize(p) for p in files)
        print(f"store: {location}, {args.entries:,} entries, {size / 2**20:,.0f} MiB")
        modes = {"synchronous=FULL": "FULL", "synchronous=NORMAL": "NORMAL"}
    print(f"{'':<44}{'n':>6}{'median':>10}{'p95':>10}{'min':>10}{'max':>10}  (ms)")
    medians = []
    for label, synchronous in modes.items():
        if synchronous:
            os.environ["GONGWEN_AUDIT_SYNCHRONOUS"] = synchronous
        audit = store.open_store(location)
        values = timed(lambda audit=audit: append_one(audit), args.rounds)
        summary(f"append ({label})", values)
        medians.append(sorted(values)[len(values) // 2])
        audit.close()
    audit = store.open_store(location)

    def one_month():
        month = START + datetime.timedelta(days=30 * random.randrange(23))
        found = audit.entries_of(
            f"user{random.randrange(USERS):04d}", month, month + datetime.timedelta(days=30)
        )
        counts.append(len(found))

    counts = []
    summary("a month of one user (entries_of)", timed(one_month, 100))
    print(f"  entries per month of one user: median {sorted(counts)[len(counts) // 2]}")

    def searched(make):
        def one():
            month = START + datetime.timedelta(days=30 * random.randrange(23))
            end = month + datetime.timedelta(days=30)
            rows, total = audit.search(make(month, end), 0, 50, count_limit=100_001)
            totals.append(total)

        return one

    cases = {
        "search: one user, a month": lambda start, end: store.Filters(
            actor=f"user{random.randrange(USERS):04d}", start=start, end=end
        ),
        "search: one user, two actions, a month": lambda start, end: store.Filters(
            actor=f"user{random.randrange(USERS):04d}",
            actions=("view", "download"),
            start=start,
            end=end,
        ),
        "search: one unit, a month": lambda start, end: store.Filters(
            unit=f"unit{random.randrange(40):02d}", start=start, end=end
        ),
        "search: an address prefix, a month": lambda start, end: store.Filters(
            client_address=f"10.1.{random.randrange(250)}.", start=start, end=end
        ),
        "search: one document": lambda start, end: store.Filters(
            object_uids=(f"{random.getrandbits(128):032x}",)
        ),
    }
    for label, make in cases.items():
        totals = []
        summary(label, timed(searched(make), 50))
        print(
            f"  matches (first page of 50 shown, counted up to 100,001): median "
            f"{sorted(totals)[len(totals) // 2]}"
        )
    audit.close()
    return medians[0]


if __name__ == "__main__":
    main()
