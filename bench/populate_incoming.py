"""Fill a demo site with 收文 for the incoming benchmarks (issue 6: "10,000 incoming documents").

    .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/populate_incoming.py \\
        [--count 10000] [--reading 0] [--reading-file PATH] [--site Plone] \\
        [--reading-cap 20] [--seed 6]

Stop the server first: FileStorage admits one process. Needs the demo
organisation (``make start`` with DEMO=1). Each run *adds* ``--count`` 收文 to
长垣河务局's 收文 folder (``changyuan/incoming``); titles continue the
numbering of the documents already there.

Each 收文 is registered by cy_secretary1 or cy_secretary2 with its metadata
only (no original, no attachment: nothing is queued for conversion), then
moved on with ``act_incoming`` by the holder of each step: 送拟办, 拟办 by
cy_office_head (one to three of the unit's leaders in order, one or two of
工程管理科 / 防汛办公室 / 财务科), 送阅, each leader's 阅批, 分送, each
department's 请批办 / 批办 / 办毕, 办结 and 归档 by cy_archivist. The spread of
final states is realistic: most done or archived, some waiting at 领导阅批
and 部门办理, a few in the secretaries' and the office head's steps.

So that the benchmark's leaders (cy_leader1, cy_leader2) do not have a long
我的待办, at most ``--reading-cap`` 收文 of this run's spread are left waiting
for each of them, counting what is there already; a document that would
exceed the cap is read on.

``--reading N`` then adds N more 收文, all left at 领导阅批 with the readers
[cy_leader1, cy_leader2] (cy_leader1 first), for ``bench/incoming.py`` to time
cy_leader1's 阅批 on; their paths (relative to the site) are written, one a
line, to ``--reading-file``, which ``bench/incoming.py`` reads. They count on
top of the cap: cy_leader1's list then holds about cap + N items.

Commits every 200 documents and prints the progress and the rate.
"""

import argparse
import datetime
import inspect
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import transaction
from plone import api
from zope.component.hooks import setSite

from collective.gongwen.incoming import rules
from collective.gongwen.incoming.actions import act_incoming
from collective.gongwen.steps.people import principals_of

# zconsole runs this without __file__: the code object knows where it is.
sys.path.insert(0, str(Path(inspect.currentframe().f_code.co_filename).resolve().parent))

from populate_common import SUBJECTS  # noqa: E402
from populate_common import script_argv  # noqa: E402

