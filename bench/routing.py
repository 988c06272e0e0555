"""发文 routing speed of a running portal: ``@@gongwen-act`` transitions and 我的待办.

    .venv/bin/python bench/routing.py [--url http://127.0.0.1:8080/Plone]
                                      [--count 200] [--todo-items N]
                                      [--login admin:admin] [--keep]

Needs ``make start`` with the demo organisation (password ``gongwen2026``).
As cy_eng_staff (长垣河务局 工程管理科) it creates ``--count`` 下行文 drafts by
REST and submits them; then it times, per document, the POST of the action
panel's form to ``@@gongwen-act`` (CSRF token, state and opinion count as the
page renders them; the redirect is not followed, so the figure is the action
request alone): 同意 by cy_eng_head at 科室审核 and 同意 by cy_office_head at
办公室把关. ``@@gongwen-todo`` is timed for cy_eng_head and cy_office_head
while the drafts wait for them: with all of them waiting, or, with
``--todo-items N``, at the moment N items wait (the submissions and the
department head's approvals fill the two lists one by one; if the run has
too few drafts to reach N, at the end). The number of items rendered is
printed with the figure, and so is the number of 发文 (``gongwen_outgoing``)
in the catalog, read as the administrator: the targets of issue 5 are for a
site with 10,000 of them (``bench/populate_outgoing.py`` makes such a site).
The drafts are deleted afterwards as the administrator unless ``--keep``.

With ``--trees new=.,old=/tmp/base`` (instead of ``--url``) it serves a new
demo site of each code tree side by side, each with its worker
(bench/sites.py), measures them in turn for ``--rounds`` rounds and prints
each row per tree with the ratio of its median and p95 to the last tree's,
pooled and per round (the spread).

Times are client round trips on the same machine, in milliseconds.
"""

import argparse
import html
import re
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stats import summary  # noqa: E402

PASSWORD = "gongwen2026"
UNIT = "changyuan"
DRAFTER = "cy_eng_staff"
DEPT_HEAD = "cy_eng_head"
OFFICE_HEAD = "cy_office_head"
TODO_RENDERS = 20


