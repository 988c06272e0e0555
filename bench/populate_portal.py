"""Fill a demo site for the front-page benchmark (issue 9: "20,000 documents and 500 notices/news").

    .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/populate_portal.py \\
        [--documents 20000] [--publications 500] [--todo 100] [--site Plone] [--seed 9]

Stop the server first: FileStorage admits one process. Needs the demo
organisation (``make start`` with DEMO=1). Each run *adds* to 长垣河务局:

- ``--documents`` 发文 and 收文, half each, created by their drafter or
  registering secretary (so they get their 收文编号, owners and local roles
  as in real use) and then put at their final state — 发文 已归档, 收文 结束 or
  已归档 — directly through the workflow tool, the step's assignees cleared.
  That is what most of a bureau's documents are, and it costs a fraction of
  walking every step (``populate_outgoing.py`` and ``populate_incoming.py``
  walk them, at about 7 documents/s). One 收文 in fifty is published to the
  front page's 收文 column (R-I6) as the secretaries do.
- ``--publications`` 通知公告 and 工作动态, half each, through the
  publication workflow: drafted and submitted by staff, published by the
  unit's 编辑, dated over the last year.
- ``--todo`` 发文 drafts by cy_eng_staff (工程管理科), each in his 我的待办:
  the benchmark's logged-in user.

Commits every 500 items and prints the progress and the rate.
"""

import argparse
import datetime
import inspect
import random
import sys
import time
from pathlib import Path

import transaction
from DateTime import DateTime
from plone import api
from plone.app.textfield.value import RichTextValue
from zope.component.hooks import setSite

from collective.gongwen.incoming.subscribers import publish
from collective.gongwen.steps.roles import hand_over

# zconsole runs this without __file__: the code object knows where it is.
sys.path.insert(0, str(Path(inspect.currentframe().f_code.co_filename).resolve().parent))

from populate_common import SUBJECTS  # noqa: E402
from populate_common import script_argv  # noqa: E402

UNIT = "changyuan"
BATCH = 500
TODO_USER = "cy_eng_staff"
EDITOR = "cy_office_deputy"
DRAFTERS = (
    ("cy_eng_staff", "engineering"),
    ("cy_flood_staff", "flood"),
    ("cy_fin_staff", "finance"),
    ("cy_secretary1", "office"),
)
SECRETARIES = ("cy_secretary1", "cy_secretary2")
SOURCES = ("新乡河务局", "长垣市人民政府", "濮阳河务局", "河南黄河河务局")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--publications", type=int, default=500)
    parser.add_argument("--todo", type=int, default=100)
    parser.add_argument("--site", default="Plone")
    parser.add_argument("--seed", type=int, default=9)
    return parser.parse_args(script_argv())


def html(text):
    return RichTextValue(f"<p>{text}</p>", "text/html", "text/x-html-safe")


def settle(document, workflow_id, state):
    """Put ``document`` at ``state`` of ``workflow_id`` with nobody left to act on it."""
    workflow_tool = api.portal.get_tool("portal_workflow")
    status = dict(workflow_tool.getStatusOf(workflow_id, document) or {})
    status.update(review_state=state, action=None, time=DateTime())
    workflow_tool.setStatusOf(workflow_id, document, status)
    workflow_tool[workflow_id].updateRoleMappingsFor(document)
    hand_over(document, ())
    document.reindexObject()


def new_outgoing(unit, rng, number, drafter, department, state=None):
    direction = "upward" if rng.random() < 0.3 else "downward"
    kind, kind_title = ("report", "报告") if direction == "upward" else ("notice", "通知")
    with api.env.adopt_user(username=drafter):
        document = api.content.create(
            container=unit["outgoing"],
            type="gongwen_outgoing",
            id=f"bench-outgoing-{number}",
            title=f"关于{rng.choice(SUBJECTS)}的{kind_title}（批量第{number}号）",
            doc_kind=kind,
            direction=direction,
            drafting_department=unit[department].UID(),
            main_recipients=["新乡河务局"] if direction == "upward" else ["局属各科室"],
            text=html(f"第{number}号：请各部门认真落实，按时报送有关情况。"),
        )
    if state:
        settle(document, "gongwen_outgoing_workflow", state)
    return document


def new_incoming(unit, rng, number):
    with api.env.adopt_user(username=rng.choice(SECRETARIES)):
        document = api.content.create(
            container=unit["incoming"],
            type="gongwen_incoming",
            id=f"bench-incoming-{number}",
            title=f"关于{rng.choice(SUBJECTS)}的通知（来文第{number}号）",
            source_organ=rng.choice(SOURCES),
            source_number=f"批〔2026〕{number}号",
            received_date=datetime.date.today(),
            copies=1,
            doc_kind="notice",
            urgency="normal",
            classification="none",
        )
    settle(document, "gongwen_incoming_workflow", "archived" if rng.random() < 0.6 else "done")
    if rng.random() < 0.02:
        publish(document)
        document.reindexObject()
    return document


def new_publication(unit, rng, number):
    """A published 通知公告 (even numbers) or 工作动态 (odd), dated within the last year."""
    subject = rng.choice(SUBJECTS)
    if number % 2:
        author, department = rng.choice(DRAFTERS)
        container, portal_type = unit[department], "gongwen_news"
        title = f"{unit[department].Title()}{subject}工作进展（第{number}期）"
    else:
        author, container, portal_type = rng.choice(SECRETARIES), unit, "gongwen_notice"
        title = f"关于{subject}的通知（第{number}号）"
    with api.env.adopt_user(username=author):
        item = api.content.create(
            container=container, type=portal_type, id=f"bench-publication-{number}", title=title
        )
        api.content.transition(obj=item, transition="submit")
    with api.env.adopt_user(username=EDITOR):
        api.content.transition(obj=item, transition="publish")
    item.setEffectiveDate(DateTime() - rng.uniform(0, 365))
    item.reindexObject(idxs=["effective"])
    return item


def run(label, count, make):
    """Call ``make(i)`` ``count`` times, committing every ``BATCH``; print the rate."""
    start = time.perf_counter()
    for i in range(count):
        make(i)
        if (i + 1) % BATCH == 0 or i + 1 == count:
            transaction.commit()
            elapsed = time.perf_counter() - start
            print(f"  {label}: {i + 1}/{count}, {(i + 1) / elapsed:.1f}/s", flush=True)


def main(app):
    args = parse_args()
    site = app[args.site]
    setSite(site)
    unit = site[UNIT]
    rng = random.Random(args.seed)
    catalog = api.portal.get_tool("portal_catalog")
    base = len(catalog.unrestrictedSearchResults(path="/".join(unit.getPhysicalPath())))
    with api.env.adopt_roles(["Manager"]):
        half = args.documents // 2

        def outgoing(i):
            drafter, department = rng.choice(DRAFTERS)
            new_outgoing(unit, rng, base + i, drafter, department, "archived")

        run("发文 (已归档)", half, outgoing)
        run(
            "收文 (结束/已归档)", args.documents - half, lambda i: new_incoming(unit, rng, base + i)
        )
        run("通知公告/工作动态", args.publications, lambda i: new_publication(unit, rng, base + i))
        run(
            f"{TODO_USER}'s drafts (待办)",
            args.todo,
            lambda i: new_outgoing(unit, rng, f"todo-{base + i}", TODO_USER, "engineering"),
        )
    print(f"catalog: {len(catalog)} entries", flush=True)


if __name__ == "__main__":
    main(app)  # noqa: F821 (zconsole run provides ``app``)
