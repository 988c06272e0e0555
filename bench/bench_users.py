"""Staff accounts for the load test: ``bench_user_001`` … ``bench_user_NNN`` (issue 21 item 4).

    .venv/bin/zconsole run <instance>/etc/zope.conf bench/bench_users.py [--count 200] \\
        [--site Plone]

The demo organisation has 26 staff accounts; 200 virtual users need more, or they share. Each
account is a 科员 (a department's member: they draft, and see what their department sees)
of one of the demo departments that draft 发文, in turn in the generator's proportions
(``generate_lib``'s drafting departments: 长垣 防汛办公室, 工程管理科, 财务科, 新乡 水政科), with
the demo password ``gongwen2026`` (made as the demo accounts are, outside the password
policy: training sites only). Made through ``setuphandlers.demo`` (``ensure_person``,
``add_members``), so the groups and the address book are as for any member. Running it again
makes only what is missing. The scenario uses them with ``GONGWEN_LOAD_ACCOUNTS=bench:200``
(``bench/locust/scenario.accounts_from``).
"""

import argparse
import inspect
import sys
from pathlib import Path

HERE = Path(inspect.currentframe().f_code.co_filename).resolve().parent
sys.path[:0] = [str(HERE), str(HERE / "locust")]

import scenario  # noqa: E402
from populate_common import open_site  # noqa: E402
from populate_common import script_argv  # noqa: E402

# (unit, department, weight): the drafting departments of bench/generate.py (11 : 9 : 7 : 4).
DEPARTMENTS = (
    ("changyuan", "flood", 11),
    ("changyuan", "engineering", 9),
    ("changyuan", "finance", 7),
    ("xinxiang", "water", 4),
)


def departments_in_turn(count):
    """The (unit, department) of each of ``count`` accounts, spread by the weights."""
    pool = [(unit, dept) for unit, dept, weight in DEPARTMENTS for _ in range(weight)]
    # interleave so that the first accounts already cover every department
    order = sorted(range(len(pool)), key=lambda i: (pool[:i].count(pool[i]), i))
    return [pool[order[number % len(pool)]] for number in range(count)]


def main(app):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--site", default="Plone")
    args = parser.parse_args(script_argv())
    if not 1 <= args.count <= scenario.BENCH_USERS_MAX:
        parser.error(f"--count 1–{scenario.BENCH_USERS_MAX}")

    import transaction
    from plone import api

    from collective.gongwen.org.functions import department_group_id
    from collective.gongwen.setuphandlers.demo import add_members
    from collective.gongwen.setuphandlers.demo import ensure_person

    open_site(app, args.site, 30000)
    made = 0
    with api.env.adopt_roles(["Manager"]):
        for number, (unit, department) in enumerate(departments_in_turn(args.count), start=1):
            login = scenario.bench_login(number)
            if api.user.get(userid=login) is not None:
                continue
            person = {"id": login, "fullname": f"测试用户{number:03d}", "job": "科员（负载测试）"}
            ensure_person(person, scenario.PASSWORD)
            add_members(department_group_id(unit, department, "members"), [login])
            made += 1
    transaction.get().note(f"bench/bench_users.py: {made} accounts")
    transaction.commit()
    print(f"bench users: {made} made, {args.count - made} already there")


if __name__ == "__main__":
    main(app)  # noqa: F821 - zconsole's app
