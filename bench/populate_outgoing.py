"""Fill a demo site with 发文 for the routing benchmarks (issue 5: "10,000 outgoing documents").

    .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/populate_outgoing.py \\
        [--count 10000] [--site Plone] [--todo-cap 90] [--seed 5]

Stop the server first: FileStorage admits one process. Needs the demo
organisation (``make start`` with DEMO=1). Each run *adds* ``--count``
documents to 长垣河务局's 发文 folder (``changyuan/outgoing``, where
``bench/routing.py`` posts its drafts); titles continue the numbering of the
documents already there, so running it twice gives twice as many.

Each document is drafted by one of the demo drafters of four departments,
with an electronic body (rich text, no file: nothing is queued for
conversion) and a 主送机关, then moved on with ``actions.act`` by the
assignee of each step, with an opinion where one is required. The spread
of final states is realistic: most sent or archived, a few in each review
and processing step, some with a return to the drafter on the way.

So that the benchmark can time 我的待办 at about 100 items, at most
``--todo-cap`` documents are left waiting for each of cy_eng_head and
cy_office_head (the benchmark's reviewers), counting what is there already;
a document that would exceed the cap is moved on to 已发送.

Commits every 200 documents and prints the progress and the rate.
"""

import argparse
import inspect
import os
import random
import sys
import time
from pathlib import Path

import transaction
from plone import api
from plone.app.textfield.value import RichTextValue
from zope.component.hooks import setSite

from collective.gongwen.routing import rules
from collective.gongwen.routing.actions import act
from collective.gongwen.steps.people import principals_of
from collective.gongwen.steps.roles import current_assignees

# zconsole runs this without __file__: the code object knows where it is.
HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # bench/ and the repository (tests.support)

from populate_common import SUBJECTS  # noqa: E402
from populate_common import script_argv  # noqa: E402

from tests.support.renders import run_render_jobs  # noqa: E402

