"""Give a department head ``--count`` 待办 on a demo site, for the front-page benchmarks.

    .venv/bin/zconsole run <var>/instance/etc/zope.conf bench/todo_items.py \\
        [--count 100 | --until 120] [--at dept_review | numbering] [--site Plone]

``--until N`` adds as many as the holder lacks to have N 待办 in all (none when he has them):
sites of different sizes compared with the same in-tray (``bench/growth.py``).
Stop the server first: FileStorage admits one process. Needs the demo organisation. Each
发文 is drafted by cy_eng_staff in 工程管理科 as the add form does
(``tests.support.outgoing.draft_outgoing``) and submitted (``routing.actions.act``): it
waits in 科室审核 for cy_eng_head (``HOLDER``), in his 我的待办. ``--at numbering`` walks each
on to 登记编号 by the assignee of each step (``populate_outgoing``'s users and opinions, as
``walk_rate.py``): it waits for cy_print, whose in-tray ``growth.py`` numbers. Commits every 50.
"""

import argparse
import inspect
import random
import sys
from pathlib import Path

import transaction
from plone import api

# zconsole runs this without __file__: the code object knows where it is.
HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import populate_outgoing as walk  # noqa: E402
from populate_common import open_site  # noqa: E402
from populate_common import script_argv  # noqa: E402

from collective.gongwen.routing import rules  # noqa: E402
from collective.gongwen.steps.todo import todo_brains  # noqa: E402
from tests.support.outgoing import draft_outgoing  # noqa: E402

HOLDER = "cy_eng_head"
BATCH = 50
# --at: the step the added 发文 wait at, and who holds it there.
STEPS = {"dept_review": (rules.DEPT_REVIEW, HOLDER), "numbering": (rules.NUMBERING, "cy_print")}


def walk_to(document, step):
    """Act on ``document`` as each step's assignee (``populate_outgoing.step``) until it
    waits at ``step``."""
    rng = random.Random(document.getId())
    while api.content.get_state(obj=document) != step:
        walk.step(document, rng)


def main(app):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument(
        "--until", type=int, default=0, help="add until the holder has this many 待办 in all"
    )
    parser.add_argument("--at", choices=STEPS, default="dept_review")
    parser.add_argument("--site", default="Plone")
    args = parser.parse_args(script_argv())
    if not 0 < args.count <= 10000 or not 0 <= args.until <= 10000:
        parser.error("--count 1–10,000, --until 0–10,000")
    site = open_site(app, args.site, 30000)
    step, holder = STEPS[args.at]
    count = args.count
    if args.until:
        with api.env.adopt_user(username=holder):
            count = max(args.until - len(todo_brains(holder)), 0)
    for number in range(1, count + 1):
        title = f"关于报送防汛物资清单的通知（待办第{number}号）"
        document = draft_outgoing(site, title=title, main_recipients=["局属各科室"])
        walk_to(document, step)
        if number % BATCH == 0 or number == count:
            transaction.commit()
    with api.env.adopt_user(username=holder):
        print(f"{holder}: {len(todo_brains(holder))} 待办", flush=True)


if __name__ == "__main__":
    main(app)  # noqa: F821 - injected by zconsole
