"""Walking rate of 发文 through every step, the renders left to the workers (issue 21 item 6).

    .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/walk_rate.py \\
        [--count 20] [--site Plone] [--seed 11]

Stop the server first: FileStorage admits one process. Needs the demo organisation.
Each of ``--count`` new 发文 is drafted by one of ``populate_outgoing``'s drafters in
长垣河务局 and walked to 已归档 by the assignee of each step (``populate_outgoing.step``'s
users and opinions, ``routing.actions.act``: the one path), each step committed on its own
as the request of a person would be. The renders each step queues (R-RUN1) go to the
instance's queue, and the ones a later step waits for (the 正式文件 before 发送, the kept
slips before 归档) are run here *between* the steps, as a worker in parallel would, and
timed apart. 归档 goes its one path (``archive.filing.archive_document`` as the archivist,
with the proposed 归档章; the 四性检测 a worker runs before it is left out). Prints the
walk's rate without the renders (what the Zope side costs), with them (one process doing
both), and the median milliseconds per step, slowest first.
"""

import argparse
import collections
import inspect
import random
import statistics
import sys
import time
from pathlib import Path

import transaction
from plone import api

# zconsole runs this without __file__: the code object knows where it is.
HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import populate_outgoing as walk  # noqa: E402
from populate_common import SUBJECTS  # noqa: E402
from populate_common import open_site  # noqa: E402
from populate_common import script_argv  # noqa: E402

from collective.gongwen.routing import rules  # noqa: E402
from collective.gongwen.routing.actions import act  # noqa: E402
from collective.gongwen.typeset.render_jobs import waiting_job  # noqa: E402
from collective.gongwen.typeset.rendered import KINDS as RENDER_KINDS  # noqa: E402
from tests.support.archive import archive_as  # noqa: E402
from tests.support.outgoing import body  # noqa: E402
from tests.support.outgoing import draft_outgoing  # noqa: E402
from tests.support.renders import run_render_jobs  # noqa: E402

RENDERS = "(renders, the worker's)"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--site", default="Plone")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(script_argv())
    if not 0 < args.count <= 10000:
        parser.error("--count 1–10,000")
    return args


def timed(seconds, label, call):
    start = time.perf_counter()
    result = call()
    transaction.commit()
    seconds[label].append(time.perf_counter() - start)
    return result


def draft(site, rng, number):
    """A new 发文 drafted as the add form does (``tests.support.outgoing.draft_outgoing``)."""
    direction = "upward" if rng.random() < 0.3 else "downward"
    kind, kind_title = walk.KINDS[direction]
    drafter, department = rng.choice(walk.DRAFTERS)
    return draft_outgoing(
        site,
        direction,
        drafter,
        department,
        title=f"关于{rng.choice(SUBJECTS)}的{kind_title}（走流程第{number}号）",
        doc_kind=kind,
        main_recipients=walk.RECIPIENTS[direction],
        cc_recipients=walk.COPIED[direction],
        text=body(f"<p>第{number}号：请各部门认真落实，按时报送有关情况。</p>"),
    )


def render_waiting(document):
    """The renders ``document`` waits for, run as the worker would; True if there were any."""
    if not any(waiting_job(document, kind) for kind in RENDER_KINDS):
        return False
    transaction.begin()
    run_render_jobs(document)
    transaction.commit()
    return True


def walk_one(site, rng, number, seconds):
    document = timed(seconds, "create", lambda: draft(site, rng, number))
    state = api.content.get_state(obj=document)
    while state != rules.SENT:
        action = walk.action_for(state)
        if action == rules.SEND:
            worker_renders(document, seconds)
        choices = walk.OPINIONS.get(action)
        opinion = rng.choice(choices) if choices else ""
        actor = walk.actor_for(document)

        def step(action=action, opinion=opinion, actor=actor, state=state):
            with api.env.adopt_user(username=actor):
                try:
                    act(document, action, opinion)
                except Exception as error:
                    raise RuntimeError(f"{actor} could not {action} at {state}") from error

        timed(seconds, action, step)
        state = api.content.get_state(obj=document)
    worker_renders(document, seconds)
    # 归档 by the archivist through its one path (archive.filing.archive_document)
    timed(seconds, rules.ARCHIVE, lambda: archive_as(document))


def worker_renders(document, seconds):
    start = time.perf_counter()
    if render_waiting(document):
        seconds[RENDERS].append(time.perf_counter() - start)


def main(app):
    args = parse_args()
    site = open_site(app, args.site, 30000)
    app.REQUEST["LANGUAGE"] = "zh-cn"
    rng = random.Random(args.seed)
    seconds = collections.defaultdict(list)
    start = time.perf_counter()
    for i in range(args.count):
        walk_one(site, rng, f"{args.seed}-{i + 1}", seconds)
    elapsed = time.perf_counter() - start
    renders = sum(seconds[RENDERS])
    zope = elapsed - renders
    print(f"walked {args.count} 发文 to 已归档 in {elapsed:.1f} s")
    print(f"walk rate, renders in the workers: {args.count / zope:.2f} documents/s")
    print(f"walk rate, renders inline: {args.count / elapsed:.2f} documents/s")
    print(f"{'step':<28}{'n':>6}{'median ms':>12}{'total s':>10}")
    for label, values in sorted(seconds.items(), key=lambda item: -sum(item[1])):
        print(
            f"{label:<28}{len(values):>6}{statistics.median(values) * 1000:>12.1f}"
            f"{sum(values):>10.1f}"
        )


if __name__ == "__main__":
    main(app)  # noqa: F821 - injected by zconsole