UNIT = "changyuan"
SECRETARIES = ("cy_secretary1", "cy_secretary2")
OFFICE_HEAD = "cy_office_head"
ARCHIVIST = "cy_archivist"
LEADERS = ("cy_leader1", "cy_leader2", "cy_leader3", "cy_director")
WATCHED = ("cy_leader1", "cy_leader2")
BENCH_READERS = ["cy_leader1", "cy_leader2"]
# department → (receiver, head)
DEPARTMENTS = {
    "engineering": ("cy_eng_receiver", "cy_eng_head"),
    "flood": ("cy_flood_staff", "cy_flood_head"),
    "finance": ("cy_fin_staff", "cy_fin_head"),
}
BATCH = 200
READING_FILE = os.path.join(tempfile.gettempdir(), "gongwen-bench-reading.txt")
# Final state → weight (per cent).
SPREAD = {
    rules.ARCHIVED: 55,
    rules.DONE: 22,
    rules.LEADER_READING: 6,
    rules.HANDLING: 6,
    rules.REGISTERED: 3,
    rules.PROPOSING: 2,
    rules.ROUTING: 2,
    rules.DISPATCHING: 2,
    rules.CLOSING: 2,
}
SOURCES = (
    ("新乡河务局", "新河"),
    ("河南黄河河务局", "豫黄"),
    ("长垣市人民政府", "长政"),
    ("长垣市防汛抗旱指挥部", "长防指"),
)
KINDS = (("notice", "通知"), ("notice", "通知"), ("report", "报告"))
PROPOSALS = ("请局领导阅示，{}办理。", "拟请{}牵头办理，报局领导阅。")
READINGS = ("已阅。", "同意拟办意见。", "请抓紧落实。", "阅，按要求办理。")
INSTRUCTIONS = ("请按通知要求组织落实。", "请抓紧办理，按时报送。")
TITLES = {"engineering": "工程管理科", "flood": "防汛办公室", "finance": "财务科"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--reading", type=int, default=0)
    parser.add_argument("--reading-file", default=READING_FILE)
    parser.add_argument("--site", default="Plone")
    parser.add_argument("--reading-cap", type=int, default=20)
    parser.add_argument("--seed", type=int, default=6)
    return parser.parse_args(script_argv())


def pending(user_id):
    catalog = api.portal.get_tool("portal_catalog")
    return len(
        catalog.unrestrictedSearchResults(
            assignees=principals_of(user_id), portal_type="gongwen_incoming"
        )
    )


def do(document, user, action, opinion="", **choices):
    with api.env.adopt_user(username=user):
        act_incoming(document, action, opinion, **choices)


def state_of(document):
    return api.content.get_state(obj=document)


def register(folder, rng, number):
    organ, code = rng.choice(SOURCES)
    kind, kind_title = rng.choice(KINDS)
    received = datetime.date.today() - datetime.timedelta(days=rng.randrange(0, 400))
    urgency = rng.choices(("normal", "urgent", "very_urgent"), weights=(85, 12, 3))[0]
    fields = {
        "title": f"关于{rng.choice(SUBJECTS)}的{kind_title}（批量第{number}号）",
        "source_organ": organ,
        "source_number": f"{code}〔{received.year}〕{number}号",  # one entry per 来文
        "received_date": received,
        "copies": rng.choice((1, 1, 1, 2)),
        "doc_kind": kind,
        "urgency": urgency,
        "classification": "none",
    }
    if urgency != "normal":
        fields["deadline"] = received + datetime.timedelta(days=rng.randrange(1, 10))
    with api.env.adopt_user(username=rng.choice(SECRETARIES)):
        return api.content.create(container=folder, type="gongwen_incoming", **fields)


def walk(document, unit, rng, leaders, departments):
    """The steps of ``document`` from registration to 归档: (state before, callable)."""
    secretary = rng.choice(SECRETARIES)
    uids = [unit[d].UID() for d in departments]
    names = "、".join(TITLES[d] for d in departments)
    yield rules.REGISTERED, lambda: do(document, secretary, rules.SEND_TO_PROPOSE)
    yield (
        rules.PROPOSING,
        lambda: do(
            document,
            OFFICE_HEAD,
            rules.PROPOSE,
            rng.choice(PROPOSALS).format(names),
            leaders=list(leaders),
            departments=uids,
        ),
    )
    yield rules.ROUTING, lambda: do(document, secretary, rules.SEND_TO_LEADERS)
    for leader in leaders:
        yield (
            rules.LEADER_READING,
            lambda leader=leader: do(document, leader, rules.READ, rng.choice(READINGS)),
        )
    yield rules.DISPATCHING, lambda: do(document, secretary, rules.DISPATCH)
    for department, uid in zip(departments, uids, strict=True):
        receiver, head = DEPARTMENTS[department]
        for user, action, opinion in (
            (receiver, rules.ASK_INSTRUCTION, ""),
            (head, rules.INSTRUCT, rng.choice(INSTRUCTIONS)),
            (receiver, rules.FINISH_PART, ""),
        ):
            yield (
                rules.HANDLING,
                lambda user=user, action=action, opinion=opinion, uid=uid: do(
                    document, user, action, opinion, department=uid
                ),
            )
    yield rules.CLOSING, lambda: do(document, secretary, rules.CLOSE)
    yield rules.DONE, lambda: do(document, ARCHIVIST, rules.ARCHIVE)


def waits_for(document):
    """The watched leader ``document`` waits for, else None."""
    assignees = set(getattr(document, "assignees", None) or ())
    for user_id in WATCHED:
        if assignees & set(principals_of(user_id)):
            return user_id
    return None


def populate(site, count, cap, seed, reading, reading_file):
    unit = site[UNIT]
    folder = unit["incoming"]
    catalog = api.portal.get_tool("portal_catalog")
    path = "/".join(folder.getPhysicalPath())
    already = len(catalog.unrestrictedSearchResults(portal_type="gongwen_incoming", path=path))
    rng = random.Random(seed + already)
    counts = {u: pending(u) for u in WATCHED}
    print(
        f"{already} 收文 in {path}; adding {count} (+{reading} at 领导阅批 for the bench); "
        f"pending now {counts}",
        flush=True,
    )
    finals = {}
    start = batch_start = time.perf_counter()
    for i in range(count):
        document = register(folder, rng, already + i + 1)
        target = rng.choices(list(SPREAD), weights=list(SPREAD.values()))[0]
        leaders = rng.sample(LEADERS, rng.choice((1, 2, 2, 3)))
        departments = rng.sample(sorted(DEPARTMENTS), rng.choice((1, 1, 2)))
        for before, step in walk(document, unit, rng, leaders, departments):
            if target == rules.LEADER_READING and before == rules.DISPATCHING:
                target = rules.DONE  # every leader read: end as a done one
            if before == target:
                if target != rules.LEADER_READING:
                    break
                watched = waits_for(document)
                # stop at a random reader, unless a watched leader has enough already
                if (watched is None or counts[watched] < cap) and rng.random() < 0.5:
                    break
            step()
        state = state_of(document)
        watched = waits_for(document)
        if watched:
            counts[watched] += 1
        finals[state] = finals.get(state, 0) + 1
        if (i + 1) % BATCH == 0 or i + 1 == count:
            transaction.commit()
            now = time.perf_counter()
            done = (i + 1) % BATCH or BATCH
            print(
                f"{i + 1}/{count} committed; {done / (now - batch_start):.1f} docs/s "
                f"(overall {(i + 1) / (now - start):.1f} docs/s); pending {counts}",
                flush=True,
            )
            batch_start = now
    elapsed = time.perf_counter() - start
    if count:
        print(f"done: {count} documents in {elapsed:.0f} s ({count / elapsed:.1f} docs/s)")
        print(f"final states of this run: {dict(sorted(finals.items()))}")

    paths = []
    for i in range(reading):
        document = register(folder, rng, already + count + i + 1)
        for before, step in walk(document, unit, rng, BENCH_READERS, ["engineering"]):
            if before == rules.LEADER_READING:
                break
            step()
        assert state_of(document) == rules.LEADER_READING, state_of(document)
        paths.append("/".join(document.getPhysicalPath()[len(site.getPhysicalPath()) :]))
        if (i + 1) % BATCH == 0 or i + 1 == reading:
            transaction.commit()
    if reading:
        with open(reading_file, "w", encoding="utf-8") as out:
            out.write("".join(f"{p}\n" for p in paths))
        print(f"{reading} 收文 at 领导阅批 (cy_leader1, then cy_leader2); paths in {reading_file}")
    total = len(catalog.unrestrictedSearchResults(portal_type="gongwen_incoming"))
    counts = {u: pending(u) for u in WATCHED}
    print(f"gongwen_incoming in the site: {total}; 收文 pending {counts}", flush=True)


def main(app):
    args = parse_args()
    os.environ.setdefault("TZ", "Asia/Shanghai")
    time.tzset()
    site = app[args.site]
    setSite(site)
    request = app.REQUEST
    request["LANGUAGE"] = "zh-cn"
    request.environ["HTTP_ACCEPT_LANGUAGE"] = "zh-cn"
    populate(site, args.count, args.reading_cap, args.seed, args.reading, args.reading_file)


main(app)  # noqa: F821 - injected by zconsole
