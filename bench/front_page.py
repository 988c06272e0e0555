"""Front-page response time of a running portal.

    .venv/bin/python bench/front_page.py [--url http://127.0.0.1:8080/Plone]
                                         [--requests 50] [--login admin:admin]

Sends the requests one after another (a person opening the portal, not a
load test), after a few warm-up requests, and prints the median, 90th
percentile and maximum in milliseconds, anonymous and, with --login, logged in.
"""

import argparse
import statistics
import time

import requests

WARM_UP = 5


def measure(url, count, auth=None):
    """Seconds each of ``count`` sequential GETs of ``url`` took (after warm-up)."""
    session = requests.Session()
    session.auth = auth
    for _ in range(WARM_UP):
        session.get(url, timeout=60).raise_for_status()
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        session.get(url, timeout=60).raise_for_status()
        timings.append(time.perf_counter() - start)
    return timings


def summary(timings):
    """'median … ms, p90 … ms, max … ms' for a list of seconds."""
    ms = sorted(t * 1000 for t in timings)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * len(ms))) - 1)]
    return f"median {statistics.median(ms):.1f} ms, p90 {p90:.1f} ms, max {ms[-1]:.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080/Plone")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--login", help="login:password for the logged-in figures")
    args = parser.parse_args()
    print(f"front page {args.url}, {args.requests} sequential requests")
    print(f"  anonymous: {summary(measure(args.url, args.requests))}")
    if args.login:
        login, _, password = args.login.partition(":")
        print(f"  {login}: {summary(measure(args.url, args.requests, (login, password)))}")


if __name__ == "__main__":
    main()
