"""Locust scenario of a bureau's morning (issue 21 item 4), run from ``.venv-bench``.

    make bench-venv
    .venv-bench/bin/locust -f bench/locust/gongwen_morning.py --headless \\
        -H http://127.0.0.1:8080/Plone -u 50 -r 5 -t 10m --csv bench/out/load

(``bench/load_cluster.py`` runs it against clusters of 1, 2 and 4 instances.) Each virtual
user is one demo staff account (``scenario.account_for``) and, after logging in through
Plone's login form (the ``__ac`` cookie), repeats a clerk's round: the front page, 我的待办,
a document from it, a page of one of its files in the viewer (the image the viewer shows),
an action with an opinion on a document waiting for them alone (退回 a reviewed one, 提交 a
returned one: the pool does not drain; the form's own CSRF token), and a 公文检索 with a
query of ``bench/search_corpus/queries.json``, thinking 2–8 s between pages
(``GONGWEN_LOAD_THINK=MIN,MAX``; ``0,0`` for a closed loop; ``GONGWEN_LOAD_ACCOUNTS=bench:N``
adds the accounts of bench/bench_users.py). Requests are
named by type; an error is a status outside 2xx/3xx or an error page (``scenario.error_in``).
"""

import os
import random
import sys
from itertools import count
from pathlib import Path

from locust import HttpUser
from locust import task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scenario  # noqa: E402

QUERIES = scenario.load_queries()
NUMBERS = count()
THINK = scenario.think_range(os.environ.get("GONGWEN_LOAD_THINK", ""))
ACCOUNTS = scenario.accounts_from(os.environ.get("GONGWEN_LOAD_ACCOUNTS", ""))


class Clerk(HttpUser):
    """One member of staff of the demo organisation."""

    def wait_time(self):
        return scenario.think_time(self.rng, *THINK)

    def on_start(self):
        self.login = scenario.account_for(next(NUMBERS), ACCOUNTS)
        self.rng = random.Random(self.login)
        self.client.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
        self.log_in()

    # -- one request, checked ----------------------------------------------------------------

    def fetch(self, name, url, method="GET", **kwargs):
        """``url`` as request type ``name``; the page's text, or None when it failed."""
        with self.client.request(
            method, url, name=name, catch_response=True, timeout=120, **kwargs
        ) as response:
            text = response.text or ""
            error = scenario.error_in(response.status_code, text)
            if error:
                response.failure(f"{self.login}: {error}")
                return None
            response.success()
            return text

    def log_in(self):
        data = {
            "__ac_name": self.login,
            "__ac_password": scenario.PASSWORD,
            "buttons.login": "登录",
            "came_from": "",
        }
        with self.client.post(
            "/login", data=data, name=scenario.LOGIN, catch_response=True, timeout=120
        ) as response:
            if "__ac" not in self.client.cookies:
                response.failure(f"{self.login}: not logged in (HTTP {response.status_code})")
            else:
                response.success()
                return
        # Never guess again: five wrong passwords lock the account.
        raise StopUser()

    # -- the morning -------------------------------------------------------------------------

    @task
    def morning(self):
        self.fetch(scenario.FRONT, "/")
        self.wait()
        todo = self.fetch(scenario.TODO, "/@@gongwen-todo")
        rows = scenario.todo_rows(todo or "")
        self.wait()
        for document, shared in self.rng.sample(rows, min(len(rows), 3)):
            page = self.fetch(scenario.DOCUMENT, document)
            if page is None:
                continue
            self.wait()
            self.view_a_file(page, document)
            # Several holders: only read (two acting at once, one is told it was done).
            if not shared and self.act(page):
                break
        self.search()

    def view_a_file(self, page, document):
        files = scenario.file_links(page, document)
        if not files:
            return
        file_page = self.fetch(scenario.FILE_VIEW, self.rng.choice(files))
        image = scenario.page_image_url(file_page or "")
        if image:
            self.fetch(scenario.VIEWER, image)
        self.wait()

    def act(self, page):
        form = scenario.act_form(page)
        if form is None:
            return False
        url, fields, actions = form
        action = scenario.chosen_action(actions)
        if action is None or not url:
            return False
        # The redirect back to the document is followed: the status message is on that page.
        answer = self.fetch(
            scenario.ACT, url, method="POST", data=scenario.act_data(fields, action)
        )
        self.wait()
        return answer is not None

    def search(self):
        query = self.rng.choice(QUERIES)
        self.fetch(scenario.SEARCH, "/@@gongwen-search", params={"q": query})