class User:
    """One demo user's session (HTTP basic auth)."""

    def __init__(self, url, user_id, password=PASSWORD):
        self.url = url.rstrip("/")
        self.id = user_id
        self.session = requests.Session()
        self.session.auth = (user_id, password)
        self.session.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
        self._token = None

    def json(self, method, url, **kwargs):
        response = self.session.request(
            method, url, headers={"Accept": "application/json"}, timeout=120, **kwargs
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def form_fields(self, document):
        """The hidden fields of the 办理 form on ``document``'s page."""
        response = self.session.get(document, timeout=120)
        response.raise_for_status()
        form = re.search(r'<form[^>]*class="gongwen-act".*?</form>', response.text, re.S)
        if not form:
            raise RuntimeError(f"{self.id} sees no 办理 form on {document}")
        fields = {}
        for tag in re.findall(r"<input[^>]*>", form.group(0)):
            name = re.search(r'name="([^"]*)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name and 'type="hidden"' in tag:
                fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
        return fields

    def act(self, document, action, opinion, state, seen):
        """POST the 办理 form; return milliseconds. The CSRF token is the user's, read once."""
        if self._token is None:
            fields = self.form_fields(document)
            self._token = fields["_authenticator"]
            if (fields["state"], fields["seen"]) != (state, str(seen)):
                raise RuntimeError(f"unexpected form {fields} on {document}")
        data = {
            "_authenticator": self._token,
            "state": state,
            "seen": str(seen),
            "action": action,
            "opinion": opinion,
        }
        start = time.perf_counter()
        response = self.session.post(
            f"{document}/@@gongwen-act", data=data, allow_redirects=False, timeout=120
        )
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 302:
            raise RuntimeError(f"{action} on {document}: HTTP {response.status_code}")
        return elapsed

    def todo(self):
        """Render 我的待办; return (milliseconds, number of items)."""
        start = time.perf_counter()
        response = self.session.get(f"{self.url}/@@gongwen-todo", timeout=120)
        elapsed = (time.perf_counter() - start) * 1000
        response.raise_for_status()
        return elapsed, response.text.count('class="gongwen-todo-item"')

    def state(self, document):
        return self.json("GET", document)["review_state"]


def outgoing_total(admin):
    """How many 发文 the catalog holds (REST @search as the administrator)."""
    found = admin.json(
        "GET",
        f"{admin.url}/@search",
        params={"portal_type": "gongwen_outgoing", "b_size": 1},
    )
    return found["items_total"]


def act_all(actor, documents, action, opinion, state, seen, watcher, before, wanted):
    """``actor`` does ``action`` on each document; ``watcher``'s 我的待办 is timed on the way.

    Each action adds one item to ``watcher``'s list, which had ``before``: the
    list is timed when it holds ``wanted`` items (``None``: after the last).
    Returns (action milliseconds, [(todo milliseconds, items)]).
    """
    at = len(documents) if wanted is None else max(0, wanted - before)
    if at > len(documents):
        print(
            f"note: {watcher.id} reaches only {before + len(documents)} items, not {wanted}",
            file=sys.stderr,
        )
    action_ms = []
    todo = None
    for i, document in enumerate(documents):
        if i == at:
            todo = [watcher.todo() for _ in range(TODO_RENDERS)]
        action_ms.append(actor.act(document, action, opinion, state, seen))
    if todo is None:
        todo = [watcher.todo() for _ in range(TODO_RENDERS)]
    return action_ms, todo


def measure(url, count, todo_items, login, keep):
    """Create ``count`` drafts on the site at ``url`` and time them; ``{row: [ms]}``.

    Prints the site's size and the items in each 我的待办 on the way.
    """
    drafter, dept_head, office_head = (User(url, u) for u in (DRAFTER, DEPT_HEAD, OFFICE_HEAD))
    admin = User(url, *login.split(":", 1))

    department = drafter.json("GET", f"{url}/{UNIT}/engineering")["UID"]
    _, before_dept = dept_head.todo()
    _, before_office = office_head.todo()
    total = outgoing_total(admin)
    stamp = time.strftime("%H%M%S")
    documents = []
    create_ms = []
    print(
        f"portal: {url}; {total} 发文 (gongwen_outgoing) in the catalog; "
        f"creating {count} drafts as {DRAFTER} …",
        flush=True,
    )
    try:
        for i in range(count):
            start = time.perf_counter()
            created = drafter.json(
                "POST",
                f"{url}/{UNIT}/outgoing",
                json={
                    "@type": "gongwen_outgoing",
                    "title": f"办理基准 {stamp} 第{i + 1}号通知",
                    "doc_kind": "notice",
                    "direction": "downward",
                    "drafting_department": department,
                    "text": {
                        "data": "<p>请各部门认真做好汛前检查。</p>",
                        "content-type": "text/html",
                        "encoding": "utf8",
                    },
                },
            )
            create_ms.append((time.perf_counter() - start) * 1000)
            documents.append(created["@id"])

        submit_ms, todo_dept = act_all(
            drafter, documents, "submit", "", "draft", 0, dept_head, before_dept, todo_items
        )
        dept_ms, todo_office = act_all(
            dept_head,
            documents,
            "approve",
            "同意。",
            "dept_review",
            1,
            office_head,
            before_office,
            todo_items,
        )
        office_ms = [
            office_head.act(d, "approve", "请李局长签发。", "office_review", 2) for d in documents
        ]
        states = {drafter.state(d) for d in documents[:: max(1, len(documents) // 10)]}
        if states != {"leader_sign"}:
            raise RuntimeError(f"documents did not all reach leader_sign: {states}")
        print(
            f"发文 in the site: {outgoing_total(admin)} (gongwen_outgoing, catalog); 我的待办 "
            f"timed with cy_eng_head {todo_dept[0][1]} items, cy_office_head "
            f"{todo_office[0][1]} items (before the run: {before_dept}, {before_office})",
            flush=True,
        )
        return {
            "REST create draft (cy_eng_staff)": create_ms,
            "@@gongwen-act 提交 draft→dept_review": submit_ms,
            "@@gongwen-act 同意 dept_review→office_review": dept_ms,
            "@@gongwen-act 同意 office_review→leader_sign": office_ms,
            "@@gongwen-todo cy_eng_head": [ms for ms, _ in todo_dept],
            "@@gongwen-todo cy_office_head": [ms for ms, _ in todo_office],
        }
    finally:
        if not keep and documents:
            for document in documents:
                admin.session.delete(document, headers={"Accept": "application/json"}, timeout=120)
            print(f"deleted {len(documents)} drafts", file=sys.stderr)


def compare(trees, rounds, count, todo_items):
    """The same measuring on a demo site of each tree (``{label: path}``), served side by
    side; ``rounds`` rounds taken in turn, tree after tree; ratios against the first tree."""
    from bench.sites import demo_sites
    from bench.stats import comparison

    with (
        tempfile.TemporaryDirectory(prefix="gongwen-bench-routing-") as folder,
        demo_sites(trees, folder) as sites,
    ):
        results = {label: {} for label in trees}
        for number in range(rounds):
            for label, site in sites.items():
                print(f"round {number + 1}/{rounds}: {label} ({trees[label]})", flush=True)
                rows = measure(site.url, count, todo_items, "admin:admin", keep=False)
                for row, values in rows.items():
                    results[label].setdefault(row, []).append(values)
    print()
    comparison(results, baseline=list(trees)[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080/Plone")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument(
        "--todo-items",
        type=int,
        default=None,
        metavar="N",
        help="time 我的待办 when it holds N items (default: with all the drafts waiting)",
    )
    parser.add_argument(
        "--login", default="admin:admin", help="administrator, for the count and the clean-up"
    )
    parser.add_argument("--keep", action="store_true", help="keep the drafts")
    parser.add_argument(
        "--trees",
        metavar="LABEL=PATH,…",
        help="instead of --url: serve a new demo site of each code tree side by side and "
        "compare them, the last one the baseline (e.g. new=.,old=/tmp/base)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="with --trees: rounds per tree")
    args = parser.parse_args()
    if args.trees:
        from bench.sites import parse_trees

        compare(parse_trees(args.trees), args.rounds, args.count, args.todo_items)
        return
    rows = measure(args.url.rstrip("/"), args.count, args.todo_items, args.login, args.keep)
    print(f"{'':<44}{'n':>6}{'median':>10}{'p95':>10}{'min':>10}{'max':>10}  (ms)")
    for row, values in rows.items():
        summary(row, values)


if __name__ == "__main__":
    main()
