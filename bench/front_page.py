"""Front-page response time of a running portal (R-P1; issue 9's targets).

    .venv/bin/python bench/front_page.py [--url http://127.0.0.1:8080/Plone]
        [--requests 50] [--login cy_eng_staff:gongwen2026 ...]

Sends the requests one after another (a person opening the portal, not a
load test), after a few warm-up requests, anonymously and then as each
``--login`` (HTTP basic authentication, so every request pays for the
user's 待办/待阅 and columns), and prints one row each: n, median, p95, min
and max in milliseconds. Each logged-in row says how many 待办 the page
counted for that user. Targets on a site with 20,000 documents and 500
notices/news (``populate_portal.py``): anonymous ≤ 150 ms median, a user with
100 to-do items ≤ 300 ms median.
"""

import argparse
import re
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stats import summary  # noqa: E402

WARM_UP = 5
TODO_COUNT = re.compile(r'gongwen-front-todo-count">\s*(\d+)')


def measure(url, count, auth=None):
    """Milliseconds of ``count`` sequential GETs of ``url`` (after warm-up), and the last page."""
    session = requests.Session()
    session.auth = auth
    for _ in range(WARM_UP):
        session.get(url, timeout=60).raise_for_status()
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        response = session.get(url, timeout=60)
        timings.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    return timings, response.text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080/Plone")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--login", action="append", default=[], help="login:password")
    args = parser.parse_args()
    print(f"front page {args.url}, {args.requests} sequential requests (ms)")
    print(f"{'':<44}{'n':>6}{'median':>10}{'p95':>10}{'min':>10}{'max':>10}")
    timings, _page = measure(args.url, args.requests)
    summary("anonymous", timings)
    for login in args.login:
        user, _, password = login.partition(":")
        timings, page = measure(args.url, args.requests, (user, password))
        found = TODO_COUNT.search(page)
        if found is None:
            sys.exit(f"{user}: the page has no 待办 panel (wrong password?)")
        summary(f"{user} ({found.group(1)} 待办)", timings)


if __name__ == "__main__":
    main()