UNIT = "changyuan"
WATCHED = ("cy_eng_head", "cy_office_head")
BATCH = 200
# (drafter, department)
DRAFTERS = (
    ("cy_eng_staff", "engineering"),
    ("cy_flood_staff", "flood"),
    ("cy_fin_staff", "finance"),
    ("cy_secretary1", "office"),
)
# Final state → weight (per cent).
SPREAD = {
    rules.ARCHIVED: 55,
    rules.SENT: 25,
    rules.SECRETARY_CHECK: 3,
    rules.NUMBERING: 3,
    "sign": 4,  # leader_sign (下行) or director_sign (上行)
    rules.LEADER_REVIEW: 2,  # 上行 only; 下行 stops at leader_sign
    rules.OFFICE_REVIEW: 3,
    rules.DEPT_REVIEW: 3,
    rules.DRAFT: 2,
}
RETURN_RATE = 0.05
KINDS = {"upward": ("report", "报告"), "downward": ("notice", "通知")}
RECIPIENTS = {"upward": ["新乡河务局"], "downward": ["局属各科室"]}
COPIED = {"upward": [], "downward": ["新乡河务局"]}
OPINIONS = {
    rules.APPROVE: ("同意。", "同意，请办公室把关。", "文字已核，请领导审阅。", "同意，请签发。"),
    rules.SIGN: ("同意印发。", "同意。", "同意上报。"),
    rules.RETURN: ("请修改后再报。", "数据需核实，请修改。"),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--site", default="Plone")
    parser.add_argument("--todo-cap", type=int, default=90)
    parser.add_argument("--seed", type=int, default=5)
    return parser.parse_args(script_argv())


def pending(user_id):
    catalog = api.portal.get_tool("portal_catalog")
    return len(catalog.unrestrictedSearchResults(assignees=principals_of(user_id)))


_members = {}


def actor_for(document):
    """A user who is an assignee of ``document``'s current step (a group's first member)."""
    for principal in current_assignees(document):
        if api.user.get(userid=principal) is not None:
            return principal
        if principal not in _members:
            users = api.user.get_users(groupname=principal)
            _members[principal] = sorted(u.getId() for u in users)
        if _members[principal]:
            return _members[principal][0]
    raise RuntimeError(f"nobody to act on {document.absolute_url()}")


def action_for(step):
    return {
        rules.DRAFT: rules.SUBMIT,
        rules.DEPT_REVIEW: rules.APPROVE,
        rules.OFFICE_REVIEW: rules.APPROVE,
        rules.LEADER_REVIEW: rules.APPROVE,
        rules.DIRECTOR_SIGN: rules.SIGN,
        rules.LEADER_SIGN: rules.SIGN,
        rules.NUMBERING: rules.NUMBER,
        rules.SECRETARY_CHECK: rules.SEND,
        rules.SENT: rules.ARCHIVE,
    }[step]


def step(document, rng, action=None):
    """Do the current step's action (or ``action``) as its assignee."""
    state = api.content.get_state(obj=document)
    action = action or action_for(state)
    choices = OPINIONS.get(action)
    opinion = rng.choice(choices) if choices else ""
    with api.env.adopt_user(username=actor_for(document)):
        act(document, action, opinion)
    if action == rules.NUMBER:
        # the worker's typesetting of the 正式文件, done here: 发送 waits for it (R-T1, R-RUN1)
        run_render_jobs(document, kinds=("official",))


def target_state(rng, direction):
    target = rng.choices(list(SPREAD), weights=list(SPREAD.values()))[0]
    if target == "sign":
        return rules.DIRECTOR_SIGN if rules.is_upward(direction) else rules.LEADER_SIGN
    if target == rules.LEADER_REVIEW and not rules.is_upward(direction):
        return rules.LEADER_SIGN
    return target


def over_cap(document, counts, cap):
    """True when ``document`` waits for a watched user who already has ``cap`` items."""
    assignees = set(getattr(document, "assignees", None) or ())
    return any(assignees & set(principals_of(u)) and counts[u] >= cap for u in WATCHED)


def count_pending(document, counts):
    assignees = set(getattr(document, "assignees", None) or ())
    for user_id in WATCHED:
        if assignees & set(principals_of(user_id)):
            counts[user_id] += 1


def populate(site, count, cap, seed):
    unit = site[UNIT]
    folder = unit["outgoing"]
    catalog = api.portal.get_tool("portal_catalog")
    path = "/".join(folder.getPhysicalPath())
    already = len(catalog.unrestrictedSearchResults(portal_type="gongwen_outgoing", path=path))
    rng = random.Random(seed + already)
    counts = {u: pending(u) for u in WATCHED}
    print(f"{already} 发文 in {path}; adding {count}; pending now {counts}", flush=True)
    finals = {}
    start = batch_start = time.perf_counter()
    for i in range(count):
        number = already + i + 1
        direction = "upward" if rng.random() < 0.3 else "downward"
        kind, kind_title = KINDS[direction]
        drafter, department = rng.choice(DRAFTERS)
        with api.env.adopt_user(username=drafter):
            document = api.content.create(
                container=folder,
                type="gongwen_outgoing",
                title=f"关于{rng.choice(SUBJECTS)}的{kind_title}（批量第{number}号）",
                doc_kind=kind,
                direction=direction,
                drafting_department=unit[department].UID(),
                main_recipients=RECIPIENTS[direction],
                cc_recipients=COPIED[direction],
                text=RichTextValue(
                    f"<p>第{number}号：请各部门认真落实，按时报送有关情况。</p>",
                    "text/html",
                    "text/x-html-safe",
                ),
            )
        target = target_state(rng, direction)
        returned = rng.random() >= 1 - RETURN_RATE
        state = rules.DRAFT
        while state != target or over_cap(document, counts, cap):
            if returned and state == rules.DEPT_REVIEW:
                step(document, rng, rules.RETURN)
                returned = False
            else:
                step(document, rng)
            state = api.content.get_state(obj=document)
            if state == rules.ARCHIVED:
                break
            if over_cap(document, counts, cap) and target not in (rules.SENT, rules.ARCHIVED):
                target = rules.SENT
        count_pending(document, counts)
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
    total = len(catalog.unrestrictedSearchResults(portal_type="gongwen_outgoing"))
    print(f"done: {count} documents in {elapsed:.0f} s ({count / elapsed:.1f} docs/s)")
    print(f"final states of this run: {dict(sorted(finals.items()))}")
    print(f"gongwen_outgoing in the site: {total}; pending {counts}", flush=True)


def main(app):
    args = parse_args()
    os.environ.setdefault("TZ", "Asia/Shanghai")
    time.tzset()
    site = app[args.site]
    setSite(site)
    request = app.REQUEST
    request["LANGUAGE"] = "zh-cn"
    request.environ["HTTP_ACCEPT_LANGUAGE"] = "zh-cn"
    populate(site, args.count, args.todo_cap, args.seed)


if __name__ == "__main__":  # bench/walk_rate.py imports its steps
    main(app)  # noqa: F821 - injected by zconsole
